import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** A linked playground state: the run trains to step 100 and stops there. */
const PATH = '/en/12-playground/?preset=fast&step=100';

async function trainedTo100(page: Page): Promise<Locator> {
  await page.goto(PATH);
  const pg = page.locator('grok-playground');
  await expect(pg).toHaveAttribute('data-step', '100', { timeout: 90_000 });
  await expect(pg).not.toHaveAttribute('data-status', 'playing');
  return pg;
}

async function saved(page: Page, click: () => Promise<void>): Promise<{ download: Download; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { download, body: await readFile(path) };
}

test.describe('export', () => {
  test.setTimeout(120_000);

  test("a run's metrics as CSV and JSON", async ({ page }) => {
    const pg = await trainedTo100(page);
    const csv = await saved(page, () => pg.getByRole('button', { name: 'Download CSV' }).click());
    expect(csv.download.suggestedFilename()).toMatch(/^fast-metrics-en-\d{8}-\d{4}\.csv$/);
    const rows = csv.body.toString('utf8').trim().split(/\r?\n/);
    const header = rows[0]!.split(',');
    expect(header.slice(0, 5)).toEqual(['step', 'train_loss', 'train_acc', 'test_loss', 'test_acc']);
    for (const column of ['weight_norm', 'linf', 'distance_from_init', 'ntk_change', 'ipr', 'tuned_fraction', 'margin', 'zero_loss_fraction']) {
      expect(header).toContain(column);
    }
    expect(rows.length).toBeGreaterThan(2);
    const last = rows.at(-1)!.split(',');
    expect(last).toHaveLength(header.length);
    expect(last[0]).toBe('100');

    const json = await saved(page, () => pg.getByRole('button', { name: 'Download JSON' }).click());
    expect(json.download.suggestedFilename()).toMatch(/\.json$/);
    const data = JSON.parse(json.body.toString('utf8'));
    expect(data.preset).toBe('fast');
    expect(data.runs).toHaveLength(1);
    expect(data.runs[0].config.p).toBe(47);
    expect(data.runs[0].records.at(-1).step).toBe(100);
    expect(data.url).toContain('preset=fast');
    expect(typeof data.backend).toBe('string');
    expect(Number.isNaN(Date.parse(data.exportedAt))).toBe(false);
  });

  test('a chart as SVG with its title and the link, and as PNG', async ({ page }) => {
    const pg = await trainedTo100(page);
    const grid = pg.locator('.chart--prediction-grid');
    const menu = grid.locator('.chart-export');
    await menu.locator('summary').click();
    const svgButton = menu.getByRole('button', { name: /SVG/ });
    await expect(svgButton).toBeVisible();
    // The address bar is made canonical a moment after the run stops; the file carries whatever it says then.
    const svg = await saved(page, () => svgButton.click());
    expect(svg.download.suggestedFilename()).toMatch(/^prediction-grid-en-\d{8}-\d{4}\.svg$/);
    const url = await page.evaluate(() => location.href);
    const title = await grid.locator('.chart-figure').getAttribute('aria-label');
    const checked = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        ok: doc.querySelector('parsererror') === null && doc.documentElement.localName === 'svg',
        text: doc.documentElement.textContent ?? '',
        images: [...doc.querySelectorAll('image')].map((i) => i.getAttribute('href')?.slice(0, 22)),
      };
    }, svg.body.toString('utf8'));
    expect(checked.ok).toBe(true);
    // Long lines are wrapped at spaces in the file, so compare without spaces.
    const squeeze = (text: string) => text.replace(/\s+/g, '');
    expect(squeeze(checked.text)).toContain(squeeze(title!));
    expect(squeeze(checked.text)).toContain(url);
    // The grid's canvas travels inside the file.
    expect(checked.images).toContain('data:image/png;base64,');

    await menu.locator('summary').click();
    const png = await saved(page, () => menu.getByRole('button', { name: /PNG/ }).click());
    expect(png.download.suggestedFilename()).toMatch(/^prediction-grid-en-\d{8}-\d{4}\.png$/);
    expect([...png.body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.body.length).toBeGreaterThan(10_000);
    await expect(grid.locator('.chart-export__message')).toBeEmpty();
  });
});
