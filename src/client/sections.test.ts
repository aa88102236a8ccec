import { describe, expect, it } from 'vitest';
import { fragmentText } from './sections.ts';

describe('fragmentText', () => {
  it('decodes a well-formed fragment, so an encoded and a plain id compare equal', () => {
    expect(fragmentText('#%E3%81%AF%E3%81%98%E3%82%81%E3%81%AB')).toBe('#はじめに');
    expect(fragmentText('#intro')).toBe('#intro');
    expect(fragmentText('')).toBe('');
  });

  it('returns a malformed fragment as written instead of throwing', () => {
    for (const hash of ['#%E0%A4%A', '#%', '#%zz', '#%E0%A4']) {
      expect(() => fragmentText(hash)).not.toThrow();
      expect(fragmentText(hash)).toBe(hash);
    }
  });

  it('tells a malformed fragment apart from the section id the address should move to', () => {
    expect(fragmentText('#%')).not.toBe(fragmentText(`#${encodeURIComponent('setup')}`));
  });
});
