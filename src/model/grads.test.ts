import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activation, LossKind } from './config.ts';
import { computeGrads, crossEntropyFromSoftmax, lossGradient, perSampleLoss, stablemaxS } from './grads.ts';
import { activate, createPairIndex, initParamValues, logitsFromEmbedding, PARAM_NAMES, type Params } from './model.ts';
import { createRng } from './rng.ts';
import { cutBatch } from './train.ts';

const p = 7;
const h = 5;
// a never takes 2, 5 or 6 and b never 6: exercises empty and trailing segments in the gradient scatter.
const A = [0, 1, 3, 4, 0, 1, 3, 4, 4, 3, 1, 0, 4, 1, 3, 0, 1, 4, 3, 0];
const B = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 2, 4, 1, 3, 5, 5, 2];
const pairs = Int32Array.from(A, (a, i) => a * p + (B[i] ?? 0));
const labels = Int32Array.from(A, (a, i) => (a + (B[i] ?? 0)) % p);
/** A minibatch of those rows, row 3 twice (as when a batch straddles two epochs): it must count twice. */
const ROWS = Int32Array.from([3, 17, 3, 8, 0, 19, 11, 5]);
const ALL = Int32Array.from(A.keys());
const theta = initParamValues(p, h, 1, 11);
const theta0 = initParamValues(p, h, 1, 12);

const oneHot = (xs: ArrayLike<number>): tf.Tensor2D =>
  tf.cast(tf.oneHot(tf.tensor1d(Array.from(xs), 'int32'), p), 'float32') as tf.Tensor2D;
const shapes: Params<[number, number]> = { Wa: [p, h], Wb: [p, h], V: [h, p] };
const tensors = (v: Params<Float32Array>): Params =>
  ({ Wa: tf.tensor2d(v.Wa, shapes.Wa), Wb: tf.tensor2d(v.Wb, shapes.Wb), V: tf.tensor2d(v.V, shapes.V) });

/** Independent formulation for autodiff: one-hot matmuls instead of gathers, over the given rows. */
function autodiffGrads(act: Activation, loss: LossKind, alpha: number | null, rows: Int32Array): Params<Float32Array> {
  return tf.tidy(() => {
    const pick = (xs: ArrayLike<number>) => Array.from(rows, (r) => xs[r] ?? 0);
    const Oa = oneHot(pick(A));
    const Ob = oneHot(pick(B));
    const Y = oneHot(pick(labels));
    const raw = (P: Params): tf.Tensor2D =>
      tf.matMul(activate(tf.add(tf.matMul(Oa, P.Wa), tf.matMul(Ob, P.Wb)), act), P.V);
    const f0 = raw(tensors(theta0));
    const t = tensors(theta);
    const g = tf.grads((Wa: tf.Tensor, Wb: tf.Tensor, V: tf.Tensor) => {
      const r = raw({ Wa: Wa as tf.Tensor2D, Wb: Wb as tf.Tensor2D, V: V as tf.Tensor2D });
      const out = alpha === null ? r : tf.mul(tf.sub(r, f0), alpha);
      return tf.mean(perSampleLoss(loss, out as tf.Tensor2D, Y));
    })([t.Wa, t.Wb, t.V]);
    return { Wa: g[0]!.dataSync() as Float32Array, Wb: g[1]!.dataSync() as Float32Array, V: g[2]!.dataSync() as Float32Array };
  });
}

/** Every row as one batch, as the full-batch Trainer does; or a minibatch cut from it, as a minibatch Trainer does. */
function manualGrads(backend: string, act: Activation, loss: LossKind, alpha: number | null, rows: Int32Array | null): Params<Float32Array> {
  const index = createPairIndex(pairs, p, backend);
  const out = tf.tidy(() => {
    const onehot = oneHot(labels);
    const t0 = tensors(theta0);
    const f0 = alpha === null ? null : logitsFromEmbedding(index.embed(t0.Wa, t0.Wb), t0.V, act);
    const batch = rows === null ? { index, onehot, f0 } : cutBatch(pairs, labels, rows, p, backend, f0);
    const { grads } = computeGrads(tensors(theta), batch, { activation: act, loss, alpha }, false);
    return { Wa: grads.Wa.dataSync() as Float32Array, Wb: grads.Wb.dataSync() as Float32Array, V: grads.V.dataSync() as Float32Array };
  });
  index.dispose();
  return out;
}

function relErr(x: Float32Array, y: Float32Array): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    d += ((x[i] ?? 0) - (y[i] ?? 0)) ** 2;
    n += (y[i] ?? 0) ** 2;
  }
  return Math.sqrt(d / n);
}

const cases: [LossKind, Activation, number | null][] = [];
for (const loss of ['ce', 'stablemax', 'mse'] as const) {
  for (const act of ['square', 'relu'] as const) {
    for (const alpha of [null, 3] as const) cases.push([loss, act, alpha]);
  }
}

describe('hand-written gradients against autodiff', () => {
  const reference = new Map<string, Params<Float32Array>>();
  const manual = new Map<string, Params<Float32Array>>();

  const batches = { full: null, minibatch: ROWS } as const;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    for (const [loss, act, alpha] of cases) {
      for (const [name, rows] of Object.entries(batches)) {
        const key = `${name}/${loss}/${act}/${alpha}`;
        reference.set(key, autodiffGrads(act, loss, alpha, rows ?? ALL));
        manual.set(`cpu:${key}`, manualGrads('cpu', act, loss, alpha, rows));
      }
    }
    await tf.setBackend('wasm');
    for (const [loss, act, alpha] of cases) {
      for (const [name, rows] of Object.entries(batches)) {
        manual.set(`wasm:${name}/${loss}/${act}/${alpha}`, manualGrads('wasm', act, loss, alpha, rows));
      }
    }
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(cases)('%s loss, %s activation, alpha %s, on every row and on a minibatch', (loss, act, alpha) => {
    for (const backend of ['cpu', 'wasm']) {
      for (const name of Object.keys(batches)) {
        const key = `${name}/${loss}/${act}/${alpha}`;
        const ref = reference.get(key)!;
        const got = manual.get(`${backend}:${key}`)!;
        for (const k of PARAM_NAMES) {
          expect(Math.max(...ref[k].map(Math.abs))).toBeGreaterThan(1e-6);
          expect(relErr(got[k], ref[k]), `${backend} ${name} ${k}`).toBeLessThan(1e-4);
        }
        // Rows of W_a for values of a that never occur get no gradient.
        for (const a of [2, 5, 6]) {
          expect(Array.from(got.Wa.slice(a * h, (a + 1) * h))).toEqual(new Array(h).fill(0));
        }
      }
    }
  });
});

describe('loss definitions', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('computes softmax CE, StableMax CE and halved MSE per row', () => {
    const out = tf.tensor2d([[0, -1, 2]]);
    const y = tf.tensor2d([[0, 0, 1]]);
    const ce = Math.log(1 + Math.exp(-1) + Math.exp(2)) - 2;
    expect(perSampleLoss('ce', out, y).dataSync()[0]).toBeCloseTo(ce, 6);
    // s = (1, 1/2, 3): −log(3 / 4.5).
    expect(perSampleLoss('stablemax', out, y).dataSync()[0]).toBeCloseTo(-Math.log(3 / 4.5), 6);
    expect(perSampleLoss('mse', out, y).dataSync()[0]).toBeCloseTo(0.5 * (0 + 1 + 1), 6);
    expect(Array.from(stablemaxS(tf.tensor1d([-3, 0, 2.5])).dataSync())).toEqual([0.25, 1, 3.5]);
  });

  it('gives the StableMax gradient by hand on one row', () => {
    // s = (1, 1/2, 3), Σs = 4.5, s' = (1, 1/4, 1); target class 2.
    const g = lossGradient('stablemax', tf.tensor2d([[0, -1, 2]]), tf.tensor2d([[0, 0, 1]])).dataSync();
    expect(g[0]).toBeCloseTo(1 / 4.5, 6);
    expect(g[1]).toBeCloseTo(0.25 / 4.5, 6);
    expect(g[2]).toBeCloseTo(1 / 4.5 - 1 / 3, 6);
  });

  it('reaches exactly zero CE loss in float32 once the margin is large (softmax collapse)', () => {
    const rng = createRng(0);
    const row = Array.from({ length: 5 }, () => rng.normal());
    const out = tf.tensor2d([[...row.slice(0, 4), 40]]);
    const y = tf.tensor2d([[0, 0, 0, 0, 1]]);
    expect(perSampleLoss('ce', out, y).dataSync()[0]).toBe(0);
    const g = lossGradient('ce', out, y).dataSync();
    // The true-class term is lost while the wrong-class terms survive (regpresets.md §3).
    expect(g[4]).toBe(0);
    expect(g[0]).toBeGreaterThan(0);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`reads the CE loss from the softmax as logsumexp does, zeros included (${backend})`, async () => {
      await tf.setBackend(backend);
      const rng = createRng(3);
      const p = 11;
      // Rows from near-uniform to collapsed: target gaps 0…60 over noise of growing scale.
      const rows = 300;
      const values = new Float32Array(rows * p);
      const labels = new Int32Array(rows);
      for (let r = 0; r < rows; r++) {
        labels[r] = r % p;
        for (let c = 0; c < p; c++) values[r * p + c] = rng.normal() * (1 + (r % 7));
        values[r * p + labels[r]!]! += (r / rows) * 60 - 5;
      }
      const [reference, fast] = tf.tidy(() => {
        const out = tf.tensor2d(values, [rows, p]);
        const y = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), p), 'float32') as tf.Tensor2D;
        const fy = tf.sum(tf.mul(out, y), 1) as tf.Tensor1D;
        return [perSampleLoss('ce', out, y), crossEntropyFromSoftmax(tf.max(out, 1) as tf.Tensor1D, fy, tf.softmax(out))];
      });
      const a = reference.dataSync();
      const b = fast.dataSync();
      tf.dispose([reference, fast]);
      let zeros = 0;
      let disagree = 0;
      for (let i = 0; i < rows; i++) {
        // Within a few float32 ulps of the row maximum (up to 65 here).
        expect(Math.abs(b[i]! - a[i]!), `row ${i}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(a[i]!)) + 4e-6);
        if (a[i] === 0) zeros += 1;
        if ((a[i] === 0) !== (b[i] === 0)) disagree += 1;
      }
      // Both regimes are exercised.
      expect(zeros).toBeGreaterThan(20);
      expect(zeros).toBeLessThan(rows - 20);
      // Which losses round to exactly 0 can differ by one rounding at the boundary (the wasm softmax
      // has its own exp), so the collapse share agrees to within a few rows, not row for row.
      expect(disagree, `${disagree} of ${zeros} zero rows`).toBeLessThanOrEqual(Math.ceil(0.05 * zeros));
      await tf.setBackend('cpu');
    });
  }
});
