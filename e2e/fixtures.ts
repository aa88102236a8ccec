import { test as base, expect, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Chapter slugs and titles read from the MDX sources, so a new chapter is tested without editing tests. */
export function chapters(lang: Lang): { slug: string; title: string; appendix: boolean }[] {
  const dir = join(import.meta.dirname, '..', 'content', lang);
  return readdirSync(dir)
    .filter((f) => /^\d\d-.+\.mdx$/.test(f))
    .sort()
    .map((file) => {
      const source = readFileSync(join(dir, file), 'utf8');
      const title = /^title:\s*(.+)$/m.exec(source)?.[1]?.trim().replace(/^"(.*)"$/, '$1') ?? '';
      return { slug: file.replace(/\.mdx$/, ''), title, appendix: /^appendix:\s*true\s*$/m.test(source) };
    });
}

/**
 * Every test fails if the page logs a console error, throws, or asks for
 * anything outside the local server: the site must work offline and self-hosted.
 */
export const test = base.extend<{ guard: void }>({
  guard: [
    async ({ page, baseURL }, use) => {
      const problems: string[] = [];
      const origin = new URL(baseURL!).origin;
      // A test that visits a missing page on purpose annotates itself with `expected-404`.
      const expects404 = () => base.info().annotations.some((a) => a.type === 'expected-404');
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        if (expects404() && /404/.test(msg.text())) return;
        problems.push(`console error: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
      page.on('request', (req) => {
        const url = req.url();
        if (url.startsWith('data:') || url.startsWith('blob:')) return;
        if (new URL(url).origin !== origin) problems.push(`external request: ${url}`);
      });
      await use();
      expect(problems, problems.join('\n')).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Logs the type of every message the page posts to a worker, so a test can
 * show that something was never asked for instead of waiting to see it not happen.
 */
export async function recordWorkerRequests(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const log: string[] = ((window as unknown as { workerRequests: string[] }).workerRequests = []);
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: [StructuredSerializeOptions?]) {
      const type = (message as { type?: unknown } | null)?.type;
      if (typeof type === 'string') log.push(type);
      return post.call(this, message, ...rest);
    } as Worker['postMessage'];
  });
  return () => page.evaluate(() => [...(window as unknown as { workerRequests: string[] }).workerRequests]);
}
