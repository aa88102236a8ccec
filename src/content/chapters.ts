import { getCollection, render, type CollectionEntry } from 'astro:content';
import type { MarkdownHeading } from 'astro';
import { LANGS, type Lang } from '../i18n';
import { chapterProblems, parseChapterId } from './parity';

export interface Chapter {
  entry: CollectionEntry<'chapters'>;
  lang: Lang;
  slug: string;
  headings: MarkdownHeading[];
  /** Level-2 headings: the sections the language switch maps between. */
  sections: MarkdownHeading[];
}

let cache: Promise<Map<Lang, Chapter[]>> | undefined;

async function load(): Promise<Map<Lang, Chapter[]>> {
  const entries = await getCollection('chapters');
  const chapters = await Promise.all(
    entries.map(async (entry): Promise<Chapter> => {
      const { lang, slug } = parseChapterId(entry.id);
      const { headings } = await render(entry);
      return { entry, lang, slug, headings, sections: headings.filter((h) => h.depth === 2) };
    }),
  );
  const problems = chapterProblems(
    chapters.map((c) => ({ id: c.entry.id, order: c.entry.data.order, sections: c.sections.length })),
  );
  if (problems.length > 0) {
    // A half-translated or empty article must never ship: fail the build loudly.
    throw new Error(`Chapter collection is inconsistent:\n  - ${problems.join('\n  - ')}`);
  }
  const byLang = new Map<Lang, Chapter[]>();
  for (const lang of LANGS) {
    byLang.set(
      lang,
      chapters.filter((c) => c.lang === lang).sort((a, b) => a.entry.data.order - b.entry.data.order),
    );
  }
  return byLang;
}

/** All chapters of one language, in reading order; throws if the collection is inconsistent. */
export async function chaptersOf(lang: Lang): Promise<Chapter[]> {
  cache ??= load();
  return (await cache).get(lang) ?? [];
}

export function chapterPath(lang: Lang, slug: string): string {
  return `/${lang}/${slug}/`;
}
