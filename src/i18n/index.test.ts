import { describe, expect, it } from 'vitest';
import ja from './ja.json';
import en from './en.json';
import { LANGS, t, uiStrings } from './index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  it('both languages define exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  it('no string is empty', () => {
    for (const lang of LANGS) {
      for (const [key, value] of Object.entries(uiStrings(lang))) {
        expect(value.trim(), `${lang}:${key}`).not.toBe('');
      }
    }
  });

  it('each key uses the same placeholders in both languages', () => {
    for (const key of Object.keys(ja) as (keyof typeof ja)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(ja[key]));
    }
  });

  it('the two languages are written separately, not copied', () => {
    const identical = (Object.keys(ja) as (keyof typeof ja)[]).filter((k) => ja[k] === en[k]);
    expect(identical).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'chapter.minutes', { n: 7 })).toBe('7 min read');
    expect(t('ja', 'chapter.minutes', { n: 7 })).toBe('約 7 分');
    expect(t('en', 'chapter.minutes')).toBe('{n} min read');
  });
});

describe('fault messages', () => {
  it('every cause the engine reports has a message in both languages', async () => {
    const { faultFor } = await import('../model/train.ts');
    for (const share of [0.9, 0]) {
      const key = `live.fault.${faultFor(100, share).cause}`;
      for (const lang of LANGS) expect(uiStrings(lang)[key as keyof typeof ja], `${lang}:${key}`).toMatch(/\{step\}/);
    }
  });
});
