// Takes screenshots of pages at phone and desktop widths, in both colour schemes,
// for looking at what we build. Needs the site served (`npm start` or `npm run preview`).
// Usage: node scripts/screenshots.mjs [outDir] [path ...]
// FULL=0 shoots the first screen only; SELECTOR='live-run' shoots that element (scrolled into view,
// after WAIT ms, default 0) instead of the page.
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from './browser.mjs';

const [outDir = 'screenshots', ...paths] = process.argv.slice(2);
const targets = paths.length > 0 ? paths : ['/', '/ja/', '/en/', '/ja/00-prologue/', '/en/00-prologue/', '/en/missing/'];
const base = process.env.BASE_URL ?? 'http://127.0.0.1:4321';
const widths = [360, 1280];
const schemes = ['light', 'dark'];

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
for (const width of widths) {
  for (const colorScheme of schemes) {
    const context = await browser.newContext({ viewport: { width, height: width < 600 ? 760 : 900 }, colorScheme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const path of targets) {
      await page.goto(new URL(path, base).href, { waitUntil: 'networkidle' });
      await page.evaluate(() => document.fonts.ready);
      const name = `${path.replace(/^\/|\/$/g, '').replace(/\//g, '_') || 'root'}-${width}-${colorScheme}.png`;
      if (process.env.SELECTOR) {
        const el = page.locator(process.env.SELECTOR).first();
        await el.scrollIntoViewIfNeeded();
        await page.waitForTimeout(Number(process.env.WAIT ?? 0));
        await el.screenshot({ path: `${outDir}/${name}` });
      } else {
        await page.screenshot({ path: `${outDir}/${name}`, fullPage: process.env.FULL !== '0' });
      }
      process.stdout.write(`${outDir}/${name}\n`);
    }
    await context.close();
  }
}
await browser.close();
