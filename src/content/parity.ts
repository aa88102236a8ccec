import { LANGS, isLang, type Lang } from '../i18n';

export interface ChapterRef {
  /** Collection id, e.g. `ja/00-prologue`. */
  id: string;
  order: number;
  /** Number of level-2 headings; the language switch maps sections by position. */
  sections?: number;
}

export interface ParsedId {
  lang: Lang;
  slug: string;
}

const SLUG = /^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function parseChapterId(id: string): ParsedId {
  const [lang, slug, ...rest] = id.split('/');
  if (!isLang(lang) || slug === undefined || rest.length > 0) {
    throw new Error(`Chapter "${id}" must live at content/<ja|en>/NN-slug.mdx.`);
  }
  if (!SLUG.test(slug)) {
    throw new Error(`Chapter "${id}": the file name must be NN-ascii-slug (lowercase, digits, hyphens).`);
  }
  return { lang, slug };
}

/**
 * Every chapter must exist in both languages with the same slug and order.
 * Returns the list of problems; callers turn a non-empty list into a failed build.
 */
export function chapterProblems(chapters: readonly ChapterRef[]): string[] {
  if (chapters.length === 0) {
    return ['The chapter collection is empty: expected MDX files in content/ja/ and content/en/.'];
  }
  const problems: string[] = [];
  const byLang = new Map<Lang, Map<string, ChapterRef>>(LANGS.map((l) => [l, new Map()]));
  for (const chapter of chapters) {
    let parsed: ParsedId;
    try {
      parsed = parseChapterId(chapter.id);
    } catch (error) {
      problems.push((error as Error).message);
      continue;
    }
    const prefix = Number(parsed.slug.slice(0, 2));
    if (prefix !== chapter.order) {
      problems.push(`Chapter "${chapter.id}": order ${chapter.order} does not match its file prefix ${prefix}.`);
    }
    byLang.get(parsed.lang)?.set(parsed.slug, chapter);
  }
  const [first, second] = LANGS;
  const a = byLang.get(first)!;
  const b = byLang.get(second)!;
  for (const [here, there, thereLang] of [
    [a, b, second],
    [b, a, first],
  ] as const) {
    for (const slug of here.keys()) {
      if (!there.has(slug)) problems.push(`Chapter "${slug}" has no ${thereLang} version (content/${thereLang}/${slug}.mdx).`);
    }
  }
  for (const [slug, ref] of a) {
    const other = b.get(slug);
    if (!other) continue;
    if (ref.sections !== undefined && other.sections !== undefined && ref.sections !== other.sections) {
      problems.push(
        `Chapter "${slug}" has ${ref.sections} sections in ${first} but ${other.sections} in ${second}; both languages must share one structure.`,
      );
    }
  }
  const orders = [...a.values()].map((c) => c.order);
  if (new Set(orders).size !== orders.length) problems.push('Two chapters share the same order number.');
  return problems;
}
