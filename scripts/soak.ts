// Soak benchmark: the prologue's live figure trains in headless Chromium for
// ten minutes (the fast preset, restarted each time it finishes), and the
// worker's live tensor count and the page's JS heap are read at the start
// and at the end (after a forced garbage collection). Targets: the tensor
// count stays flat; the heap grows by less than 10 MB.
// Usage: npm run soak [-- --minutes 10] [-- --no-build] [-- --json]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from './browser.mjs';
import { servePreview } from './serve.mjs';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const minutesAt = argv.indexOf('--minutes');
const minutes = minutesAt >= 0 ? Number(argv[minutesAt + 1]) : 10;
const asJson = flag('--json');
const say = (s: string) => {
  if (!asJson) process.stdout.write(`${s}\n`);
};
const HEAP_BUDGET_MB = 10;

if (!flag('--no-build') || !existsSync('dist/en/00-prologue/index.html')) {
  say('Building…');
  execFileSync('npx', ['astro', 'build'], { stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
}
const server = await servePreview(4331);
const executablePath = await findChromium();
const browser = await chromium.launch({
  ...(executablePath ? { executablePath } : {}),
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

interface Sample {
  seconds: number;
  steps: number;
  runs: number;
  tensors: number;
  heapMB: number;
}

try {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${server.url}/en/00-prologue/?backend=wasm`);
  const fig = page.locator('live-run').first();
  await fig.scrollIntoViewIfNeeded();
  await fig.locator('[data-action="play"]:not([disabled])').waitFor({ timeout: 30_000 });

  let runs = 0;
  let stepsBefore = 0;
  const read = async (seconds: number): Promise<Sample> => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const step = Number((await fig.getAttribute('data-step')) ?? 0);
    return { seconds, steps: stepsBefore + step, runs, tensors: Number((await fig.getAttribute('data-tensors')) ?? Number.NaN), heapMB: usedSize / 1048576 };
  };

  // Start training, then take the first reading once the run (and its tensors) exist.
  // The prologue autoplays; play is a toggle, so clicking it before autoplay begins would pause the run.
  const autoplayed = await page
    .waitForFunction((el) => el?.getAttribute('data-status') === 'playing', await fig.elementHandle(), { timeout: 5_000 })
    .then(() => true, () => false);
  if (!autoplayed) await fig.locator('[data-action="play"]').click();
  await page.waitForFunction((el) => Number(el?.getAttribute('data-step')) > 0, await fig.elementHandle(), { timeout: 30_000 });
  const start = Date.now();
  const samples: Sample[] = [await read(0)];
  say(`t=0 s: tensors ${samples[0]!.tensors}, heap ${samples[0]!.heapMB.toFixed(1)} MB`);
  const end = start + minutes * 60_000;
  let nextSample = start + 60_000;
  while (Date.now() < end) {
    const status = await fig.getAttribute('data-status');
    if (status === 'done' || status === 'faulted') {
      stepsBefore += Number((await fig.getAttribute('data-step')) ?? 0);
      runs++;
      // "Again": reset and train from step 0 with the same settings.
      await fig.locator('[data-action="play"]').click();
    }
    if (Date.now() >= nextSample) {
      const s = await read(Math.round((Date.now() - start) / 1000));
      samples.push(s);
      say(`t=${s.seconds} s: ${s.steps} steps over ${s.runs} completed runs, tensors ${s.tensors}, heap ${s.heapMB.toFixed(1)} MB`);
      nextSample += 60_000;
    }
    await page.waitForTimeout(250);
  }
  const last = await read(Math.round((Date.now() - start) / 1000));
  samples.push(last);
  const first = samples[0]!;
  const growth = last.heapMB - first.heapMB;
  const tensorsFlat = samples.every((s) => s.tensors === first.tensors);
  const result = {
    minutes,
    steps: last.steps,
    completedRuns: last.runs,
    tensors: { start: first.tensors, end: last.tensors, max: Math.max(...samples.map((s) => s.tensors)), flat: tensorsFlat },
    heapMB: { start: +first.heapMB.toFixed(2), end: +last.heapMB.toFixed(2), growth: +growth.toFixed(2), budget: HEAP_BUDGET_MB },
    samples,
  };
  if (asJson) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    say(`\n${minutes} min, ${last.steps} steps, ${last.runs} completed runs`);
    say(`tensors: ${first.tensors} → ${last.tensors} (max ${result.tensors.max}) ${tensorsFlat ? 'flat ✓' : 'NOT flat ✗'}`);
    say(`JS heap: ${first.heapMB.toFixed(1)} → ${last.heapMB.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB; budget < ${HEAP_BUDGET_MB} MB) ${growth < HEAP_BUDGET_MB ? '✓' : '✗'}`);
  }
} finally {
  await browser.close();
  server.stop();
}
