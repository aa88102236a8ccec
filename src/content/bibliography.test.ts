import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arxivIdsIn, authorList, BIB_BY_KEY, BIBLIOGRAPHY, citations, sourceUrl } from './bibliography';
import { ROOT } from './diskContent';

/** The research fact sheet lives beside the repository (shared/), not in it. */
const FACT_SHEET = join(ROOT, '..', 'shared', 'research', 'papers.md');

const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

describe('bibliography', () => {
  it('has unique keys made of the first author and the year', () => {
    expect(new Set(BIBLIOGRAPHY.map((e) => e.key)).size).toBe(BIBLIOGRAPHY.length);
    for (const e of BIBLIOGRAPHY) {
      expect(e.key).toMatch(/^[a-z]+\d{4}$/);
      expect(e.key, e.title).toBe(`${ascii(e.authors[0]!)}${e.year}`);
    }
  });

  it('is sorted by key, so the numbered list reads alphabetically', () => {
    const keys = BIBLIOGRAPHY.map((e) => e.key);
    expect(keys).toEqual([...keys].sort());
  });

  it('gives every entry a title, a source and a note in both languages', () => {
    const arxiv = BIBLIOGRAPHY.flatMap((e) => (e.arxiv ? [e.arxiv] : []));
    expect(new Set(arxiv).size).toBe(arxiv.length);
    for (const e of BIBLIOGRAPHY) {
      expect(e.title.trim()).not.toBe('');
      expect(e.authors.length).toBeGreaterThan(0);
      if (e.arxiv) expect(e.arxiv).toMatch(/^\d{4}\.\d{4,5}$/);
      expect(sourceUrl(e)).toMatch(/^https:\/\//);
      expect(e.about.ja).toMatch(/(です|ます|ました|ません|でした)。$/);
      expect(e.about.en).toMatch(/\.$/);
    }
  });

  it.skipIf(!existsSync(FACT_SHEET))('covers every arXiv paper of the research fact sheet', () => {
    const sheet = readFileSync(FACT_SHEET, 'utf8');
    const listed = new Set(BIBLIOGRAPHY.map((e) => e.arxiv));
    // The fact sheet names papers by bare id in bold or plain text: "arXiv **2407.12332**", "arXiv 2506.21551".
    const ids = [...sheet.matchAll(/arXiv \**(\d{4}\.\d{4,5})/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(15);
    expect(ids.filter((id) => !listed.has(id))).toEqual([]);
  });

  it('finds arXiv ids in text, without versions or duplicates', () => {
    const text = 'see [A](https://arxiv.org/abs/2301.05217v2) and [B](http://arxiv.org/abs/2407.12332), again (https://arxiv.org/abs/2301.05217)';
    expect(arxivIdsIn(text)).toEqual(['2301.05217', '2407.12332']);
  });

  it('lists the citing documents in reading order', () => {
    const docs = [
      { slug: '03-kernel', order: 3, body: '[Mohamadi et al. 2024](https://arxiv.org/abs/2407.12332)' },
      { slug: '00-prologue', order: 0, body: 'https://arxiv.org/abs/2407.12332 and https://arxiv.org/abs/2201.02177' },
      { slug: '05-reg', order: 5, body: 'https://pair.withgoogle.com/explorables/grokking/ and https://arxiv.org/abs/9999.99999' },
    ];
    const cited = citations(docs);
    expect(cited.get('mohamadi2024')?.map((d) => d.slug)).toEqual(['00-prologue', '03-kernel']);
    expect(cited.get('power2022')?.map((d) => d.slug)).toEqual(['00-prologue']);
    expect(cited.get('pearce2023')?.map((d) => d.slug)).toEqual(['05-reg']);
    expect(cited.has('nanda2023')).toBe(false);
  });

  it('formats author lists for each language', () => {
    const e = BIB_BY_KEY.get('zhang2024')!;
    expect(authorList(e, 'en')).toBe('Zhang, Zou & Cao');
    expect(authorList(e, 'ja')).toBe('Zhang・Zou・Cao');
    expect(authorList(BIB_BY_KEY.get('gromov2023')!, 'en')).toBe('Gromov');
  });
});
