import { describe, expect, it } from 'vitest';
import { readContent } from './diskContent';
import { chapterProblems, componentProblems, componentSequence, parseChapterId } from './parity';

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

describe('component parity', () => {
  const ja = [
    '---',
    'title: 例',
    'description: "<LiveRun preset=\\"fake\\"> in frontmatter is not a use"',
    '---',
    "import LiveRun from '../../src/components/LiveRun.astro';",
    '',
    '<LiveRun preset="fast" lang="ja" autoplay>',
    '  本文 <Term id="grokking">グロッキング</Term>',
    '</LiveRun>',
    '',
    '```mdx',
    '<Figure kind="clock" />',
    '```',
    '',
    '<Scrolly id="clock" lang="ja">',
    "  <Figure slot=\"figure\" kind='clock' lang=\"ja\" p={12} />",
    "  <Step state={{ p: 12, hands: ['a'], f: (x) => x > 1 }}>",
    '',
    'テキスト',
    '',
    '  </Step>',
    '</Scrolly>',
  ].join('\n');
  const en = ja.replaceAll('lang="ja"', 'lang="en"').replace('グロッキング', 'grokking').replace('本文', 'Text');

  it('lists components in order with their preset and kind, skipping Term, code and frontmatter', () => {
    expect(componentSequence(ja)).toEqual([
      { tag: 'LiveRun', props: { preset: 'fast' }, line: 7 },
      { tag: 'Scrolly', props: {}, line: 15 },
      { tag: 'Figure', props: { kind: 'clock' }, line: 16 },
      { tag: 'Step', props: {}, line: 17 },
    ]);
  });

  it('accepts the same components with different prose and Term use', () => {
    const enNoTerm = en.replace(/<Term[^>]*>([^<]*)<\/Term>/, '$1');
    expect(componentProblems({ file: 'ja.mdx', source: ja }, { file: 'en.mdx', source: enNoTerm })).toEqual([]);
  });

  it('names both files, the position and the props when a preset differs', () => {
    const other = en.replace('preset="fast"', 'preset="classic"');
    expect(componentProblems({ file: 'content/ja/x.mdx', source: ja }, { file: 'content/en/x.mdx', source: other })).toEqual([
      'Component #1 differs: <LiveRun preset="fast"> (line 7) in content/ja/x.mdx, but <LiveRun preset="classic"> (line 7) in content/en/x.mdx.',
    ]);
  });

  it('reports a missing component and the counts', () => {
    const fewer = en.replace(/\n {2}<Step[\s\S]*?<\/Step>/, '');
    const problems = componentProblems({ file: 'ja.mdx', source: ja }, { file: 'en.mdx', source: fewer });
    expect(problems).toEqual([
      'Component #4 differs: <Step> (line 17) in ja.mdx, but nothing in en.mdx.',
      'ja.mdx uses 4 components (1 LiveRun, 1 Figure, 1 Scrolly, 1 Step); en.mdx uses 3 (1 LiveRun, 1 Figure, 1 Scrolly).',
    ]);
  });

  it('compares kind given as an expression', () => {
    const expr = en.replace("kind='clock'", "kind={'table'}");
    expect(componentProblems({ file: 'ja.mdx', source: ja }, { file: 'en.mdx', source: expr })[0]).toMatch(
      /#3 differs: <Figure kind="clock"> .* but <Figure kind="table">/,
    );
  });
});

describe('the chapters on disk', () => {
  const files = readContent();
  const bySlug = new Map<string, { ja?: (typeof files)[number]; en?: (typeof files)[number] }>();
  for (const f of files) bySlug.set(f.slug, { ...bySlug.get(f.slug), [f.lang]: f });

  it('exist in both languages with matching order and the same number of sections', () => {
    const refs = files.map((f) => ({
      id: `${f.lang}/${f.slug}`,
      order: f.order ?? -1,
      sections: f.source.split('\n').filter((l) => /^## /.test(l)).length,
    }));
    expect(chapterProblems(refs)).toEqual([]);
  });

  // One test per chapter, so a chapter in progress fails alone and by name.
  for (const [slug, pair] of bySlug) {
    it(`${slug}: the same components in the same order in ja and en`, () => {
      if (!pair.ja || !pair.en) return; // reported by the test above
      expect(componentProblems(pair.ja, pair.en)).toEqual([]);
    });
  }
});
