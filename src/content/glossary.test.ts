import { describe, expect, it } from 'vitest';
import { displayTerm, GLOSSARY, GLOSSARY_GROUPS, glossaryEntry, termAnchor, tooltipId } from './glossary';

describe('glossary', () => {
  it('has unique, URL-safe ids', () => {
    const ids = GLOSSARY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('fills every group, and names a chapter of the article for every entry', () => {
    for (const group of GLOSSARY_GROUPS) expect(GLOSSARY.some((e) => e.group === group), group).toBe(true);
    for (const e of GLOSSARY) {
      expect(GLOSSARY_GROUPS).toContain(e.group);
      // Chapters 0–8 are the article; 9 onwards are appendices.
      expect(Number.isInteger(e.chapter) && e.chapter >= 0 && e.chapter <= 8, `${e.id}: chapter ${e.chapter}`).toBe(true);
    }
  });

  it('defines every term in both languages, written separately', () => {
    for (const e of GLOSSARY) {
      for (const lang of ['ja', 'en'] as const) {
        expect(e[lang].term.trim(), `${e.id}.${lang}.term`).not.toBe('');
        expect(e[lang].definition.length, `${e.id}.${lang}.definition`).toBeGreaterThan(30);
      }
      expect(e.ja.definition).not.toBe(e.en.definition);
      expect(e.ja.definition, e.id).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      // です・ます throughout, and whole sentences in both languages.
      expect(e.ja.definition, e.id).toMatch(/(です|ます|ました|ません|でした)。$/);
      expect(e.en.definition, e.id).toMatch(/[.)]$/);
    }
  });

  it('shows the English name beside the Japanese one, unless they are the same', () => {
    expect(displayTerm(glossaryEntry('grokking'), 'ja')).toBe('グロッキング（grokking）');
    expect(displayTerm(glossaryEntry('grokking'), 'en')).toBe('grokking');
    expect(displayTerm(glossaryEntry('adamw'), 'ja')).toBe('AdamW');
    expect(displayTerm(glossaryEntry('ntk'), 'ja')).toBe('ニューラルタンジェントカーネル（neural tangent kernel、NTK・eNTK）');
  });

  it('refuses an unknown id and lists the known ones', () => {
    expect(() => glossaryEntry('grok')).toThrow(/Unknown glossary term "grok"\. Known ids: grokking, /);
  });

  it('makes anchors and distinct tooltip ids', () => {
    expect(termAnchor('weight-decay')).toBe('term-weight-decay');
    expect(tooltipId('ipr')).not.toBe(tooltipId('ipr'));
  });
});
