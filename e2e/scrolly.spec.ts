import type { Locator } from '@playwright/test';
import { test, expect, recordWorkerRequests } from './fixtures';

/**
 * Scrolls so that step i's top sits just above the middle of the viewport (where steps activate);
 * figures above may still grow as they draw, so it scrolls again until that step is the active one.
 */
async function scrollToStep(steps: Locator, i: number): Promise<void> {
  const step = steps.nth(i);
  await expect(async () => {
    await step.evaluate((el) => window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - window.innerHeight * 0.4));
    await expect(step).toHaveAttribute('data-active', '', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

test.describe('scrollytelling', () => {
  test.use({ reducedMotion: 'reduce' });

  test('scrolling activates the steps in order and the figure follows', async ({ page }) => {
    await page.goto('/en/01-modular-addition/');
    const section = page.locator('#table');
    const steps = section.locator('[data-scrolly-step]');
    const figure = section.locator('static-figure');
    const expected = [
      { p: '12', mode: 'all' },
      { p: '12', mode: 'all' },
      { p: '12', mode: 'split' },
      { p: '47', mode: 'split' },
      { p: '97', mode: 'split' },
    ];
    for (const [i, want] of expected.entries()) {
      await scrollToStep(steps, i);
      await expect(section).toHaveAttribute('data-active-step', String(i));
      await expect(steps.nth(i)).toHaveAttribute('data-active', '');
      await expect(figure).toHaveAttribute('data-p', want.p);
      await expect(figure).toHaveAttribute('data-mode', want.mode);
    }
    // And back up: the figure returns to the earlier state.
    await scrollToStep(steps, 1);
    await expect(figure).toHaveAttribute('data-mode', 'all');
  });

  test('the step buttons walk through the steps from the keyboard', async ({ page }) => {
    await page.goto('/en/01-modular-addition/');
    const section = page.locator('#clock');
    // Start just before the section, with no step active yet.
    await section.evaluate((el) => window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - window.innerHeight * 0.9));
    await expect(section).toHaveAttribute('data-active-step', '-1');
    const next = section.getByRole('button', { name: 'Next step' });
    const figure = section.locator('static-figure');
    // Focus without the browser scrolling the button into view, as after tabbing from the text above.
    await next.evaluate((el: HTMLElement) => el.focus({ preventScroll: true }));
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Enter');
      await expect(section).toHaveAttribute('data-active-step', String(i));
    }
    await expect(figure).toHaveAttribute('data-p', '97');
    await expect(next).toBeDisabled();
    const prev = section.getByRole('button', { name: 'Previous step' });
    await prev.evaluate((el: HTMLElement) => el.focus({ preventScroll: true }));
    await page.keyboard.press('Enter');
    await expect(section).toHaveAttribute('data-active-step', '2');
    await expect(figure).toHaveAttribute('data-p', '12');
    // A clicker's PageDown steps forward inside the section.
    await page.keyboard.press('PageDown');
    await expect(section).toHaveAttribute('data-active-step', '3');
  });

  test('with reduced motion nothing animates and live runs wait for the reader', async ({ page }) => {
    const requests = await recordWorkerRequests(page);
    await page.goto('/en/02-memorize-then-generalize/?backend=wasm');
    const section = page.locator('[data-scrolly]').first();
    const steps = section.locator('[data-scrolly-step]');
    const live = section.locator('live-run');
    const last = (await steps.count()) - 1;
    await scrollToStep(steps, 0);
    await expect(live).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
    // The last step asks to play; under reduced motion it does not start by itself.
    await scrollToStep(steps, last);
    await expect(section).toHaveAttribute('data-active-step', String(last));
    await expect(live).toHaveAttribute('data-story-step', String(last));
    // The figure applies a step synchronously: had it wanted to play, the request would be logged by now.
    expect(await requests()).not.toContain('play');
    await expect(live).not.toHaveAttribute('data-status', 'playing');
    const running = await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
    expect(running).toBe(0);
  });
});

test('a story step moves the live run to its step, exactly', async ({ page }) => {
  await page.goto('/en/02-memorize-then-generalize/?backend=wasm');
  const section = page.locator('[data-scrolly]').first();
  const steps = section.locator('[data-scrolly-step]');
  const live = section.locator('live-run');
  await scrollToStep(steps, 0);
  await expect(live).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await scrollToStep(steps, 1);
  await expect(live).toHaveAttribute('data-story-step', '1');
  await expect(live).toHaveAttribute('data-step', '55', { timeout: 60_000 });
  await expect(live).toHaveAttribute('data-status', 'paused');
});

test('figures off screen stop asking for animation frames', async ({ page }) => {
  await page.addInitScript(() => {
    // Frames asked for and not yet run: a figure that keeps drawing always has one.
    const pending = new Set<number>();
    (window as unknown as { pendingFrames: Set<number> }).pendingFrames = pending;
    const raf = window.requestAnimationFrame.bind(window);
    const caf = window.cancelAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => {
      const id = raf((t) => {
        pending.delete(id);
        cb(t);
      });
      pending.add(id);
      return id;
    };
    window.cancelAnimationFrame = (id) => {
      pending.delete(id);
      caf(id);
    };
  });
  await page.goto('/en/00-prologue/?backend=wasm');
  const live = page.locator('live-run').first();
  await live.scrollIntoViewIfNeeded();
  await expect.poll(async () => Number(await live.getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThan(20);
  // Scroll far away: the run stops (or has just finished), and nothing keeps drawing.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(live).toHaveAttribute('data-status', /^(paused|done)$/, { timeout: 10_000 });
  const stepBefore = await live.getAttribute('data-step');
  await expect.poll(() => page.evaluate(() => (window as unknown as { pendingFrames: Set<number> }).pendingFrames.size), { timeout: 10_000 }).toBe(0);
  await expect(live).toHaveAttribute('data-step', stepBefore!);
});
