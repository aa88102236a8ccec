import AxeBuilder from '@axe-core/playwright';
import { test, expect, LANGS } from './fixtures';

for (const lang of LANGS) {
  test(`the kernel lab renders and recomputes its point live (${lang})`, async ({ page }) => {
    await page.goto(`/${lang}/03-kernel-regime/?backend=wasm`);
    const lab = page.locator('kernel-lab');
    await lab.scrollIntoViewIfNeeded();
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(lab.locator('.chart--separation-curve, .chart').first()).toBeVisible();
    // The initial eNTK of one finite-width draw, at 90% of the table: still no better than guessing.
    await lab.locator('input[value="entk0"]').check();
    await lab.locator('[data-lab-fraction]').evaluate((el: HTMLInputElement) => {
      el.value = '0.9';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect(lab).toHaveAttribute('data-fraction', '0.9', { timeout: 30_000 });
    await expect(lab).toHaveAttribute('data-state', 'done');
    const accuracy = Number(await lab.getAttribute('data-test-accuracy'));
    expect(accuracy).toBeLessThan(1 / 31);
    await expect(lab.locator('[data-lab-result]')).toContainText('90');
    await expect(lab.locator('.rank-bar')).toHaveCount(31);
    // The lab's own controls, charts and tables, once drawn, pass axe too.
    const { violations } = await new AxeBuilder({ page }).include('kernel-lab').analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test('α separates lazy from rich: the kernel barely moves in one and moves a lot in the other', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/en/03-kernel-regime/?backend=wasm');
  const live = page.locator('live-run[data-preset="lazyrich"]');
  await live.scrollIntoViewIfNeeded();
  await expect(live).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await live.getByRole('button', { name: 'Train' }).click();
  await expect.poll(async () => Number(await live.getAttribute('data-step')), { timeout: 90_000 }).toBeGreaterThanOrEqual(150);
  const lazy = Number(await live.getAttribute('data-run-lazy-ntk'));
  const rich = Number(await live.getAttribute('data-run-rich-ntk'));
  expect(lazy).toBeLessThan(0.05);
  expect(rich).toBeGreaterThan(0.5);
  expect(Number(await live.getAttribute('data-run-rich-test'))).toBeGreaterThan(Number(await live.getAttribute('data-run-lazy-test')));
});
