import AxeBuilder from '@axe-core/playwright';
import { test, expect, chapters, LANGS } from './fixtures';

const pages = ['/ja/', '/en/', ...LANGS.flatMap((lang) => chapters(lang).map((c) => `/${lang}/${c.slug}/`))];

for (const scheme of ['light', 'dark'] as const) {
  for (const path of pages) {
    test(`axe finds no violations on ${path} (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
}

test.describe('the root page', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`axe finds no violations on / (${scheme})`, async ({ page }) => {
      // It redirects at once; audit the chooser that readers without JavaScript see,
      // by serving its one page script empty.
      await page.route('**/_astro/index.astro_astro_type_script*.js', (route) =>
        route.fulfill({ contentType: 'text/javascript', body: '' }),
      );
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/');
      await expect(page.locator('h1')).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => v.id)).toEqual([]);
    });
  }
});

test('axe finds no violations on the 404 page', async ({ page }) => {
  test.info().annotations.push({ type: 'expected-404' });
  await page.goto('/ja/missing/');
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
});
