// Writes public/data/kernel/separation.json: the separation curves of issue 4
// (kernel regression with the expected / initial eNTK, the network trained
// lazily and richly, and the trained network's eNTK as a kernel) for p = 31
// and 47, three seeds each, plus the check of k ⊗ I_p against the full
// class-block eNTK, and prints the tables and the kernel timings.
// Networks train on the WASM backend, as for the presets.
// Usage: npx node scripts/separation.ts [--only-kernels] [--skip-47]
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { blockKernelRegression, DEFAULT_RELATIVE_RIDGE, kernelRegression } from '../src/model/kernel.ts';
import {
  initWeights,
  kernelSource,
  SEPARATION_FRACTIONS,
  SEPARATION_SEEDS,
  SEPARATION_VERSION,
  separationDataset,
  separationSet,
  type BlockCheck,
  type NetworkMethod,
  type SeparationData,
  type SeparationSet,
} from '../src/model/separation.ts';
import { round4 } from '../src/model/trace.ts';

const BUDGET_GZIP = 300 * 1024;
const args = new Set(process.argv.slice(2));
const kernelsOnly = args.has('--only-kernels');
const out = new URL('../public/data/kernel/separation.json', import.meta.url);
mkdirSync(new URL('./', out), { recursive: true });

await tf.setBackend('wasm');
await tf.ready();
const started = performance.now();
const say = (s: string): void => void process.stdout.write(`${s}\n`);

// Kernel timings for the live point (entk0, the worker's case), best of two.
say('kernel regression, ms (build + Cholesky/solve + predict), best of 2:');
for (const [p, width] of [
  [31, 256],
  [47, 128],
] as const) {
  for (const fraction of [0.3, 0.5, 0.9]) {
    let best = { total: Number.POSITIVE_INFINITY, kernel: 0, solve: 0, predict: 0 };
    for (let rep = 0; rep < 2; rep++) {
      const r = kernelRegression(kernelSource('entk0', p, width, 0), separationDataset(p, fraction, 0));
      const total = r.ms.kernel + r.ms.solve + r.ms.predict;
      if (total < best.total) best = { total, ...r.ms };
    }
    say(
      `  p=${p} h=${width} frac ${fraction} n=${Math.round(fraction * p * p)}: ${best.total.toFixed(0)} ms ` +
        `(${best.kernel.toFixed(0)} + ${best.solve.toFixed(0)} + ${best.predict.toFixed(0)})`,
    );
  }
}

// k ⊗ I_p against the full (n·p)² class-block eNTK at θ₀, where the latter is affordable.
const blockCheck: BlockCheck[] = [];
for (const [p, fractions] of [
  [13, [0.3, 0.5, 0.7, 0.9]],
  [17, [0.3, 0.5]],
] as const) {
  for (const fraction of fractions) {
    for (const seed of SEPARATION_SEEDS) {
      const dataset = separationDataset(p, fraction, seed);
      const weights = initWeights(p, 256, seed);
      const trace = kernelRegression({ kind: 'empirical', weights }, dataset);
      const block = blockKernelRegression(weights, dataset);
      let same = 0;
      for (let t = 0; t < dataset.testIdx.length; t++) if (trace.predicted[t] === block.predicted[t]) same += 1;
      blockCheck.push({
        p,
        width: 256,
        fraction,
        seed,
        traceTest: round4(trace.testAccuracy),
        blockTest: round4(block.testAccuracy),
        agreement: round4(same / dataset.testIdx.length),
      });
    }
  }
}
say('\nk ⊗ I_p vs the full class-block eNTK at θ₀ (h = 256): p frac seed  trace-test block-test agreement');
for (const b of blockCheck) say(`  ${b.p} ${b.fraction} ${b.seed}  ${b.traceTest} ${b.blockTest} ${b.agreement}`);

const sets: SeparationSet[] = [];
// Plain-GD lazy runs only at p = 31: at p = 47 (n up to 1988) they would double the script's time.
const plan: [number, number, NetworkMethod[]][] = [
  [31, 256, ['lazy', 'lazyGd', 'richL2', 'richLinf']],
  [47, 128, ['lazy', 'richL2', 'richLinf']],
];
for (const [p, width, all] of args.has('--skip-47') ? plan.slice(0, 1) : plan) {
  const networks = kernelsOnly ? [] : all;
  const t0 = performance.now();
  say(`\np = ${p}, h = ${width}:`);
  const set = await separationSet(p, width, {
    networks,
    onCell: (fraction, seed, cell) =>
      say(`  frac ${fraction} seed ${seed} ${((performance.now() - t0) / 1000).toFixed(0)} s  ${JSON.stringify(cell)}`),
  });
  sets.push(set);
  say(`p = ${p}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

const data: SeparationData = {
  version: SEPARATION_VERSION,
  fractions: SEPARATION_FRACTIONS,
  seeds: SEPARATION_SEEDS,
  backend: tf.getBackend(),
  relativeRidge: DEFAULT_RELATIVE_RIDGE,
  sets,
  blockCheck,
};
const json = JSON.stringify(data);
writeFileSync(out, `${json}\n`);
const gz = gzipSync(json).length;

const cellText = (mean: number, sd: number): string => `${mean.toFixed(3)}±${sd.toFixed(3)}`;
for (const set of sets) {
  say(`\nTest accuracy, mean ± sd over seeds ${SEPARATION_SEEDS.join(', ')}; p = ${set.p} (chance ${set.chance}), h = ${set.width}`);
  say(`| method | ${SEPARATION_FRACTIONS.join(' | ')} |`);
  say(`|---|${SEPARATION_FRACTIONS.map(() => '---').join('|')}|`);
  for (const m of set.methods) say(`| ${m.id} | ${m.test.mean.map((v, i) => cellText(v, m.test.sd[i] ?? 0)).join(' | ')} |`);
  for (const k of ['entk0', 'entkRich'] as const) {
    const s = set.scrambled[k];
    if (s.scrambled.mean.length > 0 && s.scrambled.values[0]!.length > 0) {
      say(`| ${k} on scrambled table | ${s.scrambled.mean.map((v, i) => cellText(v, s.scrambled.sd[i] ?? 0)).join(' | ')} |`);
    }
  }
}
say(`\nwrote ${out.pathname}: ${(json.length / 1024).toFixed(0)} KB, ${(gz / 1024).toFixed(1)} KB gzip; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (gz > BUDGET_GZIP) {
  process.stderr.write(`separation.json exceeds ${BUDGET_GZIP / 1024} KB gzip.\n`);
  process.exit(1);
}
