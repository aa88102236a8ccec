import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

// `base` resolves from the project root. A wrong path would silently build a
// site with no chapters, so src/content/chapters.ts refuses an empty collection.
const chapters = defineCollection({
  loader: glob({ pattern: '{ja,en}/[0-9][0-9]-*.mdx', base: './content' }),
  schema: z
    .object({
    title: z.string().min(1),
    /** One sentence for search results and link previews. */
    description: z.string().min(20).max(200),
    order: z.number().int().min(0),
    /** The executive summary: exactly three points (appendices have none). */
    tldr: z.array(z.string().min(1)).default([]),
    /** Reading time in minutes for the full chapter. */
    minutes: z.number().int().min(1).max(120),
    /** Reference material after the article (glossary, references, methods, playground). */
    appendix: z.boolean().default(false),
  })
    .refine((d) => d.tldr.length === (d.appendix ? 0 : 3), {
      message: 'a chapter needs exactly three TL;DR points; an appendix none',
      path: ['tldr'],
    }),
});

export const collections = { chapters };
