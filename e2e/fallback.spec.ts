import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { test, expect, chapters } from './fixtures';

/**
 * The fallback matrix: in every environment the article reads, and the live
 * figure either trains or says why it cannot and shows the recorded run.
 * WebGPU itself (present) is the @webgpu rows in live.spec.ts.
 */

const live = (page: import('@playwright/test').Page) => page.locator('live-run').first();

test('WebGPU absent: the engine picks another backend on its own and trains', async ({ page }) => {
  await page.goto('/en/00-prologue/');
  const fig = live(page);
  await fig.scrollIntoViewIfNeeded();
  await expect(fig).toHaveAttribute('data-backend', /^(webgl|wasm)$/, { timeout: 60_000 });
  await expect.poll(async () => Number(await fig.getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThan(0);
});

test.describe('with a differently configured browser', () => {
  let browser: Browser;
  test.afterEach(async () => browser?.close());

  /** A context that fails the test on console errors or requests to other origins, like the shared guard. */
  async function guarded(context: BrowserContext, baseURL: string, allow: RegExp[] = []) {
    const problems: string[] = [];
    const origin = new URL(baseURL).origin;
    context.on('console', (msg) => {
      if (msg.type() === 'error' && !allow.some((re) => re.test(msg.text()))) problems.push(msg.text());
    });
    context.on('request', (req) => {
      if (!/^(data|blob):/.test(req.url()) && new URL(req.url()).origin !== origin) problems.push(`external: ${req.url()}`);
    });
    return problems;
  }

  test('WebGL disabled: asking for it falls back, says so, and trains', async ({ baseURL }, info) => {
    const launch = info.project.use.launchOptions ?? {};
    browser = await chromium.launch({ ...launch, args: [...(launch.args ?? []), '--disable-gpu', '--disable-software-rasterizer', '--disable-webgl'] });
    const context = await browser.newContext({ baseURL: baseURL!, serviceWorkers: 'block' });
    const problems = await guarded(context, baseURL!);
    const page = await context.newPage();
    await page.goto('/en/00-prologue/?backend=webgl');
    const fig = live(page);
    await fig.scrollIntoViewIfNeeded();
    await expect(fig).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
    await expect(page.locator('[data-live-backend]')).toHaveText('webgl is unavailable here, so this runs on wasm');
    await expect.poll(async () => Number(await fig.getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

test('WASM blocked: training falls to the plain JavaScript backend', async ({ page, context }) => {
  test.info().annotations.push({ type: 'expected-404', description: 'the WASM binaries are refused on purpose' });
  await context.route('**/*.wasm', (route) => route.abort());
  await page.goto('/en/00-prologue/');
  const fig = live(page);
  await fig.scrollIntoViewIfNeeded();
  await expect(fig).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await expect.poll(async () => Number(await fig.getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThan(0);
});

test.describe('JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  for (const lang of ['ja', 'en'] as const) {
    test(`every ${lang} chapter reads in full and every figure has its picture`, async ({ page }) => {
      for (const { slug } of chapters(lang)) {
        await page.goto(`/${lang}/${slug}/`);
        await expect(page.locator('h1')).toBeVisible();
        // The text is all there: every section heading and its paragraphs.
        expect(await page.locator('article .prose p').count()).toBeGreaterThan(3);
        // Every live or static figure shows a picture drawn at build time, and it loads.
        for (const fig of await page.locator('live-run, static-figure, kernel-lab, monitor-figure').all()) {
          const img = fig.locator('img');
          await expect(img, `${slug}: a figure without its picture`).toHaveCount(1);
        }
        const broken = await page.locator('img').evaluateAll((imgs) =>
          (imgs as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth === 0).map((i) => i.src),
        );
        expect(broken, `${slug}: images that did not load`).toEqual([]);
      }
    });
  }
});
