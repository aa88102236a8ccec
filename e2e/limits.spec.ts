import { test, expect } from './fixtures';
import { DEFAULT_CONFIG, maxMaWindow, type RunConfig } from '../src/model/config.ts';

/**
 * Memory and time bounded by design (issue 12, section 2): a link that once
 * took a tab past 9 GB, and the largest plain model, whose steps take seconds.
 */
test.describe('limits', () => {
  const repro = 'p=97&width=512&grad=grokfast-ma&grad.window=450&steps=10000&backend=wasm';
  const fits = maxMaWindow({ ...DEFAULT_CONFIG, p: 97, width: 512, transform: { kind: 'grokfast-ma', window: 450, lambda: 5 } } as RunConfig);

  for (const [lang, words] of [
    ['en', 'more than the 1024 MB one run may use'],
    ['ja', '1 回の学習で使える 1024 MB を超えます'],
  ] as const) {
    test(`the 9 GB link keeps its width and gets the largest window that fits, with the limit named (${lang})`, async ({ page }) => {
      await page.goto(`/${lang}/12-playground/?${repro}`);
      const pg = page.locator('grok-playground');
      await pg.scrollIntoViewIfNeeded();
      const issues = pg.locator('[data-pg-issue-list] li');
      await expect(issues).toHaveCount(1, { timeout: 20_000 });
      await expect(issues.first()).toContainText(words);
      await expect(issues.first()).toContainText('450');
      await expect(issues.first()).toContainText(String(fits));
      await expect(pg.locator('[name="width"]')).toHaveValue('512');
      await expect(pg.locator('[name="grad.window"]')).toHaveValue(String(fits));
      await expect(pg.locator('[name="grad.window"]')).toHaveAttribute('max', String(fits));
      // The link in the address bar now asks for what is trained.
      await expect.poll(() => new URL(page.url()).searchParams.get('grad.window'), { timeout: 10_000 }).toBe(String(fits));
      await expect(pg.locator('[data-action="play"]')).toBeEnabled({ timeout: 30_000 });
    });
  }

  test('the largest model estimates its step time, and pauses promptly in the middle of a step', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/en/12-playground/?p=211&width=2048&backend=wasm');
    const pg = page.locator('grok-playground');
    await pg.scrollIntoViewIfNeeded();
    // The estimate comes from a timed slice of a step, before any training.
    await expect(pg.locator('[data-pg-estimate]')).toContainText('per training step on this machine', { timeout: 120_000 });
    await expect(pg).toHaveAttribute('data-step', '0');
    const play = pg.locator('[data-action="play"]');
    await play.click();
    await expect(pg).toHaveAttribute('data-status', 'playing', { timeout: 60_000 });
    // Wait until it has taken a step and started the next one, so the pause lands inside a step.
    await expect.poll(async () => Number(await pg.getAttribute('data-step')), { timeout: 180_000 }).toBeGreaterThanOrEqual(1);
    await play.click();
    await expect(pg).toHaveAttribute('data-status', 'paused', { timeout: 5_000 });
    const stopped = await pg.getAttribute('data-step');
    // The metrics of where it stopped arrive after the pause; the step has not moved meanwhile.
    await expect(pg).toHaveAttribute('data-measured-step', stopped!, { timeout: 60_000 });
    await expect(pg).toHaveAttribute('data-step', stopped!);
    await expect(pg).toHaveAttribute('data-status', 'paused');
    await expect(page.locator('html')).not.toHaveAttribute('data-training', '');
  });

  test('a link to a step this machine would take long to reach asks first, in the reader’s language', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/ja/12-playground/?p=211&width=2048&steps=10000&step=10000&backend=wasm');
    const pg = page.locator('grok-playground');
    await pg.scrollIntoViewIfNeeded();
    const confirm = pg.locator('[data-pg-confirm]');
    await expect(confirm).toBeVisible({ timeout: 120_000 });
    await expect(confirm).toContainText('ステップ 10000 まで');
    await expect(pg).toHaveAttribute('data-confirm', '10000');
    // Nothing trains while it asks, and the link keeps the step it asked for.
    await expect(pg).toHaveAttribute('data-step', '0');
    expect(new URL(page.url()).searchParams.get('step')).toBe('10000');
    await pg.locator('[data-action="confirm-cancel"]').click();
    await expect(confirm).toBeHidden();
    await expect(pg).toHaveAttribute('data-status', 'idle');
  });

  test('a long way to a linked step, once agreed to, is trained only while the playground is on screen', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('/en/12-playground/?p=211&width=2048&steps=10000&step=10000&backend=wasm');
    const pg = page.locator('grok-playground');
    await pg.scrollIntoViewIfNeeded();
    await expect(pg.locator('[data-pg-confirm]')).toBeVisible({ timeout: 120_000 });
    await pg.locator('[data-action="confirm-train"]').click();
    await expect(pg.locator('[data-pg-confirm]')).toBeHidden();
    await expect(pg).toHaveAttribute('data-status', 'playing', { timeout: 60_000 });
    await expect(page.locator('html')).toHaveAttribute('data-training', '');
    // Scrolled away, the engine holds it (a restored link used to train on for hours off screen).
    await pg.evaluate((el) => window.scrollTo(0, window.scrollY + el.getBoundingClientRect().bottom + 50));
    await expect(pg.locator('[data-pg-status]')).toContainText('Paused while the figure is off screen', { timeout: 30_000 });
    await expect(pg).toHaveAttribute('data-status', 'paused');
    await expect(page.locator('html')).not.toHaveAttribute('data-training', '');
    // Back on screen, it goes on towards the step.
    await pg.evaluate((el) => window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top));
    await expect(pg).toHaveAttribute('data-status', 'playing', { timeout: 30_000 });
  });
});
