import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeServiceWorker } from '../scripts/offline.mjs';
import { serveStatic, type StaticServer } from '../scripts/static-server.ts';
import { expect, test } from './fixtures';

// Two deploys on one origin: A is the build in dist/; B is A with a revised chapter and a new
// page, and the service worker written again over it, exactly as B's own build would write it.
const PORT = (Number(process.env.E2E_PORT) || 4321) + 1;
const SITE = `http://127.0.0.1:${PORT}`;
const DIST = join(import.meta.dirname, '..', 'dist');
const CHANGED = 'en/09-glossary/index.html';
const ADDED = 'en/13-new-chapter/index.html';

// One server for the file: its tests run one after another.
test.describe.configure({ mode: 'serial' });

let server: StaticServer;
let b: string;

test.beforeAll(async () => {
  b = mkdtempSync(join(tmpdir(), 'grokking-deploy-b-'));
  cpSync(DIST, b, { recursive: true });
  const glossary = readFileSync(join(b, CHANGED), 'utf8');
  const revised = glossary.replace(/(<h1[^>]*>)Glossary(<\/h1>)/, '$1Glossary, revised$2');
  expect(revised).not.toBe(glossary);
  writeFileSync(join(b, CHANGED), revised);
  mkdirSync(join(b, 'en/13-new-chapter'));
  writeFileSync(join(b, ADDED), glossary.replace(/(<h1[^>]*>)Glossary(<\/h1>)/, '$1A new chapter$2'));
  await writeServiceWorker(b);
  // The worker file itself changes, which is what makes the browser install the new version.
  const [swA, swB] = [readFileSync(join(DIST, 'sw.js'), 'utf8'), readFileSync(join(b, 'sw.js'), 'utf8')];
  expect(swB).not.toBe(swA);
  expect(swB).toContain(ADDED);
  server = await serveStatic(DIST, PORT);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(b, { recursive: true, force: true });
});

test.describe('a new deploy', () => {
  test.use({ serviceWorkers: 'allow', baseURL: SITE });

  test('a returning reader is offered the new version, one click shows it everywhere, and new pages load online', async ({ page, context }) => {
    test.setTimeout(120_000);
    test.info().annotations.push({ type: 'expected-404', description: 'a missing page, online' });
    await page.goto('/en/09-glossary/');
    await expect(page.locator('html')).toHaveAttribute('data-offline', 'ready', { timeout: 60_000 });
    const title = page.locator('h1').first();
    await expect(title).toHaveText('Glossary');

    await server.setRoot(b);
    // The reader opens the new chapter in another tab: the old worker still controls the site, yet
    // the page comes from the network (it used to answer "Page not found" with status 200).
    const other = await context.newPage();
    const added = await other.goto('/en/13-new-chapter/');
    expect(added?.status()).toBe(200);
    await expect(other.locator('h1').first()).toHaveText('A new chapter');

    // That visit made the browser install the new worker; the first tab offers it and keeps reading the old page meanwhile.
    const notice = page.locator('[data-update-notice]');
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('html')).toHaveAttribute('data-update', 'waiting');
    await expect(notice).toContainText('A new version of this article is available.');
    await expect(title).toHaveText('Glossary');

    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect(title).toHaveText('Glossary, revised');
    await expect(notice).toBeHidden();
    // The other tab moved to the new version too.
    await expect.poll(() => other.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).type)).toBe('reload');
    await expect(other.locator('[data-update-notice]')).toBeHidden();

    // Online, a page nobody has is the server's 404, not a stored page that says so with status 200.
    expect((await page.goto('/en/no-such-chapter/'))?.status()).toBe(404);

    // Offline, the stored copies are version B's: the revised chapter and the new page.
    await context.setOffline(true);
    await page.goto('/en/09-glossary/');
    await expect(title).toHaveText('Glossary, revised');
    await page.goto('/en/13-new-chapter/');
    await expect(title).toHaveText('A new chapter');
    await page.goto('/en/no-such-chapter/');
    await expect(page.locator('[data-not-found="en"] h1')).toHaveText('Page not found');
    await context.setOffline(false);
  });
});
