/**
 * Reads content/{ja,en}/*.mdx straight from disk, for the consistency tests
 * (links, parity) that must run without Astro's content layer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGS, type Lang } from '../i18n';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ContentFile {
  lang: Lang;
  /** e.g. `03-kernel-regime` */
  slug: string;
  /** Path relative to the repository root, for messages. */
  file: string;
  source: string;
  order: number | null;
  appendix: boolean;
}

function frontmatterField(source: string, name: string): string | null {
  const head = /^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? '';
  const m = new RegExp(`^${name}:\\s*(.+?)\\s*$`, 'm').exec(head);
  return m ? m[1]! : null;
}

export function readContent(): ContentFile[] {
  const out: ContentFile[] = [];
  for (const lang of LANGS) {
    const dir = join(ROOT, 'content', lang);
    for (const name of readdirSync(dir).sort()) {
      if (!/^\d\d-.*\.mdx$/.test(name)) continue;
      const source = readFileSync(join(dir, name), 'utf8');
      const order = frontmatterField(source, 'order');
      out.push({
        lang,
        slug: name.replace(/\.mdx$/, ''),
        file: `content/${lang}/${name}`,
        source,
        order: order === null ? null : Number(order),
        appendix: frontmatterField(source, 'appendix') === 'true',
      });
    }
  }
  return out;
}

/** Lines outside frontmatter and fenced code, with their 1-based numbers. */
export function markupLines(source: string): { line: number; text: string }[] {
  const lines = source.split('\n');
  const out: { line: number; text: string }[] = [];
  let fence: string | null = null;
  let i = 0;
  if (lines[0] === '---') {
    i = lines.indexOf('---', 1) + 1;
  }
  for (; i < lines.length; i++) {
    const text = lines[i]!;
    const f = /^(```|~~~)/.exec(text)?.[1];
    if (fence) {
      if (f === fence) fence = null;
      continue;
    }
    if (f) {
      fence = f;
      continue;
    }
    out.push({ line: i + 1, text });
  }
  return out;
}

/**
 * The plain text of a heading as Astro's slugger sees it: emphasis, code
 * marks, links, inline components and math delimiters removed.
 */
export function headingText(markdown: string): string {
  return markdown
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`|\$)/g, '')
    .trim();
}

/** `##`–`######` headings with their level and text, in document order. */
export function headings(source: string): { depth: number; text: string; line: number }[] {
  return markupLines(source).flatMap(({ line, text }) => {
    const m = /^(#{2,6})\s+(.+?)\s*#*\s*$/.exec(text);
    return m ? [{ depth: m[1]!.length, text: headingText(m[2]!), line }] : [];
  });
}
