import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation } from './config.ts';
import {
  createFourierBasis,
  fourierPower,
  inverseParticipationRatio,
  neuronTuning,
  ntkKernel,
  probePairs,
  sharedInputCounts,
  summarizeSpectrum,
} from './metrics.ts';
import { activate, initParamValues } from './model.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('eNTK closed form', () => {
  const p = 5;
  const h = 4;
  // Probes share some a's and b's so that both parts of S are exercised.
  const probes = Int32Array.from([0 * p + 1, 0 * p + 3, 2 * p + 1, 4 * p + 4, 2 * p + 2, 1 * p + 0]);
  const A = Array.from(probes, (x) => Math.floor(x / p));
  const B = Array.from(probes, (x) => x % p);

  function autodiffKernel(act: Activation, alpha: number): number[][] {
    const theta = initParamValues(p, h, 1, 5);
    return tf.tidy(() => {
      const Wa = tf.tensor2d(theta.Wa, [p, h]);
      const Wb = tf.tensor2d(theta.Wb, [p, h]);
      const V = tf.tensor2d(theta.V, [h, p]);
      // J[(x, k)] = ∂ α f_k(x) / ∂(W_a, W_b, V), flattened.
      const rows: Float32Array[][] = A.map((a, x) =>
        Array.from({ length: p }, (_, k) => {
          const grads = tf.grads((wa: tf.Tensor, wb: tf.Tensor, v: tf.Tensor) => {
            const z = tf.add(tf.gather(wa, [a]), tf.gather(wb, [B[x] ?? 0])) as tf.Tensor2D;
            const f = tf.matMul(activate(z, act), v as tf.Tensor2D);
            return tf.sum(tf.mul(tf.gather(tf.reshape(f, [p]), [k]), alpha));
          })([Wa, Wb, V]);
          const flat = new Float32Array(2 * p * h + h * p);
          let o = 0;
          for (const g of grads) {
            flat.set(g.dataSync(), o);
            o += g.size;
          }
          return flat;
        }),
      );
      return rows.map((rx) =>
        rows.map((ry) =>
          rx.reduce((acc, jx, k) => acc + jx.reduce((s, v, i) => s + v * (ry[k]?.[i] ?? 0), 0), 0),
        ),
      );
    });
  }

  it.each(['square', 'relu'] as const)('matches the autodiff Jacobian kernel (%s, α = 2)', (act) => {
    const want = autodiffKernel(act, 2);
    const theta = initParamValues(p, h, 1, 5);
    const got = tf.tidy(() => {
      const Wa = tf.tensor2d(theta.Wa, [p, h]);
      const Wb = tf.tensor2d(theta.Wb, [p, h]);
      const Z = tf.add(tf.gather(Wa, A), tf.gather(Wb, B)) as tf.Tensor2D;
      const S = tf.tensor2d(sharedInputCounts(probes, p), [probes.length, probes.length]);
      return ntkKernel(Z, tf.tensor2d(theta.V, [h, p]), S, act, 2).arraySync();
    });
    let diff = 0;
    let norm = 0;
    want.forEach((row, i) =>
      row.forEach((w, j) => {
        diff += (w - (got[i]?.[j] ?? 0)) ** 2;
        norm += w * w;
      }),
    );
    expect(norm).toBeGreaterThan(1);
    expect(Math.sqrt(diff / norm)).toBeLessThan(1e-5);
  });

  it('S counts shared inputs', () => {
    expect(Array.from(sharedInputCounts(Int32Array.from([1, 3, 11]), p))).toEqual([2, 1, 1, 1, 2, 0, 1, 0, 2]);
  });

  it('draws distinct reproducible probe pairs', () => {
    const a = probePairs(11, 50, 3);
    expect(new Set(a).size).toBe(50);
    expect(probePairs(11, 50, 3)).toEqual(a);
    expect(probePairs(3, 50, 3)).toHaveLength(9);
  });
});

describe('Fourier metrics', () => {
  it('recovers a planted frequency in W (input axis) and V (output axis)', () => {
    const p = 31;
    const h = 16;
    const k0 = 5;
    const W = new Float32Array(p * h);
    const V = new Float32Array(h * p);
    for (let i = 0; i < h; i++) {
      const phase = 0.37 * i;
      for (let x = 0; x < p; x++) {
        W[x * h + i] = (1 + i) * Math.cos((2 * Math.PI * k0 * x) / p + phase);
        V[i * p + x] = Math.sin((2 * Math.PI * k0 * x) / p - phase);
      }
    }
    const basis = createFourierBasis(p);
    expect(basis.frequencies).toBe(16);
    const [pw, pv] = tf.tidy(() => [
      fourierPower(tf.tensor2d(W, [p, h]), basis).dataSync(),
      fourierPower(tf.transpose(tf.tensor2d(V, [h, p])), basis).dataSync(),
    ]);
    const sw = summarizeSpectrum(pw!, 16, h);
    const peak = sw.power[k0] ?? 0;
    sw.power.forEach((v, k) => {
      if (k !== k0) expect(v / peak).toBeLessThan(1e-6);
    });
    // Parseval with k and p − k merged: Σ power = p·‖W‖².
    const energy = W.reduce((s, v) => s + v * v, 0);
    expect(sw.power.reduce((s, v) => s + v, 0) / (p * energy)).toBeCloseTo(1, 4);
    expect(sw.ipr).toBeCloseTo(1, 5);
    const tuning = neuronTuning([pw!, pv!], 16, h);
    expect(tuning.keyFrequencies).toEqual([k0]);
    expect(tuning.tunedFraction).toBe(1);
    expect(Array.from(tuning.frequency)).toEqual(new Array(h).fill(k0));
  });

  it('handles the unpaired Nyquist frequency of an even p', () => {
    const p = 8;
    const w = Float32Array.from({ length: p }, (_, x) => (x % 2 === 0 ? 1 : -1));
    const basis = createFourierBasis(p);
    const power = tf.tidy(() => fourierPower(tf.tensor2d(w, [p, 1]), basis).dataSync());
    expect(power[4]).toBeCloseTo(p * p, 3);
    expect(summarizeSpectrum(power, 5, 1).power.reduce((s, v) => s + v, 0)).toBeCloseTo(p * p, 3);
  });

  it('finds no tuned neurons in random weights', () => {
    const p = 47;
    const h = 64;
    const theta = initParamValues(p, h, 1, 0);
    const basis = createFourierBasis(p);
    const powers = tf.tidy(() => [
      fourierPower(tf.tensor2d(theta.Wa, [p, h]), basis).dataSync(),
      fourierPower(tf.tensor2d(theta.Wb, [p, h]), basis).dataSync(),
      fourierPower(tf.transpose(tf.tensor2d(theta.V, [h, p])), basis).dataSync(),
    ]);
    const t = neuronTuning(powers, basis.frequencies, h);
    expect(t.tunedFraction).toBe(0);
    expect(t.keyFrequencies).toEqual([]);
    expect(summarizeSpectrum(powers[0]!, basis.frequencies, h).ipr).toBeLessThan(0.15);
  });

  it('inverse participation ratio: 1 for one frequency, 1/n for n equal ones', () => {
    expect(inverseParticipationRatio([0, 0, 3, 0])).toBe(1);
    expect(inverseParticipationRatio([2, 2, 2, 2])).toBeCloseTo(0.25, 12);
    expect(inverseParticipationRatio([0, 0])).toBeNaN();
  });
});
