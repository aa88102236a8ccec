import { makeDataset } from '../src/model/data.ts';
import { initParamValues } from '../src/model/model.ts';
import { kernelRegression } from '../src/model/kernel.ts';
import { equivariance, fourierConstructionWeights, randomRelabeling, relabelSource, relabelSplit } from '../src/model/symmetry.ts';
import { createRng } from '../src/model/rng.ts';
for (const p of [11, 23, 31]) for (const frac of [0.1, 0.3, 0.5]) {
  const ds = makeDataset(p, 'add', frac, 0);
  const fw = fourierConstructionWeights(p);
  const r = kernelRegression({ kind: 'empirical', weights: fw }, ds);
  const s = randomRelabeling(p, createRng(5));
  const r2 = kernelRegression({ kind: 'empirical', weights: fw }, relabelSplit(ds, s));
  console.log('fourier', p, frac, r.testAccuracy.toFixed(3), 'scrambled', r2.testAccuracy.toFixed(3));
}
const p = 23;
const ds = makeDataset(p, 'add', 0.5, 0);
const w = { p, h: 64, activation: 'square' as const, params: initParamValues(p, 64, 1, 3) };
const s = randomRelabeling(p, createRng(9));
for (const [name, a, b] of [
  ['expected', { kind: 'expected', width: 64 }, { kind: 'expected', width: 64 }],
  ['emp permuted', { kind: 'empirical', weights: w }, relabelSource({ kind: 'empirical', weights: w }, s)],
  ['emp fixed', { kind: 'empirical', weights: w }, { kind: 'empirical', weights: w }],
] as const) {
  const e = equivariance(ds, s, a, b);
  console.log(name, e.maxScoreDiff, e.predictionAgreement, e.accuracy, e.relabeledAccuracy);
}
