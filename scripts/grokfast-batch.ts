// Grokfast in minibatch training: steps to memorize (train > 99%) and to grok
// (test > 95%) for each batch size × gradient filter × seed, with metrics
// every 25 steps as for the presets, trained by the page's engine in Node on
// the WASM backend. Prints one line per run as it finishes, then a table.
// Every run uses the default settings (p = 47, 40% train, AdamW lr 1e-2,
// weight decay 1) except the batch size, the filter, and lr / wd when given.
// Usage: npm run grokfast-batch -- [--batches 442,884] [--filters none,ema]
//          [--seeds 0,1,2] [--steps 3000] [--lr 0.01] [--wd 1]
// A batch of 884 (the whole training set) or 0 is the full batch. Runs stop at
// grok unless --full is given.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { DEFAULT_CONFIG, TRANSFORM_DEFAULTS, validateConfig, type GradTransform, type RunConfig } from '../src/model/config.ts';
import { Trainer } from '../src/model/train.ts';

const EVERY = 25;
const FILTERS: Readonly<Record<string, GradTransform>> = {
  none: TRANSFORM_DEFAULTS.none,
  ema: TRANSFORM_DEFAULTS['grokfast-ema'],
  ma: TRANSFORM_DEFAULTS['grokfast-ma'],
};

function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}
const list = (name: string, fallback: string): string[] => option(name, fallback).split(',').filter(Boolean);

const batches = list('batches', '442').map(Number);
const filters = list('filters', 'none,ema');
const seeds = list('seeds', '0,1,2').map(Number);
const budget = Number(option('steps', '3000'));
const lr = Number(option('lr', String(DEFAULT_CONFIG.lr)));
const wd = Number(option('wd', '1'));
const full = process.argv.includes('--full');
for (const f of filters) if (!(f in FILTERS)) throw new Error(`Unknown filter "${f}" (known: ${Object.keys(FILTERS).join(', ')}).`);

interface Outcome {
  batch: number;
  filter: string;
  seed: number;
  memorize: number | null;
  grok: number | null;
  collapse: number | null;
  /** Test accuracy at the last measurement. */
  test: number;
  steps: number;
  seconds: number;
}

async function run(batch: number, filter: string, seed: number): Promise<Outcome> {
  const config: RunConfig = { ...DEFAULT_CONFIG, lr, seed, regularizer: { kind: 'l2', wd }, transform: FILTERS[filter]!, ...(batch > 0 ? { batchSize: batch } : {}) };
  const errors = validateConfig(config);
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join(' '));
  const t0 = performance.now();
  const trainer = new Trainer(config);
  const out: Outcome = { batch, filter, seed, memorize: null, grok: null, collapse: null, test: 0, steps: 0, seconds: 0 };
  try {
    while (trainer.stepCount < budget && trainer.fault === null && (full || out.grok === null)) {
      await trainer.step(Math.min(EVERY, budget - trainer.stepCount));
      if (trainer.fault) break;
      const m = await trainer.metrics();
      out.test = m.test.accuracy;
      if (out.memorize === null && m.train.accuracy > 0.99) out.memorize = m.step;
      if (out.grok === null && m.test.accuracy > 0.95) out.grok = m.step;
      if (out.collapse === null && m.softmaxCollapse) out.collapse = m.step;
    }
    out.steps = trainer.stepCount;
  } finally {
    trainer.dispose();
  }
  out.seconds = (performance.now() - t0) / 1000;
  return out;
}

await tf.setBackend('wasm');
await tf.ready();
const say = (s: string): void => void process.stdout.write(`${s}\n`);
const show = (n: number | null): string => (n === null ? '–' : String(n));
const started = performance.now();
const outcomes: Outcome[] = [];
say(`p ${DEFAULT_CONFIG.p}, train ${DEFAULT_CONFIG.trainFraction}, lr ${lr}, wd ${wd}, budget ${budget} steps, metrics every ${EVERY}`);
for (const batch of batches) {
  for (const filter of filters) {
    for (const seed of seeds) {
      const o = await run(batch, filter, seed);
      outcomes.push(o);
      say(
        `batch ${batch || 'full'} ${filter} seed ${seed}: memorize ${show(o.memorize)}, grok ${show(o.grok)}, ` +
          `collapse ${show(o.collapse)}, test ${(100 * o.test).toFixed(1)}% at ${o.steps}, ${o.seconds.toFixed(1)} s`,
      );
    }
  }
}

say('\n| batch | filter | memorize (seeds ' + seeds.join('/') + ') | grok | mean grok |');
say('|---|---|---|---|---|');
for (const batch of batches) {
  for (const filter of filters) {
    const rows = outcomes.filter((o) => o.batch === batch && o.filter === filter);
    const groks = rows.map((o) => o.grok);
    const mean = groks.every((g) => g !== null) ? (groks as number[]).reduce((a, b) => a + b, 0) / groks.length : null;
    say(
      `| ${batch || 'full'} | ${filter} | ${rows.map((o) => show(o.memorize)).join(' / ')} | ${groks.map(show).join(' / ')} | ` +
        `${mean === null ? '–' : mean.toFixed(0)} |`,
    );
  }
}
say(`\n${((performance.now() - started) / 1000).toFixed(0)} s in all`);
