import { makeDataset } from '../src/model/data.ts';
import { initParamValues } from '../src/model/model.ts';
import { buildKernels, choleskyInPlace, choleskySolveInPlace } from '../src/model/kernel.ts';
const p = 47, h = 128;
const ds = makeDataset(p, 'add', 0.9, 0);
const params = initParamValues(p, h, 1, 1000);
for (let rep = 0; rep < 3; rep++) {
  let t = performance.now();
  const K = buildKernels({ kind: 'empirical', weights: { p, h, activation: 'square', params } }, ds);
  const tb = performance.now() - t;
  const n = K.nTrain;
  for (let i = 0; i < n; i++) K.train[i * n + i]! += 1e-3;
  t = performance.now();
  choleskyInPlace(K.train, n);
  const tc = performance.now() - t;
  const B = new Float64Array(n * p).fill(1);
  t = performance.now();
  choleskySolveInPlace(K.train, n, B, p);
  const ts = performance.now() - t;
  console.log(`build ${tb.toFixed(0)} chol ${tc.toFixed(0)} solve ${ts.toFixed(0)}`);
}
