// Engine benchmark: in Node and in headless Chromium, for each backend, the
// training speed of the *fast* and *classic* formulations (ms/step, steps/s,
// FLOPs/step, achieved GFLOP/s against the same backend's large-matmul
// GFLOP/s) and the wall-clock seconds from "play" to memorization and to
// grokking (median of 3 seeds) through the real engine. Also, on the prologue
// page: time to the first live step and the longest main-thread task while
// the live figure trains and draws.
// Usage: npm run bench [-- --json] [-- --no-build] [-- --quick]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { chromium } from '@playwright/test';
import { matmulGflops, measureSpeed, median, timeToGrok, type GrokResult, type SpeedResult } from '../src/bench/measure.ts';
import { chooseBackend, type BackendName } from '../src/worker/backend.ts';
import { findChromium } from './browser.mjs';
import { servePreview } from './serve.mjs';

interface BackendRow {
  where: 'node' | 'chromium';
  backend: BackendName;
  unavailable?: boolean;
  note?: string;
  device?: string;
  matmulGflops?: number;
  speed?: SpeedResult[];
  grok?: GrokResult[];
}

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');
const seeds = args.has('--quick') ? [0] : [0, 1, 2];
const say = (s: string) => {
  if (!asJson) process.stdout.write(`${s}\n`);
};
const rows: BackendRow[] = [];

// Node: the pure-JS CPU backend is ~100x slower than WASM, so it gets the speed numbers only.
for (const backend of ['wasm', 'cpu'] as const) {
  say(`Node ${backend}…`);
  await tf.setBackend(backend);
  await tf.ready();
  const quick = backend === 'cpu';
  const speed = [await measureSpeed('fast', quick ? 1500 : 600)];
  if (!quick) speed.push(await measureSpeed('classic'));
  const grok: GrokResult[] = [];
  if (!quick) {
    for (const preset of ['fast', 'classic'] as const) {
      for (const seed of seeds) grok.push(await timeToGrok(preset, seed, (o) => chooseBackend({ ...o, forced: backend })));
    }
  }
  rows.push({ where: 'node', backend, matmulGflops: await matmulGflops(backend === 'cpu' ? 256 : 512, backend === 'cpu' ? 2 : 8), speed, grok, ...(quick ? { note: 'speed only: too slow to grok in a benchmark' } : {}) });
}

if (!args.has('--no-build') || !existsSync('dist/bench/index.html')) {
  say('Building…');
  execFileSync('npx', ['astro', 'build'], { stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
}
const server = await servePreview(4330);
const executablePath = await findChromium();
const browser = await chromium.launch({
  ...(executablePath ? { executablePath } : {}),
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--enable-unsafe-webgpu'],
});
let page: { firstStepMs: number | null; maxLongTaskMs: number; longTasks: number; loadMaxLongTaskMs: number; grokSeconds: number | null } | undefined;
try {
  for (const backend of ['wasm', 'webgl', 'webgpu', 'cpu'] as const) {
    say(`Chromium ${backend}…`);
    const context = await browser.newContext();
    const tab = await context.newPage();
    // Software GPUs (SwiftShader here) and the JS CPU backend are far too slow to grok in a benchmark.
    const full = backend === 'wasm';
    const query = new URLSearchParams({ backend, speed: full ? 'fast,classic' : 'fast', grok: full ? 'fast,classic' : '', seeds: seeds.join(',') });
    await tab.goto(`${server.url}/bench/?${query}`);
    await tab.click('[data-bench-run]');
    const result = (await tab.evaluate(() => (window as unknown as { benchResult: Promise<unknown> }).benchResult)) as BackendRow & { error?: string };
    if (result.error) throw new Error(`${backend}: ${result.error}`);
    rows.push({ ...result, where: 'chromium', backend, ...(full ? {} : { note: 'speed only' }) });
    await context.close();
  }

  // The reader's view: the prologue's live figure, with long tasks observed on the main thread.
  say('Prologue page…');
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.addInitScript(() => {
    const w = window as unknown as { longTasks: number[]; playingAt?: number; grokkedAt?: number };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
    // When the figure starts playing and when it reports grokking, as the reader's clock sees them:
    // a cold page, so this includes the worker's start and WebAssembly's first, unoptimized steps.
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as Element;
        if (el.localName !== 'live-run') continue;
        if (w.playingAt === undefined && el.getAttribute('data-status') === 'playing') w.playingAt = performance.now();
        if (w.grokkedAt === undefined && el.hasAttribute('data-grokked-at')) w.grokkedAt = performance.now();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-status', 'data-grokked-at'] });
  });
  await tab.goto(`${server.url}/en/00-prologue/?backend=wasm`);
  const fig = tab.locator('live-run').first();
  await fig.scrollIntoViewIfNeeded();
  await fig.waitFor();
  // Long tasks during page load (parsing, first layout) are counted apart from those while training.
  await tab.waitForFunction(() => Number(document.querySelector('live-run')?.getAttribute('data-step') ?? 0) > 0, undefined, { timeout: 60_000 });
  const loadTasks = await tab.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    const seen = w.longTasks;
    w.longTasks = [];
    return seen;
  });
  await tab.waitForFunction(() => document.querySelector('live-run')?.getAttribute('data-grokked-at') !== null, undefined, { timeout: 120_000 });
  const firstStepMs = Number(await fig.getAttribute('data-first-step-ms'));
  const tasks = await tab.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const clock = await tab.evaluate(() => {
    const w = window as unknown as { playingAt?: number; grokkedAt?: number };
    return w.playingAt !== undefined && w.grokkedAt !== undefined ? (w.grokkedAt - w.playingAt) / 1000 : null;
  });
  page = { firstStepMs, maxLongTaskMs: Math.max(0, ...tasks), longTasks: tasks.length, loadMaxLongTaskMs: Math.max(0, ...loadTasks), grokSeconds: clock };
  await context.close();
} finally {
  await browser.close();
  server.stop();
}

const fmt = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d));
const summary = rows.map((r) => {
  const speed = Object.fromEntries((r.speed ?? []).map((s) => [s.preset, s]));
  const grokOf = (p: string) => (r.grok ?? []).filter((g) => g.preset === p);
  return {
    ...r,
    medians: Object.fromEntries(
      ['fast', 'classic'].map((p) => [
        p,
        {
          memorizeSeconds: median(grokOf(p).map((g) => g.memorizeSeconds)),
          grokSeconds: median(grokOf(p).map((g) => g.grokSeconds)),
          grokStep: median(grokOf(p).map((g) => g.grokStep)),
        },
      ]),
    ),
    speedByPreset: speed,
  };
});

if (asJson) {
  process.stdout.write(`${JSON.stringify({ rows: summary, page }, null, 2)}\n`);
} else {
  say('\nwhere     backend  preset   ms/step  steps/s  MFLOP/step  GFLOP/s  matmul GFLOP/s  ms/metrics  mem s  grok s  (grok step)');
  for (const r of summary) {
    if (r.unavailable) {
      say(`${r.where.padEnd(9)} ${r.backend.padEnd(8)} unavailable`);
      continue;
    }
    for (const s of r.speed ?? []) {
      const m = r.medians[s.preset as 'fast' | 'classic'];
      say(
        `${r.where.padEnd(9)} ${r.backend.padEnd(8)} ${s.preset.padEnd(8)} ${fmt(s.msPerStep, 2).padStart(7)} ${fmt(s.stepsPerSecond, 0).padStart(8)} ${fmt(s.mflopPerStep).padStart(11)} ${fmt(s.gflops).padStart(8)} ${fmt(r.matmulGflops).padStart(15)} ${fmt(s.msPerMetrics).padStart(11)} ${fmt(m?.memorizeSeconds, 2).padStart(6)} ${fmt(m?.grokSeconds, 2).padStart(7)}  ${m?.grokStep ?? '–'}`,
      );
    }
    if (r.device) say(`          (${r.device})`);
    if (r.note) say(`          (${r.note})`);
  }
  if (page) {
    say(
      `\nPrologue, live fast preset on wasm: first live step ${fmt(page.firstStepMs, 0)} ms after the figure asked for the engine; ` +
        `while training: ${page.longTasks} main-thread tasks ≥ 50 ms (longest ${fmt(page.maxLongTaskMs, 0)} ms); ` +
        `during page load: longest task ${fmt(page.loadMaxLongTaskMs, 0)} ms. ` +
        `Cold page, from "playing" to the grokked mark: ${fmt(page.grokSeconds, 2)} s.`,
    );
  }
}
