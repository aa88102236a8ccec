import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation } from './config.ts';
import { makeDataset } from './data.ts';
import {
  blockKernelRegression,
  buildKernels,
  choleskyInPlace,
  choleskySolveInPlace,
  expectedKernelValues,
  kernelRegression,
  kernelRegressionSteps,
  neighbourCounts,
  sharedInputs,
  type NetworkWeights,
  type PairSplit,
} from './kernel.ts';
import { ntkKernel, sharedInputCounts } from './metrics.ts';
import { activate, initParamValues } from './model.ts';
import { createRng } from './rng.ts';
import { fourierConstructionWeights } from './symmetry.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Gauss–Jordan inverse with partial pivoting: an independent way to solve. */
function inverse(A: number[][]): number[][] {
  const n = A.length;
  const M = A.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]!;
    for (let j = 0; j < 2 * n; j++) M[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((row) => row.slice(n));
}

const matVec = (A: number[][], B: number[][]): number[][] =>
  A.map((row) => B[0]!.map((_, c) => row.reduce((s, v, j) => s + v * B[j]![c]!, 0)));

function randomSpd(n: number, seed: number): number[][] {
  const rng = createRng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: n + 3 }, () => rng.normal()));
  return X.map((xi, i) => X.map((xj, j) => xi.reduce((s, v, k) => s + v * xj[k]!, 0) + (i === j ? 0.1 : 0)));
}

describe('Cholesky solve', () => {
  it.each([1, 5, 67, 130])('matches an explicit inverse (n = %i: panel and 4×2-block edges)', (n) => {
    const A = randomSpd(n, n);
    const k = 3;
    const rng = createRng(100 + n);
    const B = Array.from({ length: n }, () => Array.from({ length: k }, () => rng.normal()));
    const want = matVec(inverse(A), B);
    const L = Float64Array.from(A.flat());
    choleskyInPlace(L, n);
    const X = Float64Array.from(B.flat());
    choleskySolveInPlace(L, n, X, k);
    let err = 0;
    let norm = 0;
    want.forEach((row, i) =>
      row.forEach((w, c) => {
        err = Math.max(err, Math.abs(w - X[i * k + c]!));
        norm = Math.max(norm, Math.abs(w));
      }),
    );
    expect(err / norm).toBeLessThan(1e-9);
  });

  it('refuses a matrix that is not positive definite', () => {
    const A = Float64Array.from([1, 2, 2, 1]);
    expect(() => choleskyInPlace(A, 2)).toThrow(/not positive definite/);
  });
});

const weightsFor = (p: number, h: number, seed: number, activation: Activation = 'square'): NetworkWeights => ({
  p,
  h,
  activation,
  params: initParamValues(p, h, 1, seed),
});

describe('eNTK kernel matrices', () => {
  it.each(['square', 'relu'] as const)('are metrics.ts ntkKernel / p on the same pairs (%s)', (act) => {
    const p = 7;
    const h = 12;
    const w = weightsFor(p, h, 3, act);
    const split = makeDataset(p, 'add', 0.5, 4);
    const K = buildKernels({ kind: 'empirical', weights: w }, split);
    const n = split.trainIdx.length;
    const want = tf.tidy(() => {
      const Wa = tf.tensor2d(w.params.Wa as Float32Array, [p, h]);
      const Wb = tf.tensor2d(w.params.Wb as Float32Array, [p, h]);
      const a = Array.from(split.trainIdx, (x) => Math.floor(x / p));
      const b = Array.from(split.trainIdx, (x) => x % p);
      const Z = tf.add(tf.gather(Wa, a), tf.gather(Wb, b)) as tf.Tensor2D;
      const S = tf.tensor2d(sharedInputCounts(split.trainIdx, p), [n, n]);
      return ntkKernel(Z, tf.tensor2d(w.params.V as Float32Array, [h, p]), S, act, null).arraySync();
    });
    let err = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        err = Math.max(err, Math.abs(want[i]![j]! / p - K.train[i * n + j]!));
        norm = Math.max(norm, Math.abs(want[i]![j]! / p));
      }
    }
    expect(norm).toBeGreaterThan(1);
    expect(err / norm).toBeLessThan(1e-5);
  });

  it('average, over many inits, to the closed-form expected kernel', () => {
    // Small h so that the W part (2S²) is not lost next to the V part (h(1 + S²/2)).
    const p = 5;
    const h = 4;
    const pairs = Int32Array.from({ length: p * p }, (_, i) => i);
    const split: PairSplit = { p, labels: new Int32Array(p * p), trainIdx: pairs, testIdx: new Int32Array(0) };
    const sums = [0, 0, 0];
    const counts = [0, 0, 0];
    for (let seed = 0; seed < 3000; seed++) {
      const K = buildKernels({ kind: 'empirical', weights: weightsFor(p, h, seed) }, split);
      for (let i = 0; i < pairs.length; i++) {
        for (let j = 0; j <= i; j++) {
          const S = sharedInputs(i, j, p);
          sums[S]! += K.train[i * pairs.length + j]!;
          counts[S]! += 1;
        }
      }
    }
    const want = expectedKernelValues(h);
    expect(want).toEqual([4, 4 * 1.5 + 2, 4 * 3 + 8]);
    for (let S = 0; S < 3; S++) expect(sums[S]! / counts[S]! / want[S]!).toBeCloseTo(1, 1);
    // The W part is visible: the V part alone would give 6 and 12 for S = 1, 2.
    expect(sums[2]! / counts[2]!).toBeGreaterThan(17);
  });
});

/** Direct regression: K built entry by entry from the formula, (K + λI)⁻¹ by Gauss–Jordan. */
function directRegression(w: NetworkWeights, split: PairSplit, relativeRidge: number) {
  const { p, h, params } = w;
  const z = (x: number, i: number) => params.Wa[Math.floor(x / p) * h + i]! + params.Wb[(x % p) * h + i]!;
  const k = (x: number, y: number): number => {
    let v = 0;
    for (let i = 0; i < h; i++) {
      let s = 0;
      for (let c = 0; c < p; c++) s += params.V[i * p + c]! ** 2;
      v += z(x, i) ** 2 * z(y, i) ** 2 + (sharedInputs(x, y, p) * s * 4 * z(x, i) * z(y, i)) / p;
    }
    return v;
  };
  const tr = Array.from(split.trainIdx);
  const K = tr.map((x) => tr.map((y) => k(x, y)));
  const lambda = (relativeRidge * K.reduce((s, row, i) => s + row[i]!, 0)) / tr.length;
  const inv = inverse(K.map((row, i) => row.map((v, j) => v + (i === j ? lambda : 0))));
  const Y = tr.map((x) => Array.from({ length: p }, (_, c) => (split.labels[x] === c ? 1 : 0)));
  const coef = matVec(inv, Y);
  return matVec(
    Array.from(split.testIdx, (x) => tr.map((y) => k(x, y))),
    coef,
  );
}

describe('kernel regression', () => {
  const p = 7;
  const split = makeDataset(p, 'add', 0.5, 2);
  const w = weightsFor(p, 10, 6);

  it.each([1e-6, 1e-2])('matches a direct solve on a tiny case (relative ridge %s)', (ridge) => {
    const want = directRegression(w, split, ridge);
    const got = kernelRegression({ kind: 'empirical', weights: w }, split, { relativeRidge: ridge });
    let err = 0;
    let norm = 0;
    want.forEach((row, t) =>
      row.forEach((v, c) => {
        err = Math.max(err, Math.abs(v - got.scores[t * p + c]!));
        norm = Math.max(norm, Math.abs(v));
      }),
    );
    expect(norm).toBeGreaterThan(0.01);
    expect(err / norm).toBeLessThan(1e-7);
    let right = 0;
    want.forEach((row, t) => {
      const y = split.labels[split.testIdx[t]!]!;
      const best = row.indexOf(Math.max(...row));
      expect(got.predicted[t]).toBe(best);
      if (best === y) right += 1;
      // Rank = 1 + classes scored above the true one.
      expect(got.trueRank[t]).toBe(1 + row.filter((v, c) => c !== y && v > row[y]!).length);
      expect(got.margin[t]).toBeCloseTo(row[y]! - Math.max(...row.filter((_, c) => c !== y)), 6);
    });
    expect(got.testAccuracy).toBe(right / want.length);
    if (ridge === 1e-6) expect(got.trainAccuracy).toBe(1);
  });

  it('counts, per class, the training pairs in the test pair’s row and column', () => {
    const counts = neighbourCounts(split);
    const isTrain = new Set(split.trainIdx);
    split.testIdx.forEach((x, t) => {
      for (let c = 0; c < p; c++) {
        let want = 0;
        for (const y of isTrain) if (sharedInputs(x, y, p) === 1 && split.labels[y] === c) want += 1;
        expect(counts[t * p + c]).toBe(want);
      }
    });
  });

  it('runs in slices with the same result', () => {
    const steps = kernelRegressionSteps({ kind: 'empirical', weights: w }, split);
    const progress: number[] = [];
    let next = steps.next();
    while (!next.done) {
      progress.push(next.value);
      next = steps.next();
    }
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(next.value.scores).toEqual(kernelRegression({ kind: 'empirical', weights: w }, split).scores);
  });
});

describe('the full class-block eNTK', () => {
  it('is the autodiff Jacobian kernel, and its block traces / p are the trace kernel', () => {
    const p = 5;
    const h = 3;
    const split = makeDataset(p, 'add', 0.6, 1);
    const w = weightsFor(p, h, 2);
    const all = [...split.trainIdx, ...split.testIdx];
    // J[(x, c)] = ∂f_c(x)/∂(W_a, W_b, V).
    const J = tf.tidy(() => {
      const Wa = tf.tensor2d(w.params.Wa as Float32Array, [p, h]);
      const Wb = tf.tensor2d(w.params.Wb as Float32Array, [p, h]);
      const V = tf.tensor2d(w.params.V as Float32Array, [h, p]);
      return all.map((x) =>
        Array.from({ length: p }, (_, c) => {
          const g = tf.grads((wa: tf.Tensor, wb: tf.Tensor, v: tf.Tensor) => {
            const z = tf.add(tf.gather(wa, [Math.floor(x / p)]), tf.gather(wb, [x % p])) as tf.Tensor2D;
            return tf.sum(tf.gather(tf.reshape(tf.matMul(activate(z, 'square'), v as tf.Tensor2D), [p]), [c]));
          })([Wa, Wb, V]);
          return g.flatMap((t) => Array.from(t.dataSync()));
        }),
      );
    });
    const theta = (i: number, c: number, j: number, d: number) => J[i]![c]!.reduce((s, v, k) => s + v * J[j]![d]![k]!, 0);
    const n = split.trainIdx.length;
    const K = buildKernels({ kind: 'empirical', weights: w }, split);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let tr = 0;
        for (let c = 0; c < p; c++) tr += theta(i, c, j, c);
        expect(K.train[i * n + j]! / (tr / p)).toBeCloseTo(1, 5);
      }
    }
    // Regression with Θ itself: (Θ + λI)⁻¹ on the (x, c) rows, λ relative to mean diag Θ as in the code.
    // Θ has rank ≤ #params = 45 < n·p here, so a larger ridge keeps float32 Jacobian error from being amplified.
    const ridge = 1e-2;
    const N = n * p;
    const T = Array.from({ length: N }, (_, r) => Array.from({ length: N }, (_, s) => theta(Math.floor(r / p), r % p, Math.floor(s / p), s % p)));
    const lambda = (ridge * T.reduce((s, row, i) => s + row[i]!, 0)) / N;
    const coef = matVec(
      inverse(T.map((row, i) => row.map((v, j) => v + (i === j ? lambda : 0)))),
      Array.from({ length: N }, (_, r) => [split.labels[split.trainIdx[Math.floor(r / p)]!] === r % p ? 1 : 0]),
    );
    const block = blockKernelRegression(w, split, { relativeRidge: ridge });
    split.testIdx.forEach((_, t) => {
      for (let c = 0; c < p; c++) {
        let want = 0;
        for (let s = 0; s < N; s++) want += theta(n + t, c, Math.floor(s / p), s % p) * coef[s]![0]!;
        expect(block.scores[t * p + c]!).toBeCloseTo(want, 3);
      }
    });
  });
});

describe('why the kernel cannot learn addition from part of the table', () => {
  const p = 23;
  const chance = 1 / p;

  it.each([0.3, 0.9])(
    'the initial and the expected eNTK stay at or below chance at fraction %s, though they fit the training set',
    (fraction) => {
      for (const seed of [0, 1]) {
        const split = makeDataset(p, 'add', fraction, seed);
        const expected = kernelRegression({ kind: 'expected', width: 128 }, split);
        const initial = kernelRegression({ kind: 'empirical', weights: weightsFor(p, 128, seed) }, split);
        for (const r of [expected, initial]) {
          expect(r.trainAccuracy).toBe(1);
          expect(r.testAccuracy).toBeLessThanOrEqual(chance);
          // The test pair is the only cell of its row and column with its label.
          expect(r.trueLabelNeighbours.every((k) => k === 0)).toBe(true);
        }
        expect(expected.testAccuracy).toBe(0);
        // Other labels have up to two training neighbours and score higher, on average.
        const [s0, s1, s2] = expected.meanScoreByNeighbours;
        expect(s0).toBeLessThan(s1);
        expect(s1).toBeLessThan(s2);
        expect(expected.meanTrueScore).toBeLessThan(s1);
        if (fraction === 0.9) expect(expected.bottomShare).toBeGreaterThan(0.5);
      }
    },
  );

  it('while the same code with an addition-specific kernel (the Fourier network’s eNTK) generalizes', () => {
    const split = makeDataset(p, 'add', 0.3, 0);
    const r = kernelRegression({ kind: 'empirical', weights: fourierConstructionWeights(p) }, split);
    expect(r.testAccuracy).toBeGreaterThan(0.9);
  });
});
