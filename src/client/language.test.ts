import { describe, expect, it } from 'vitest';
import { preferredLang } from './language';

const store = (value: string | null) => ({ getItem: () => value });

describe('preferredLang', () => {
  it('follows the first supported browser language', () => {
    expect(preferredLang(['ja-JP', 'en-US'], null)).toBe('ja');
    expect(preferredLang(['fr-FR', 'en-GB', 'ja'], null)).toBe('en');
    expect(preferredLang(['de', 'JA'], null)).toBe('ja');
  });

  it('falls back to English for unsupported or missing languages', () => {
    expect(preferredLang(['fr', 'de'], null)).toBe('en');
    expect(preferredLang([], null)).toBe('en');
  });

  it("prefers the reader's explicit earlier choice", () => {
    expect(preferredLang(['en-US'], store('ja'))).toBe('ja');
    expect(preferredLang(['ja'], store('xx'))).toBe('ja');
  });
});
