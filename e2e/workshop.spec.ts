import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** Lets an instant scroll land and the scrolly controller react: it updates on animation frames. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let frames = 0;
        const tick = () => (++frames >= 4 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
  );
}

/**
 * Presses a key until the section's active step is `want`. A press may stop
 * on a heading or inside a card taller than the screen, but it must never
 * jump past a step.
 */
async function pressUntilStep(page: Page, section: Locator, key: 'PageDown' | 'PageUp', want: number): Promise<void> {
  const before = want + (key === 'PageDown' ? -1 : 1);
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press(key);
    await settle(page);
    const now = await section.getAttribute('data-active-step');
    if (now === String(want)) return;
    expect(now, `after ${key} ×${i + 1}, on the way to step ${want}`).toBe(String(before));
  }
  throw new Error(`${key} never reached step ${want}`);
}

test.describe('presenter mode', () => {
  test.use({ reducedMotion: 'reduce' });

  test('a clicker steps through the scrollytelling in order; Escape leaves', async ({ page }) => {
    await page.goto('/en/02-memorize-then-generalize/?workshop=1&backend=wasm');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-workshop', '');
    await expect(page.locator('.sidebar')).toBeHidden();
    const bar = page.getByRole('complementary', { name: 'Presenter mode' });
    await expect(bar).toBeVisible();

    const section = page.locator('[data-scrolly]').first();
    // The figure's own controls wait until the presenter asks for them.
    await expect(section.locator('[data-scrolly-nav]')).toBeHidden();
    await expect(section).toHaveAttribute('data-active-step', '-1');
    for (const step of [0, 1, 2]) await pressUntilStep(page, section, 'PageDown', step);
    await expect(section.locator('[data-scrolly-step]').nth(2)).toHaveAttribute('data-active', '');
    await expect(bar).toContainText('Step 3 of 5');
    await pressUntilStep(page, section, 'PageUp', 1);
    await expect(bar).toContainText('Step 2 of 5');

    await page.keyboard.press('c');
    await expect(section.locator('[data-scrolly-nav]')).toBeVisible();
    await expect(bar.getByRole('button', { name: 'Show controls' })).toHaveAttribute('aria-pressed', 'true');

    await page.keyboard.press('Escape');
    await expect(html).not.toHaveAttribute('data-workshop');
    await expect(bar).toBeHidden();
    await expect(page.locator('.sidebar')).toBeVisible();
    // Leaving for good: a reload does not bring it back.
    expect(new URL(page.url()).searchParams.has('workshop')).toBe(false);
  });

  test('the QR code opens the same page and section, without the presenter’s settings', async ({ page }) => {
    await page.goto('/en/02-memorize-then-generalize/?workshop=1&backend=wasm');
    const section = page.locator('[data-scrolly]').first();
    await pressUntilStep(page, section, 'PageDown', 0);
    const bar = page.getByRole('complementary', { name: 'Presenter mode' });
    // The bar opens fully when pointed at.
    await bar.hover();
    await bar.getByRole('button', { name: 'QR code' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open this page on your phone' });
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('svg')).toBeVisible();
    const link = dialog.getByRole('link');
    await expect(link).toHaveText(/\/en\/02-memorize-then-generalize\/#watch-it-happen$/);
    await expect(link).not.toHaveText(/workshop|backend/);
    // Escape closes the dialog first, and only then leaves presenter mode.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.locator('html')).toHaveAttribute('data-workshop', '');
    await page.keyboard.press('q');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  });

  test('the header toggle turns it on for the tab; W turns it off', async ({ page }) => {
    await page.goto('/ja/01-modular-addition/');
    const toggle = page.getByRole('button', { name: '発表モード', exact: true });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-workshop', '');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    // The choice follows the presenter to the next chapter.
    await page.goto('/ja/02-memorize-then-generalize/?backend=wasm');
    await expect(page.locator('html')).toHaveAttribute('data-workshop', '');
    await page.locator('main').evaluate((el: HTMLElement) => el.focus());
    await page.keyboard.press('w');
    await expect(page.locator('html')).not.toHaveAttribute('data-workshop');
    await page.reload();
    await expect(page.getByRole('button', { name: '発表モード', exact: true })).toHaveAttribute('aria-pressed', 'false');
    await expect(page.locator('html')).not.toHaveAttribute('data-workshop');
  });

  test('W does nothing while typing', async ({ page }) => {
    await page.goto('/en/01-modular-addition/');
    // Any text field will do; chapters have none of their own.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.setAttribute('aria-label', 'probe');
      document.querySelector('main')!.prepend(input);
    });
    const field = page.getByRole('textbox', { name: 'probe' });
    await field.focus();
    await page.keyboard.press('w');
    await expect(field).toHaveValue('w');
    await expect(page.locator('html')).not.toHaveAttribute('data-workshop');
  });

  test('the preset picker opens the preset in the playground', async ({ page }) => {
    const playground = (url: URL) => url.pathname === '/en/12-playground/' && url.searchParams.get('preset') === 'grokfast';
    // Only the address matters here, not the playground itself.
    await page.route(playground, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>playground</title>' }));
    await page.goto('/en/01-modular-addition/?workshop=1');
    const bar = page.getByRole('complementary', { name: 'Presenter mode' });
    await bar.hover();
    await bar.getByRole('combobox', { name: 'Preset to run in the playground' }).selectOption('grokfast');
    await bar.getByRole('button', { name: 'Run in playground' }).click();
    await page.waitForURL(playground);
  });

  test('axe finds no violations with the bar open', async ({ page }) => {
    await page.goto('/en/01-modular-addition/?workshop=1');
    const bar = page.getByRole('complementary', { name: 'Presenter mode' });
    await bar.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
    await page.keyboard.press('Enter');
    await expect(bar.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
