import { expect, test } from './fixtures';

test.describe('the /bench/ page', () => {
  test('refuses unchecked parameters in both languages and starts nothing', async ({ page }) => {
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto('/bench/?speed=__proto__&seeds=0,1,2,3,4,5,6');
    const main = page.locator('[data-bench-state]');
    await expect(main).toHaveAttribute('data-bench-state', 'invalid');
    const output = page.locator('[data-bench-output]');
    await expect(output).toContainText('speed=__proto__: expected fast and/or classic');
    await expect(output).toContainText('seeds=0,1,2,3,4,5,6：0〜4294967295 の異なる整数を 1〜5 個');
    await expect(page.locator('[data-bench-run]')).toBeDisabled();
    expect(workers).toEqual([]);
  });

  test('runs only when asked, and Stop ends the worker', async ({ page }) => {
    await page.goto('/bench/?backend=wasm&speed=classic&grok=classic&seeds=0');
    const main = page.locator('[data-bench-state]');
    await expect(main).toHaveAttribute('data-bench-state', 'idle');
    expect(page.workers()).toEqual([]);
    const started = page.waitForEvent('worker');
    await page.locator('[data-bench-run]').click();
    const worker = await started;
    await expect(main).toHaveAttribute('data-bench-state', 'running');
    const closed = new Promise<void>((resolve) => worker.once('close', () => resolve()));
    await page.locator('[data-bench-stop]').click();
    await expect(main).toHaveAttribute('data-bench-state', 'stopped');
    await closed;
    expect(await page.evaluate(() => (window as unknown as { benchResult: Promise<unknown> }).benchResult)).toEqual({ stopped: true });
  });

  test('a run started with Run hands its result to the driving script, as `npm run bench` reads it', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/bench/?backend=wasm&speed=fast&grok=&seeds=0');
    await page.locator('[data-bench-run]').click();
    const result = (await page.evaluate(() => (window as unknown as { benchResult: Promise<unknown> }).benchResult)) as {
      backend: string;
      speed: { preset: string; msPerStep: number }[];
      grok: unknown[];
    };
    expect(result.backend).toBe('wasm');
    expect(result.speed.map((s) => s.preset)).toEqual(['fast']);
    expect(result.speed[0]!.msPerStep).toBeGreaterThan(0);
    expect(result.grok).toEqual([]);
    await expect(page.locator('[data-bench-state]')).toHaveAttribute('data-bench-state', 'done');
  });
});
