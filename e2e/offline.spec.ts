import { test, expect } from './fixtures';

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('after one visit, both languages and the live model work with the network off', async ({ page, context }) => {
    test.setTimeout(120_000);
    await page.goto('/en/01-modular-addition/');
    // The footer says so only once every file is stored.
    await expect(page.locator('[data-offline-status]')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('html')).toHaveAttribute('data-offline', 'ready');
    await page.evaluate(() => navigator.serviceWorker.ready);

    await context.setOffline(true);
    await page.goto('/ja/03-kernel-regime/');
    await expect(page.locator('h1')).toBeVisible();
    await expect(page.locator('.katex').first()).toBeVisible();

    // The live figure: worker, TF.js, its WASM binary and the reference data all come from the cache.
    await page.goto('/en/00-prologue/?backend=wasm');
    const fig = page.locator('live-run').first();
    await fig.scrollIntoViewIfNeeded();
    await expect(fig).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
    await expect.poll(async () => Number(await fig.getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThan(0);

    // A page that was never stored still gets the bilingual 404 rather than the browser's error.
    test.info().annotations.push({ type: 'expected-404', description: 'offline fallback' });
    await page.goto('/en/no-such-chapter/');
    await expect(page.locator('h1').first()).toBeVisible();
    await context.setOffline(false);
  });

  test('the precache waits until the first live model has finished training', async ({ page }) => {
    await page.addInitScript(() => {
      // The run waits for its reader: put the figure on screen before the page's load event starts
      // the precache's quiet timer, wherever this machine's fonts place it.
      document.addEventListener('DOMContentLoaded', () => document.querySelector('live-run')?.scrollIntoView({ block: 'center' }));
      // Record, rather than race to observe, what the page was doing when it registered the worker.
      const log: string[] = [];
      (window as unknown as { swLog: string[] }).swLog = log;
      new MutationObserver(() => {
        const status = document.querySelector('live-run')?.getAttribute('data-status');
        if (status && log.at(-1) !== `status ${status}`) log.push(`status ${status}`);
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
      const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
      navigator.serviceWorker.register = (...args: Parameters<typeof register>) => {
        log.push(document.documentElement.hasAttribute('data-training') ? 'register while training' : 'register');
        return register(...args);
      };
    });
    await page.goto('/en/00-prologue/?backend=wasm');
    const fig = page.locator('live-run').first();
    await expect(fig).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.locator('html')).toHaveAttribute('data-offline', 'ready', { timeout: 60_000 });
    const log = await page.evaluate(() => (window as unknown as { swLog: string[] }).swLog);
    // Trained, finished, and only then registered.
    const milestones = log.filter((e) => e === 'status playing' || e === 'status done' || e.startsWith('register'));
    expect(milestones.filter((e, i) => e !== milestones[i - 1])).toEqual([
      'status playing',
      'status done',
      'register',
    ]);
  });
});

test('every page carries a Content-Security-Policy with no inline script and no other origin', async ({ page }) => {
  await page.goto('/en/02-memorize-then-generalize/');
  const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
  expect(policy).toBeTruthy();
  const directives = new Map(
    policy!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
  expect(directives.get('default-src')).toEqual(["'self'"]);
  const scripts = directives.get('script-src') ?? [];
  expect(scripts).toContain("'self'");
  expect(scripts).toContain("'wasm-unsafe-eval'");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  // Only this origin (and data:/blob: URLs it makes itself) anywhere in the policy.
  for (const [name, values] of directives) {
    for (const v of values) expect(v, `${name} ${v}`).toMatch(/^('[^']+'|data:|blob:)$/);
  }
  // No inline <script> bodies at all.
  const inline = await page.locator('script:not([src])').evaluateAll((els) => els.map((e) => e.textContent?.trim()).filter(Boolean));
  expect(inline).toEqual([]);
});
