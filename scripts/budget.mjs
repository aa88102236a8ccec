// Page-weight and Lighthouse budgets. Builds the site, serves it, loads every
// page in Chromium without scrolling, and prints per page: initial JS (gzip),
// CSS (gzip), total bytes (gzip) and request count; then runs Lighthouse
// (mobile preset) on one chapter per language. Exits 1 when over budget.
// Usage: npm run budget [-- --json] [-- --no-build] [-- --no-lighthouse]
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { findChromium } from './browser.mjs';
import { servePreview } from './serve.mjs';

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');
const BUDGET = { initialJsGzip: 60 * 1024, lighthouse: 100 };
const say = (line) => {
  if (!asJson) process.stdout.write(`${line}\n`);
};

if (!args.has('--no-build')) {
  say('Building…');
  execFileSync('npx', ['astro', 'build'], { stdio: asJson ? 'ignore' : ['ignore', 'ignore', 'inherit'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
}

function htmlPages(dir, root = dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === '_astro' ? [] : htmlPages(full, root);
    if (name !== 'index.html') return [];
    const rel = relative(root, dir);
    return [rel === '' ? '/' : `/${rel}/`];
  });
}

const executablePath = await findChromium();
if (!executablePath) throw new Error('No Chromium: run `npm run browser` first.');
const server = await servePreview();
const results = { pages: [], lighthouse: [], budgets: BUDGET, failures: [] };

try {
  const browser = await chromium.launch({ executablePath, args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  // The root page redirects at once, and /bench/ runs the benchmark; measure the reading pages.
  for (const path of htmlPages('dist').filter((p) => p !== '/' && p !== '/bench/').sort()) {
    // "Initial" is before any live demo is near the viewport: with IntersectionObserver
    // inert, no figure mounts. "With figures" lets the first screen's figures load (TF.js included).
    const measure = async (inertObserver) => {
      const context = await browser.newContext({ viewport: { width: 412, height: 823 }, locale: 'en-US' });
      const page = await context.newPage();
      if (inertObserver) {
        await page.addInitScript(() => {
          window.IntersectionObserver = class {
            observe() {}
            unobserve() {}
            disconnect() {}
            takeRecords() {
              return [];
            }
          };
        });
      }
      const responses = [];
      page.on('response', (res) => responses.push(res));
      await page.goto(server.url + path, { waitUntil: 'networkidle' });
      const row = { requests: 0, jsGzip: 0, cssGzip: 0, totalGzip: 0, totalRaw: 0 };
      for (const res of responses) {
        const body = await res.body().catch(() => Buffer.alloc(0));
        const gz = gzipSync(body, { level: 9 }).length;
        const type = res.headers()['content-type'] ?? '';
        row.requests += 1;
        row.totalRaw += body.length;
        row.totalGzip += gz;
        if (type.includes('javascript')) row.jsGzip += gz;
        if (type.includes('css')) row.cssGzip += gz;
      }
      await context.close();
      return row;
    };
    const initial = await measure(true);
    const loaded = await measure(false);
    const row = { path, ...initial, withFiguresJsGzip: loaded.jsGzip, withFiguresTotalGzip: loaded.totalGzip };
    if (row.jsGzip > BUDGET.initialJsGzip) results.failures.push(`${path}: initial JS ${row.jsGzip} B gzip > ${BUDGET.initialJsGzip}`);
    results.pages.push(row);
  }
  await browser.close();

  if (!args.has('--no-lighthouse')) {
    const { default: lighthouse } = await import('lighthouse');
    const chromeLauncher = await import('chrome-launcher');
    const chapters = results.pages.map((p) => p.path).filter((p) => /^\/(ja|en)\/\d\d-[^/]+\/$/.test(p));
    const targets = ['ja', 'en'].map((lang) => chapters.find((p) => p.startsWith(`/${lang}/`))).filter(Boolean);
    for (const path of targets) {
      const chrome = await chromeLauncher.launch({
        chromePath: executablePath,
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      });
      try {
        const run = await lighthouse(server.url + path, { port: chrome.port, output: 'json', logLevel: 'error' });
        const categories = run.lhr.categories;
        const scores = Object.fromEntries(
          ['performance', 'accessibility', 'best-practices', 'seo'].map((k) => [k, Math.round((categories[k]?.score ?? 0) * 100)]),
        );
        results.lighthouse.push({ path, ...scores, lcpMs: Math.round(run.lhr.audits['largest-contentful-paint']?.numericValue ?? 0) });
        for (const [k, v] of Object.entries(scores)) {
          if (v < BUDGET.lighthouse) {
            const failing = Object.values(run.lhr.audits)
              .filter((a) => a.score !== null && a.score < 1 && run.lhr.categories[k]?.auditRefs.some((r) => r.id === a.id && r.weight > 0))
              .map((a) => a.id);
            results.failures.push(`${path}: Lighthouse ${k} ${v} < ${BUDGET.lighthouse} (${failing.join(', ')})`);
          }
        }
      } finally {
        chrome.kill();
      }
    }
  }
} finally {
  server.stop();
}

const kb = (b) => (b / 1024).toFixed(1);
if (asJson) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  say('\nInitial load (no figure near the viewport), and with the first screen\'s figures loaded (KB gzip)');
  say('page                                  req   JS gz  CSS gz  total gz  total raw |  JS w/ figures  total w/ figures');
  for (const r of results.pages) {
    say(`${r.path.padEnd(36)} ${String(r.requests).padStart(4)} ${kb(r.jsGzip).padStart(7)} ${kb(r.cssGzip).padStart(7)} ${kb(r.totalGzip).padStart(9)} ${kb(r.totalRaw).padStart(10)} | ${kb(r.withFiguresJsGzip).padStart(14)} ${kb(r.withFiguresTotalGzip).padStart(17)}`);
  }
  if (results.lighthouse.length > 0) {
    say('\nLighthouse (mobile)                  perf  a11y  best   seo   LCP ms');
    for (const l of results.lighthouse) {
      say(`${l.path.padEnd(36)} ${String(l.performance).padStart(5)} ${String(l.accessibility).padStart(5)} ${String(l['best-practices']).padStart(5)} ${String(l.seo).padStart(5)} ${String(l.lcpMs).padStart(8)}`);
    }
  }
  say(results.failures.length ? `\nOVER BUDGET:\n  ${results.failures.join('\n  ')}` : '\nAll budgets met.');
}
process.exit(results.failures.length ? 1 : 0);
