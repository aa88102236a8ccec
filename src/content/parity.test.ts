import { describe, expect, it } from 'vitest';
import { chapterProblems, parseChapterId } from './parity';

describe('chapter parity', () => {
  const ok = [
    { id: 'ja/00-prologue', order: 0, sections: 3 },
    { id: 'en/00-prologue', order: 0, sections: 3 },
    { id: 'ja/01-modular-addition', order: 1 },
    { id: 'en/01-modular-addition', order: 1 },
  ];

  it('accepts mirrored chapters', () => {
    expect(chapterProblems(ok)).toEqual([]);
  });

  it('refuses an empty collection', () => {
    expect(chapterProblems([])[0]).toMatch(/empty/);
  });

  it('names a chapter that exists in one language only', () => {
    const problems = chapterProblems([...ok, { id: 'ja/02-memorize', order: 2 }]);
    expect(problems).toEqual(['Chapter "02-memorize" has no en version (content/en/02-memorize.mdx).']);
  });

  it('refuses different section counts', () => {
    const problems = chapterProblems([
      { id: 'ja/00-prologue', order: 0, sections: 3 },
      { id: 'en/00-prologue', order: 0, sections: 4 },
    ]);
    expect(problems[0]).toMatch(/3 sections in ja but 4 in en/);
  });

  it('refuses an order that disagrees with the file prefix', () => {
    const problems = chapterProblems([
      { id: 'ja/00-prologue', order: 1 },
      { id: 'en/00-prologue', order: 1 },
    ]);
    expect(problems).toHaveLength(2);
  });

  it('refuses non-ASCII or unprefixed slugs and unknown languages', () => {
    expect(() => parseChapterId('ja/プロローグ')).toThrow(/NN-ascii-slug/);
    expect(() => parseChapterId('fr/00-prologue')).toThrow(/content\/<ja\|en>/);
    expect(parseChapterId('en/03-kernel-regime')).toEqual({ lang: 'en', slug: '03-kernel-regime' });
  });
});
