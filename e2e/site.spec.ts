import { test, expect, chapters, LANGS } from './fixtures';

for (const lang of LANGS) {
  for (const { slug, title, appendix } of chapters(lang)) {
    test(`${lang}/${slug} renders with its metadata`, async ({ page, baseURL }) => {
      const response = await page.goto(`/${lang}/${slug}/`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.locator('h1')).toHaveText(title);
      // Chapters open with three executive points; appendices are reference material without them.
      await expect(page.locator('.tldr li')).toHaveCount(appendix ? 0 : 3);
      await expect(page.locator('[data-prose] h2').first()).toBeVisible();

      // hreflang alternates: absolute, one per language, plus x-default.
      const alternates = await page.locator('link[rel="alternate"][hreflang]').evaluateAll((links) =>
        links.map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]),
      );
      const origin = new URL(baseURL!).origin;
      expect(Object.fromEntries(alternates)).toEqual({
        ja: `${origin}/ja/${slug}/`,
        en: `${origin}/en/${slug}/`,
        'x-default': `${origin}/en/${slug}/`,
      });
      await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${origin}/${lang}/${slug}/`);
    });
  }

  test(`${lang} contents page lists every chapter in order`, async ({ page }) => {
    await page.goto(`/${lang}/`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    const titles = await page.locator('.chapter-list .title').allTextContents();
    expect(titles).toEqual(chapters(lang).map((c) => c.title));
  });
}

test('math is typeset by KaTeX with its own stylesheet', async ({ page }) => {
  await page.goto('/en/00-prologue/');
  await expect(page.locator('.katex-display')).toHaveCount(1);
  expect(await page.locator('.katex').count()).toBeGreaterThan(3);
  // KaTeX's MathML copy is for screen readers only; the HTML rendering must be the visible one.
  await expect(page.locator('.katex-mathml').first()).toHaveCSS('position', 'absolute');
  // With a CSS that does not match the HTML, scripts render at full size and inline.
  const sizes = await page.evaluate(() => {
    const sup = document.querySelector('.katex .msupsub .mord, .katex .msupsub span[class*="size"]');
    const base = sup?.closest('.katex');
    if (!sup || !base) return null;
    return { sup: parseFloat(getComputedStyle(sup).fontSize), base: parseFloat(getComputedStyle(base).fontSize) };
  });
  expect(sizes).not.toBeNull();
  expect(sizes!.sup).toBeLessThan(sizes!.base * 0.85);
  // KaTeX fonts come from this site.
  const fontsLoaded = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.family.startsWith('KaTeX') && f.status === 'loaded').length;
  });
  expect(fontsLoaded).toBeGreaterThan(0);
});

test('the language switch keeps the chapter and section, both ways', async ({ page }) => {
  const sw = page.locator('[data-lang-switch]');
  const hashOf = () => decodeURIComponent(new URL(page.url()).hash.slice(1));
  const jumpToThirdSection = async () => {
    const ids = await page.locator('[data-prose] h2').evaluateAll((hs) => hs.map((h) => h.id));
    expect(ids.length).toBeGreaterThanOrEqual(3);
    await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'start' }), ids[2]!);
    // The switch points at the other language's third section once the scroll has settled.
    const target = ((await sw.getAttribute('data-sections')) ?? '').split(' ')[2]!;
    await expect.poll(async () => decodeURIComponent((await sw.getAttribute('href')) ?? '')).toMatch(new RegExp(`#${target}$`));
    return { ids, target };
  };
  // Click where the reader sees the switch. Locator.click() would first scroll the
  // sticky header "into view", which moves the page back to the top.
  const clickSwitch = async () => {
    const box = (await sw.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  };

  // Instant scrolling: a click during a smooth scroll would race with it.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/ja/00-prologue/');
  const ja = await jumpToThirdSection();
  await clickSwitch();
  await expect(page).toHaveURL(/\/en\/00-prologue\/#.+/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(hashOf()).toBe(ja.target);
  await expect(page.locator(`[id="${ja.target}"]`)).toBeInViewport();

  const en = await jumpToThirdSection();
  expect(en.ids[2]).toBe(ja.target);
  await clickSwitch();
  await expect(page).toHaveURL(/\/ja\/00-prologue\/#.+/);
  expect(hashOf()).toBe(ja.ids[2]);
  expect(en.target).toBe(ja.ids[2]);
  await expect(page.locator(`[id="${ja.ids[2]}"]`)).toBeInViewport();
});

test('the table of contents and the progress bar follow the reader', async ({ page }) => {
  await page.goto('/en/00-prologue/');
  const bar = page.locator('[data-reading-progress]');
  const scale = () => bar.evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
  expect(await scale()).toBeLessThan(0.2);
  const ids = await page.locator('[data-prose] h2').evaluateAll((hs) => hs.map((h) => h.id));
  // The live figure above may still grow as it draws; scroll again until the heading stays put.
  await expect(async () => {
    await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'start', behavior: 'instant' }), ids[1]!);
    await expect(page.locator(`[data-toc-link="${ids[1]}"]`)).toHaveAttribute('aria-current', 'true', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  // At the end of the page the bar is full; figures below may still grow as they draw, so go to the end again until it stays the end.
  await expect(async () => {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(scale, { timeout: 1_000 }).toBeGreaterThan(0.99);
  }).toPass({ timeout: 15_000 });
});

test('the colour scheme follows the system and a toggle that persists', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/ja/00-prologue/');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await bg();
  await page.getByRole('button', { name: /配色/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const light = await bg();
  expect(light).not.toBe(dark);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await bg()).toBe(light);
});

test.describe('the root page', () => {
  for (const [locale, expected] of [
    ['ja-JP', 'ja'],
    ['en-US', 'en'],
    ['fr-FR', 'en'],
  ] as const) {
    test.describe(`with browser language ${locale}`, () => {
      test.use({ locale });
      test(`sends the reader to /${expected}/`, async ({ page }) => {
        await page.goto('/');
        await expect(page).toHaveURL(new RegExp(`/${expected}/$`));
      });
    });
  }

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });
    test('offers both languages', async ({ page }) => {
      await page.goto('/');
      await expect(page.locator('a[href="/ja/"]')).toBeVisible();
      await expect(page.locator('a[href="/en/"]')).toBeVisible();
    });
  });

  test('remembers an explicit language choice', async ({ page }) => {
    await page.goto('/ja/');
    await page.locator('[data-lang-switch]').click();
    await expect(page).toHaveURL(/\/en\/$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/en\/$/);
  });
});

test('a missing page answers 404 in the language of its URL', async ({ page }) => {
  test.info().annotations.push({ type: 'expected-404' });
  const response = await page.goto('/en/no-such-chapter/');
  expect(response?.status()).toBe(404);
  await expect(page.locator('main section').first()).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'Back to the contents' })).toHaveAttribute('href', '/en/');
  await expect(page.getByRole('link', { name: '目次へ戻る' })).toHaveAttribute('href', '/ja/');
});

test('the address follows the section being read', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/en/00-prologue/');
  const ids = await page.locator('[data-prose] h2').evaluateAll((hs) => hs.map((h) => h.id));
  await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'start' }), ids[1]!);
  await expect.poll(() => decodeURIComponent(new URL(page.url()).hash.slice(1))).toBe(ids[1]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => new URL(page.url()).hash).toBe('');
});
