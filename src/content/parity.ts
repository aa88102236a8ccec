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

/** MDX components whose order and settings must match across languages; `Term` is prose and may differ. */
export const PARITY_COMPONENTS = [
  'LiveRun',
  'Figure',
  'KernelLab',
  'Scrolly',
  'Step',
  'Timeline',
  'Monitor',
  'Phrase',
  'Playground',
] as const;

/** The props that must agree: they choose what a component trains or draws. */
const PARITY_PROPS = ['preset', 'kind'] as const;

export interface ComponentUse {
  tag: string;
  /** Only the props in PARITY_PROPS, when given as string literals. */
  props: Partial<Record<(typeof PARITY_PROPS)[number], string>>;
  /** 1-based line of the opening tag. */
  line: number;
}

/** Fenced code and frontmatter can mention components without using them. */
function maskNonMarkup(source: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return source
    .replace(/^---\n[\s\S]*?\n---(?=\n|$)/, blank)
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank)
    .replace(/`[^`\n]*`/g, blank)
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, blank);
}

/** The end of the tag that opens at `start`, skipping `>` inside quotes and `{…}` expressions. */
function tagEnd(text: string, start: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || (c === '`' && depth > 0)) {
      quote = c;
    } else if (c === '{') {
      depth += 1;
    } else if (c === '}') {
      depth -= 1;
    } else if (c === '>' && depth === 0) {
      return i;
    }
  }
  return text.length;
}

/** Every use of a parity component in an MDX source, in document order. */
export function componentSequence(source: string): ComponentUse[] {
  const text = maskNonMarkup(source);
  const names = PARITY_COMPONENTS.join('|');
  const open = new RegExp(`<(${names})(?=[\\s/>])`, 'g');
  const out: ComponentUse[] = [];
  for (const m of text.matchAll(open)) {
    const start = m.index;
    const attrs = text.slice(start + m[0].length, tagEnd(text, start));
    const props: ComponentUse['props'] = {};
    for (const name of PARITY_PROPS) {
      const value = new RegExp(`(?:^|\\s)${name}=(?:"([^"]*)"|'([^']*)'|\\{\\s*["']([^"']*)["']\\s*\\})`).exec(attrs);
      if (value) props[name] = value[1] ?? value[2] ?? value[3]!;
    }
    out.push({ tag: m[1]!, props, line: text.slice(0, start).split('\n').length });
  }
  return out;
}

function describeUse(use: ComponentUse | undefined): string {
  if (!use) return 'nothing';
  const props = PARITY_PROPS.flatMap((p) => (use.props[p] === undefined ? [] : [` ${p}="${use.props[p]}"`])).join('');
  return `<${use.tag}${props}> (line ${use.line})`;
}

export interface ParitySource {
  /** Path shown in messages, e.g. `content/ja/03-kernel-regime.mdx`. */
  file: string;
  source: string;
}

/**
 * The two language versions of one chapter must use the same figures, in the
 * same order, with the same preset and kind: readers switching language keep
 * their place, and a figure explained in one language must exist in the other.
 * Returns one message per mismatch, naming both files.
 */
export function componentProblems(a: ParitySource, b: ParitySource): string[] {
  const seqA = componentSequence(a.source);
  const seqB = componentSequence(b.source);
  const problems: string[] = [];
  const n = Math.max(seqA.length, seqB.length);
  for (let i = 0; i < n; i++) {
    const x = seqA[i];
    const y = seqB[i];
    const same = x && y && x.tag === y.tag && PARITY_PROPS.every((p) => x.props[p] === y.props[p]);
    if (same) continue;
    problems.push(`Component #${i + 1} differs: ${describeUse(x)} in ${a.file}, but ${describeUse(y)} in ${b.file}.`);
    // After the first misalignment every later pair would differ too; one message is enough to fix it.
    break;
  }
  if (seqA.length !== seqB.length) {
    const count = (seq: ComponentUse[]) =>
      PARITY_COMPONENTS.flatMap((tag) => {
        const k = seq.filter((u) => u.tag === tag).length;
        return k > 0 ? [`${k} ${tag}`] : [];
      }).join(', ') || 'none';
    problems.push(`${a.file} uses ${seqA.length} components (${count(seqA)}); ${b.file} uses ${seqB.length} (${count(seqB)}).`);
  }
  return problems;
}
