import { describe, expect, it } from 'vitest';
import { TIMELINE_THEMES } from '../charts/timeline.ts';
import { NOT_REVIEWED, PAPERS, arxivId, authorsShort, chapterNumber, paperById } from './timeline.ts';

const CHAPTERS = ['02-memorize-then-generalize', '03-kernel-regime', '04-feature-learning', '05-weak-regularization', '06-research-frontier'];

describe('research timeline data', () => {
  it('has unique ids: <first author><year>, or <title slug><year> for unreviewed papers', () => {
    const ids = PAPERS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PAPERS) {
      if (p.reviewed === false) {
        expect(p.id).toMatch(new RegExp(`^[a-z]+${p.year}$`));
        continue;
      }
      const surname = p.authors[0]!.normalize('NFD').replace(/[^a-zA-Z]/g, '').toLowerCase();
      expect(p.id).toMatch(new RegExp(`^${surname}${p.year}[a-z]?$`));
    }
  });

  it('lists every paper of the seed trend page that papers.md does not cover, as unreviewed', () => {
    const unreviewed = PAPERS.filter((p) => p.reviewed === false);
    expect(unreviewed.map((p) => arxivId(p.arxiv!)).sort()).toEqual(
      ['2507.23346', '2507.11645', '2506.04434', '2507.05644', '2506.23679', '2506.23286', '2507.19680', '2506.11015'].sort(),
    );
    for (const p of unreviewed) {
      // The year is the one in the arXiv id (2507.… → 2025); nothing else is known.
      expect(p.year).toBe(2000 + Number(arxivId(p.arxiv!).slice(0, 2)));
      expect(p.authors).toBeUndefined();
      expect(p.theme).toBeUndefined();
      expect(p.chapter).toBeUndefined();
    }
    expect(paperById('fact2025')?.title).toBe('FACT: the Features At Convergence Theorem for neural networks');
    expect(paperById('htsr2025')?.arxiv).toBe('https://arxiv.org/abs/2506.04434');
  });

  it('says in both languages, and only for them, that unreviewed papers were not reviewed', () => {
    for (const p of PAPERS) {
      for (const lang of ['ja', 'en'] as const) {
        if (p.reviewed === false) expect(p.summary[lang].endsWith(NOT_REVIEWED[lang])).toBe(true);
        else expect(p.summary[lang]).not.toContain(NOT_REVIEWED[lang]);
      }
    }
    // The Japanese summary quotes the trend page's own rendering of the title.
    expect(paperById('modexp2025')!.summary.ja).toContain('『Transformerを使ったモジュラー指数の学習』');
  });

  it('keeps the ids that chapter 6 refers to', () => {
    expect(paperById('power2022')?.title).toMatch(/^Grokking: Generalization Beyond Overfitting/);
    expect(paperById('nanda2023')?.title).toMatch(/^Progress measures for grokking/);
    expect(paperById('mohamadi2024')?.arxiv).toBe('https://arxiv.org/abs/2407.12332');
  });

  it('dates every paper 2022–2025, in publication order', () => {
    for (const p of PAPERS) {
      expect(p.year).toBeGreaterThanOrEqual(2022);
      expect(p.year).toBeLessThanOrEqual(2025);
    }
    const years = PAPERS.map((p) => p.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
  });

  it('links only to arXiv abstract pages, each paper once', () => {
    for (const p of PAPERS) if (p.reviewed === false) expect(p.arxiv).toBeDefined();
    const urls = PAPERS.flatMap((p) => (p.arxiv ? [p.arxiv] : []));
    for (const url of urls) expect(url).toMatch(/^https:\/\/arxiv\.org\/abs\/\d{4}\.\d{4,5}$/);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('has a summary in each language, written separately', () => {
    for (const p of PAPERS) {
      expect(p.summary.ja.trim().length).toBeGreaterThan(0);
      expect(p.summary.en.trim().length).toBeGreaterThan(0);
      expect(p.summary.ja).not.toBe(p.summary.en);
      // Japanese in です・ます, English without Japanese script.
      expect(p.summary.ja).toMatch(/(です|でした|ます|ました|ません)。$/);
      expect(p.summary.en).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  it('uses only the fixed themes and real chapter slugs', () => {
    for (const p of PAPERS) {
      if (p.reviewed === false) continue;
      expect(TIMELINE_THEMES).toContain(p.theme);
      if (p.chapter) expect(CHAPTERS).toContain(p.chapter);
    }
  });

  it('cites authors the way the site does', () => {
    const authors = (id: string) => ({ authors: paperById(id)!.authors! });
    expect(authorsShort(authors('power2022'), 'en')).toBe('Power et al.');
    expect(authorsShort(authors('power2022'), 'ja')).toBe('Power ら');
    expect(authorsShort(authors('liu2023'), 'en')).toBe('Liu, Michaud & Tegmark');
    expect(authorsShort(authors('liu2023'), 'ja')).toBe('Liu・Michaud・Tegmark');
    expect(authorsShort(authors('gromov2023'), 'en')).toBe('Gromov');
    expect(authorsShort({ authors: ['Xie', 'Li'] }, 'en')).toBe('Xie & Li');
  });

  it('reads arXiv ids and chapter numbers', () => {
    expect(arxivId('https://arxiv.org/abs/2301.05217')).toBe('2301.05217');
    expect(chapterNumber('03-kernel-regime')).toBe(3);
  });
});
