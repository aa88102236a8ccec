import { test, expect, chapters, LANGS } from './fixtures';

/** Unfilled `{name}` placeholders or raw UI-string keys in what the reader sees. */
async function missingStrings(page: import('@playwright/test').Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const found = [
    ...(text.match(/\{[a-zA-Z]+\}/g) ?? []),
    ...(text.match(/\b(?:live|scrolly|lab|monitor|timeline|phrase|glossary|refs|workshop|playground|url|static|chapter|nav)\.[a-z][a-zA-Z.]+\b/g) ?? []),
  ];
  return [...new Set(found)];
}

for (const lang of LANGS) {
  test(`a tour of every ${lang} chapter: every step of every scrolly section, no error, no missing string`, async ({ page }) => {
    test.setTimeout(240_000);
    // Live figures stay put under reduced motion, so the tour checks the pages, not the training speed.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    for (const { slug } of chapters(lang)) {
      await page.goto(`/${lang}/${slug}/?backend=wasm`);
      await expect(page.locator('h1')).toBeVisible();
      for (const section of await page.locator('[data-scrolly]').all()) {
        const steps = await section.locator('[data-scrolly-step]').count();
        await section.locator('[data-scrolly-step]').first().scrollIntoViewIfNeeded();
        const prev = section.locator('[data-scrolly-prev]');
        const next = section.locator('[data-scrolly-next]');
        // The step buttons scroll the page to their step; start from the first, then walk every one.
        if (Number(await section.getAttribute('data-active-step') ?? -1) < 0) await next.click();
        while (Number(await section.getAttribute('data-active-step')) > 0) await prev.click();
        for (let i = 0; i < steps; i++) {
          await expect(section, `${slug}: step ${i + 1} of ${steps}`).toHaveAttribute('data-active-step', String(i), { timeout: 10_000 });
          if (i < steps - 1) await next.click();
        }
      }
      expect(await missingStrings(page), `${slug}`).toEqual([]);
    }
  });
}

test('the timeline selects papers from the keyboard and follows the chapter’s steps', async ({ page }) => {
  await page.goto('/en/06-research-frontier/');
  const timeline = page.locator('research-timeline').first();
  await timeline.scrollIntoViewIfNeeded();
  const section = page.locator('[data-scrolly]').filter({ has: timeline });
  await expect(timeline).toHaveAttribute('data-highlight', /power2022/, { timeout: 10_000 });
  await section.locator('[data-scrolly-next]').click();
  await expect(timeline).not.toHaveAttribute('data-highlight', /power2022/);
  // A paper chosen by the reader opens its card with the arXiv link.
  const focusable = timeline.locator('button[tabindex="0"]').first();
  await focusable.focus();
  await page.keyboard.press('Home');
  await expect(timeline).toHaveAttribute('data-selected', 'power2022');
  await expect(timeline.getByRole('link', { name: /arXiv/ }).first()).toHaveAttribute('href', 'https://arxiv.org/abs/2201.02177');
  await page.keyboard.press('ArrowRight');
  await expect(timeline).not.toHaveAttribute('data-selected', 'power2022');
});

test('the monitoring dashboard reads a run without a test set: keep training with weight decay, intervene without', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/en/07-in-practice/?backend=wasm');
  const monitor = page.locator('monitor-figure').first();
  await monitor.scrollIntoViewIfNeeded();
  await expect(monitor).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  const play = monitor.locator('[data-action="play"]');
  await play.click();
  await expect(monitor).toHaveAttribute('data-verdict', 'keep', { timeout: 120_000 });
  await monitor.getByText('Without weight decay', { exact: true }).click();
  await expect(monitor).toHaveAttribute('data-preset', 'noreg');
  await expect(play).toBeEnabled({ timeout: 20_000 });
  if ((await play.getAttribute('aria-pressed')) !== 'true') await play.click();
  await expect(monitor).toHaveAttribute('data-verdict', 'intervene', { timeout: 120_000 });
});

test.describe('meeting phrases', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  for (const lang of LANGS) {
    test(`copy buttons copy the phrase (${lang}) and the page prints on one A4 sheet`, async ({ page }) => {
      await page.goto(`/${lang}/08-meeting-phrases/`);
      const phrases = page.locator('[id^="phrase-"]');
      expect(await phrases.count()).toBeGreaterThanOrEqual(8);
      const first = phrases.first();
      const quote = (await first.locator('blockquote').innerText()).replace(/\s+/g, ' ').trim();
      await first.getByRole('button').first().click();
      await expect(first.locator('[aria-live]')).not.toBeEmpty();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied.replace(/\s+/g, ' ').trim().length).toBeGreaterThan(5);
      expect(quote.replace(/\s+/g, '')).toContain(copied.replace(/\s+/g, ''));
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages).toHaveLength(1);
    });
  }
});

test('glossary terms show their definition on keyboard focus and link to the glossary', async ({ page }) => {
  await page.goto('/en/05-weak-regularization/');
  const term = page.locator('[data-term]').first();
  const link = term.locator('a');
  await expect(link).toHaveAttribute('href', /\/en\/09-glossary\/#term-/);
  const tip = term.locator('[role="tooltip"]');
  await expect(tip).toBeHidden();
  await link.focus();
  await expect(tip).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();
  const href = await link.getAttribute('href');
  await page.goto(href!);
  await expect(page.locator(`[id="${href!.split('#')[1]}"]`)).toBeVisible();
});
