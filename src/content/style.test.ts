import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContent, ROOT } from './diskContent';
import { JA_BANNED_PHRASES, JA_CH08_BANNED_REQUESTS, JA_TERMS, styleHits, termBans } from './styleJa';

interface Source {
  file: string;
  text: string;
}

function read(file: string): Source {
  return { file, text: readFileSync(join(ROOT, file), 'utf8') };
}

// Every file that holds Japanese prose or UI text. styleJa.ts itself is left out because it lists the banned words.
function japaneseSources(): Source[] {
  const chapters = readContent()
    .filter((c) => c.lang === 'ja')
    .map((c) => ({ file: c.file, text: c.source }));
  const contentModules = readdirSync(join(ROOT, 'src/content'))
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && n !== 'styleJa.ts')
    .map((n) => read(`src/content/${n}`));
  return [...chapters, read('src/i18n/ja.json'), read('src/charts/labels.ts'), ...contentModules];
}

function report(sources: Source[], banned: { found: string; hint: string }[]): string[] {
  return sources.flatMap(({ file, text }) =>
    styleHits(text, banned).map((h) => `${file}:${h.line}:${h.column} 「${h.found}」: ${h.hint}`),
  );
}

describe('Japanese style sheet', () => {
  const sources = japaneseSources();

  it('reads the Japanese chapters and UI strings', () => {
    expect(sources.filter((s) => s.file.startsWith('content/ja/')).length).toBeGreaterThan(0);
    expect(sources.map((s) => s.file)).toContain('src/i18n/ja.json');
  });

  it('uses one term for each idea', () => {
    expect(report(sources, termBans())).toEqual([]);
  });

  it('explains formulas in Japanese sentences, not 「この式が言っているのは…」', () => {
    const banned = JA_BANNED_PHRASES.map((found) => ({ found, hint: 'explain the formula directly (つまり、式の意味は、言い換えると…)' }));
    expect(report(sources, banned)).toEqual([]);
  });

  it('lets chapter 8 speak as 「私たち」, proposing rather than asking permission', () => {
    const ch08 = sources.filter((s) => /^content\/ja\/08-/.test(s.file));
    expect(ch08).toHaveLength(1);
    const banned = JA_CH08_BANNED_REQUESTS.map((found) => ({ found, hint: 'say it as the team (…しましょう)' }));
    expect(report(ch08, banned)).toEqual([]);
  });

  it('finds a banned variant with its line and column', () => {
    const hits = styleHits('一行目\n乱数の種ではなくシードと書く', termBans());
    expect(hits).toEqual([{ line: 2, column: 9, found: 'シード', hint: 'use 「乱数の種」' }]);
  });

  it('agrees with the style sheet on every term', () => {
    const sheet = readFileSync(join(ROOT, 'src/content/style-ja.md'), 'utf8');
    for (const term of JA_TERMS) {
      expect(sheet).toContain(term.use);
      for (const variant of term.avoid) expect(sheet).toContain(variant);
    }
    for (const phrase of JA_BANNED_PHRASES) expect(sheet).toContain(phrase);
  });
});
