import { test, expect } from './fixtures';

test.describe('share links', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('a shared playground link opens the same preset, seed and step, and its copied link round-trips', async ({ page, context }) => {
    test.setTimeout(120_000);
    await page.goto('/en/12-playground/?preset=fast&seed=3&step=120&backend=wasm');
    const pg = page.locator('grok-playground');
    await pg.scrollIntoViewIfNeeded();
    await expect(pg).toHaveAttribute('data-preset', 'fast', { timeout: 20_000 });
    await expect(pg).toHaveAttribute('data-seed', '3');
    // The engine trains to exactly the shared step and stops there.
    await expect(pg).toHaveAttribute('data-step', '120', { timeout: 60_000 });
    await expect(pg).toHaveAttribute('data-issues', '0');
    const accuracy = await pg.getAttribute('data-test-accuracy');

    await pg.locator('[data-action="copy"]').click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).searchParams.get('seed')).toBe('3');
    expect(new URL(link).searchParams.get('step')).toBe('120');

    // The same run, opened by someone else: same settings, same step, same numbers.
    const other = await context.newPage();
    await other.goto(link.includes('backend=') ? link : `${link}&backend=wasm`);
    const again = other.locator('grok-playground');
    await again.scrollIntoViewIfNeeded();
    await expect(again).toHaveAttribute('data-step', '120', { timeout: 60_000 });
    await expect(again).toHaveAttribute('data-seed', '3');
    await expect(again).toHaveAttribute('data-test-accuracy', accuracy!);
  });

  test('hostile values get a translated message and safe defaults, never markup', async ({ page }) => {
    const hostile = new URLSearchParams([
      ['preset', '<img src=x onerror=alert(1)>'],
      ['seed', '1e999'],
      ['lr', 'NaN'],
      ['p', '-7'],
      ['__proto__', 'x'],
    ]).toString();
    await page.goto(`/ja/12-playground/?${hostile}&frac=%E0%A4%A`);
    const pg = page.locator('grok-playground');
    await pg.scrollIntoViewIfNeeded();
    const issues = pg.locator('[data-pg-issue-list] li');
    await expect(issues.first()).toBeVisible({ timeout: 20_000 });
    expect(await issues.count()).toBeGreaterThanOrEqual(4);
    // Japanese messages, and the hostile text shown as text only.
    await expect(pg.locator('[data-pg-issues]')).toContainText('プリセット');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await pg.locator('[data-pg-issues] *:not(ul):not(li):not(p):not(span):not(strong)').count()).toBe(0);
    // Safe defaults: the run is usable.
    await expect(pg.locator('[data-action="play"]')).toBeEnabled({ timeout: 20_000 });
  });
});
