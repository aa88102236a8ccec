import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { test as plain, type Page, type Worker } from '@playwright/test';
import { serveStatic, type StaticServer } from '../scripts/static-server.ts';
import { expect, test } from './fixtures';

// The built site served as a static host serves it, with dist/_headers applied; and a second
// origin, which answers anyone (CORS *) and counts who reached it.
const PORT = (Number(process.env.E2E_PORT) || 4321) + 2;
const OTHER_PORT = PORT + 1;
const SITE = `http://127.0.0.1:${PORT}`;
const OTHER = `http://127.0.0.1:${OTHER_PORT}/probe`;

// One pair of servers for the file: its tests run one after another.
plain.describe.configure({ mode: 'serial' });

let site: StaticServer;
let other: Server;
let reached = 0;

test.beforeAll(async () => {
  site = await serveStatic(join(import.meta.dirname, '..', 'dist'), PORT);
  other = createServer((req, res) => {
    if (req.url === '/frame') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><title>elsewhere</title><iframe src="${SITE}/en/"></iframe>`);
      return;
    }
    reached += 1;
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
    res.end('reachable');
  });
  await new Promise<void>((done) => other.listen(OTHER_PORT, '127.0.0.1', done));
});

test.afterAll(async () => {
  await site.stop();
  other.closeAllConnections();
  await new Promise((done) => other.close(done));
});

/** Waits for the prologue's training worker, then has it fetch the other origin (through CDP, as a script in the worker would). */
async function workerFetch(page: Page, origin: string): Promise<string> {
  const worker = page.waitForEvent('worker', (w) => new URL(w.url()).pathname.startsWith('/_astro/'));
  await page.goto(`${origin}/en/00-prologue/?backend=wasm`);
  return fetchFrom(await worker);
}

async function fetchFrom(worker: Worker): Promise<string> {
  return worker.evaluate(async (url) => {
    const violation = new Promise<string>((resolve) =>
      self.addEventListener('securitypolicyviolation', (e) => resolve(`${e.effectiveDirective} ${e.blockedURI}`), { once: true }),
    );
    try {
      return `fetched: ${await (await fetch(url)).text()}`;
    } catch {
      return `refused by ${await violation}`;
    }
  }, OTHER);
}

test.describe('headers', () => {
  test.use({ baseURL: SITE });

  test('every response carries the policy of the pages as a header, with what only a header can say', async ({ page, request }) => {
    const response = await request.get('/en/02-memorize-then-generalize/');
    const header = response.headers()['content-security-policy'] ?? '';
    const directives = new Map(header.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(directives.get('connect-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');

    // The meta holds the same policy, bar the header-only directive, and comes before any resource in <head>.
    await page.goto('/en/02-memorize-then-generalize/');
    const meta = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    const normalize = (p: string) => p.split(';').map((d) => d.trim().replace(/\s+/g, ' ')).filter(Boolean);
    expect(normalize(header)).toEqual([...normalize(meta!), "frame-ancestors 'none'"]);
    const head = await page.evaluate(() => [...document.head.children].slice(0, 2).map((e) => e.outerHTML.slice(0, 60)));
    expect(head[0]).toBe('<meta charset="utf-8">');
    expect(head[1]).toMatch(/^<meta http-equiv="content-security-policy"/);

    // Scripts, the training worker included, get the policy too: that is what a worker obeys.
    const script = await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"][src]')?.src);
    expect((await request.get(script!)).headers()['content-security-policy']).toBe(header);
    expect((await request.get('/sw.js')).headers()['cache-control']).toBe('no-cache');
  });

  test('the live model trains under the shipped headers with no violation', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto('/en/00-prologue/?backend=wasm');
    const fig = page.locator('live-run').first();
    await fig.scrollIntoViewIfNeeded();
    await expect(fig).toHaveAttribute('data-backend', 'wasm', { timeout: 30_000 });
    await expect.poll(async () => Number(await fig.getAttribute('data-step')), { timeout: 30_000 }).toBeGreaterThan(0);
    // The fixture fails the test on any console error, which is where Chromium reports a blocked request.
  });
});

plain.describe('a worker and another origin', () => {
  plain('with the meta alone (astro preview sends no policy header) the training worker reaches another origin', async ({ page, baseURL }) => {
    plain.setTimeout(60_000);
    reached = 0;
    expect(await workerFetch(page, baseURL!)).toBe('fetched: reachable');
    expect(reached).toBe(1);
  });

  plain('under the shipped headers the same fetch is refused before it leaves the browser', async ({ page }) => {
    plain.setTimeout(60_000);
    reached = 0;
    expect(await workerFetch(page, SITE)).toBe(`refused by connect-src ${OTHER}`);
    expect(reached).toBe(0);
  });

  for (const shipped of [false, true]) {
    plain(`the service worker ${shipped ? 'is held by the headers of sw.js' : 'has no policy at all without headers'}`, async ({ browser, baseURL }) => {
      plain.setTimeout(60_000);
      const context = await browser.newContext({ serviceWorkers: 'allow' });
      const page = await context.newPage();
      const registered = context.waitForEvent('serviceworker');
      await page.goto(`${shipped ? SITE : baseURL}/en/09-glossary/`);
      reached = 0;
      expect(await fetchFrom(await registered)).toBe(shipped ? `refused by connect-src ${OTHER}` : 'fetched: reachable');
      expect(reached).toBe(shipped ? 0 : 1);
      await context.close();
    });
  }

  plain("another origin cannot frame the site (frame-ancestors 'none', which a meta cannot say)", async ({ page }) => {
    const framed = page.waitForEvent('console', (m) => m.text().includes('frame-ancestors'));
    await page.goto(`http://127.0.0.1:${OTHER_PORT}/frame`);
    expect((await framed).text()).toContain(`Framing '${SITE}/'`);
    // The frame holds the browser's error page, not the site.
    await expect.poll(() => page.frames()[1]?.url()).toMatch(/^chrome-error:/);
    expect(await page.frames()[1]!.locator('footer.site-footer').count()).toBe(0);
  });
});
