import { test, expect, chapters, LANGS } from './fixtures';

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

for (const lang of LANGS) {
  test(`every ${lang} chapter has a link preview: title, description and a 1200 × 630 image`, async ({ page, request }) => {
    for (const { slug, title } of chapters(lang)) {
      await page.goto(`/${lang}/${slug}/`);
      const meta = (property: string) => page.locator(`meta[property="${property}"]`).getAttribute('content');
      expect(await meta('og:title')).toContain(title);
      expect((await meta('og:description'))?.length).toBeGreaterThan(20);
      expect(await page.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary_large_image');
      const image = await meta('og:image');
      expect(image).toMatch(new RegExp(`/${lang}/og/${slug}\\.png$`));
      const res = await request.get(new URL(image!).pathname);
      expect(res.ok()).toBe(true);
      expect(res.headers()['content-type']).toContain('image/png');
      expect(pngSize(await res.body())).toEqual({ width: 1200, height: 630 });
    }
  });
}

test('the site is installable: a manifest with PNG icons of 192 and 512 px', async ({ page, request }) => {
  await page.goto('/en/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await request.get(href!)).json();
  expect(manifest.start_url).toBe('/');
  expect(manifest.display).toBe('standalone');
  const sizes = new Set<string>();
  for (const icon of manifest.icons.filter((i: { type: string }) => i.type === 'image/png')) {
    const res = await request.get(icon.src);
    expect(res.ok()).toBe(true);
    const { width, height } = pngSize(await res.body());
    expect(`${width}x${height}`).toBe(icon.sizes);
    sizes.add(icon.sizes);
  }
  expect([...sizes].sort()).toEqual(['192x192', '512x512']);
});

test('each live figure has a recorded picture for readers without JavaScript, in their language', async ({ request }) => {
  for (const lang of LANGS) {
    const res = await request.get(`/${lang}/figures/classic.svg`);
    expect(res.ok()).toBe(true);
    const svg = await res.text();
    expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain(`lang="${lang}"`);
    expect(svg).toContain('<desc');
  }
});
