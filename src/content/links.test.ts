import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { ARXIV_LINK, BIB_BY_ARXIV, BIBLIOGRAPHY, REFERENCES_SLUG } from './bibliography';
import { headings, markupLines, readContent, ROOT, type ContentFile } from './diskContent';
import { GLOSSARY, GLOSSARY_BY_ID, GLOSSARY_SLUG, termAnchor } from './glossary';
import { arxivId, PAPERS } from './timeline';

/** Papers the timeline only lists from the trend page: not sources of the explainer, so not in the bibliography. */
const LISTED_ONLY = new Set(PAPERS.flatMap((p) => (p.reviewed === false && p.arxiv ? [arxivId(p.arxiv)] : [])));

const files = readContent();

/** Ids every chapter page has besides its headings (src/layouts/Chapter.astro, Base.astro). */
const LAYOUT_IDS = ['main', 'tldr-heading'];

/** The ids a reader can jump to on one page: its headings as Astro slugs them, plus generated anchors. */
function anchorsOf(file: ContentFile): Set<string> {
  const slugger = new GithubSlugger();
  const ids = new Set(LAYOUT_IDS);
  for (const h of headings(file.source)) ids.add(slugger.slug(h.text));
  if (file.slug === GLOSSARY_SLUG) for (const e of GLOSSARY) ids.add(termAnchor(e.id));
  if (file.slug === REFERENCES_SLUG) for (const e of BIBLIOGRAPHY) ids.add(`ref-${e.key}`);
  return ids;
}

/** Site-internal link targets: markdown `](/en/…)` and JSX `href="/en/…"`. */
const INTERNAL = /(?:\]\(|href=\{?["'`])(\/(?:ja|en)\/[^)\s"'`]*)/g;
const TARGET = /^\/(ja|en)\/(?:(\d\d-[a-z0-9-]+)\/)?(?:#(.+))?$/;

interface Found {
  file: string;
  line: number;
  value: string;
}

function scan(pattern: RegExp): Found[] {
  return files.flatMap((f) =>
    markupLines(f.source).flatMap(({ line, text }) => [...text.matchAll(pattern)].map((m) => ({ file: f.file, line, value: m[1]! }))),
  );
}

describe('links in content/', () => {
  it('finds the chapters', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('every internal link points to an existing chapter and anchor', () => {
    const pages = new Map(files.map((f) => [`${f.lang}/${f.slug}`, f]));
    const problems: string[] = [];
    for (const link of scan(INTERNAL)) {
      const where = `${link.file}:${link.line}: ${link.value}`;
      const m = TARGET.exec(link.value);
      if (!m) {
        problems.push(`${where} is not of the form /<ja|en>/NN-slug/#anchor (note the trailing slash).`);
        continue;
      }
      const [, lang, slug, anchor] = m;
      if (slug === undefined) {
        if (anchor !== undefined) problems.push(`${where}: the contents page has no anchors to link to.`);
        continue;
      }
      const page = pages.get(`${lang}/${slug}`);
      if (!page) {
        problems.push(`${where}: there is no content/${lang}/${slug}.mdx.`);
        continue;
      }
      if (anchor !== undefined && !anchorsOf(page).has(decodeURIComponent(anchor))) {
        problems.push(`${where}: ${page.file} has no heading or anchor with id "${anchor}". Known: ${[...anchorsOf(page)].join(', ')}.`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every arXiv link has an entry in src/content/bibliography.ts', () => {
    const missing = scan(new RegExp(ARXIV_LINK.source, 'g'))
      .filter((l) => !BIB_BY_ARXIV.has(l.value))
      .map((l) => `${l.file}:${l.line}: arXiv ${l.value} is cited but not in src/content/bibliography.ts.`);
    expect(missing).toEqual([]);
  });

  it('every <Term id> names a glossary entry', () => {
    const unknown = scan(/<Term\s+id=["']([^"']*)["']/g)
      .filter((t) => !GLOSSARY_BY_ID.has(t.value))
      .map((t) => `${t.file}:${t.line}: <Term id="${t.value}"> is not in src/content/glossary.ts.`);
    expect(unknown).toEqual([]);
  });

  it('a chapter that uses <Term> imports it', () => {
    const problems = files
      .filter((f) => /<Term[\s>]/.test(f.source) && !/^import Term from ['"][./]+src\/components\/Term\.astro['"];?$/m.test(f.source))
      .map((f) => `${f.file} uses <Term> without "import Term from '../../src/components/Term.astro';".`);
    expect(problems).toEqual([]);
  });

  it('the glossary and the references exist in both languages', () => {
    for (const lang of ['ja', 'en'] as const) {
      for (const slug of [GLOSSARY_SLUG, REFERENCES_SLUG]) {
        expect(files.some((f) => f.lang === lang && f.slug === slug), `content/${lang}/${slug}.mdx`).toBe(true);
      }
    }
  });
});

describe('links in src/content/*.ts', () => {
  const sources = readdirSync(join(ROOT, 'src/content'))
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
    .map((n) => ({ file: `src/content/${n}`, text: readFileSync(join(ROOT, 'src/content', n), 'utf8') }));

  it('cites only papers that are in the bibliography', () => {
    const missing = sources.flatMap(({ file, text }) =>
      [...text.matchAll(new RegExp(ARXIV_LINK.source, 'g'))].filter((m) => !BIB_BY_ARXIV.has(m[1]!) && !LISTED_ONLY.has(m[1]!)).map((m) => `${file}: ${m[0]}`),
    );
    expect(missing).toEqual([]);
  });
});
