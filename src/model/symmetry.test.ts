import { describe, expect, it } from 'vitest';
import { makeDataset } from './data.ts';
import { kernelRegression, type KernelSource, type NetworkWeights } from './kernel.ts';
import { initParamValues } from './model.ts';
import { createRng } from './rng.ts';
import {
  equivariance,
  fourierConstructionWeights,
  randomRelabeling,
  relabelSource,
  relabelSplit,
  relabelWeights,
  type Relabeling,
} from './symmetry.ts';

const inverse = (s: Relabeling): Relabeling => {
  const inv = (x: Int32Array) => {
    const out = new Int32Array(x.length);
    x.forEach((v, i) => (out[v] = i));
    return out;
  };
  return { a: inv(s.a), b: inv(s.b), c: inv(s.c) };
};

describe('relabeling', () => {
  const p = 11;
  const split = makeDataset(p, 'add', 0.4, 3);
  const s = randomRelabeling(p, createRng(1));

  it('turns addition into a scrambled Latin square of the same shape', () => {
    const moved = relabelSplit(split, s);
    expect(moved.trainIdx.length).toBe(split.trainIdx.length);
    expect(moved.testIdx.length).toBe(split.testIdx.length);
    for (let a = 0; a < p; a++) {
      expect(new Set(Array.from({ length: p }, (_, b) => moved.labels[a * p + b])).size).toBe(p);
      expect(new Set(Array.from({ length: p }, (_, b) => moved.labels[b * p + a])).size).toBe(p);
    }
    // Not addition any more (σ's that happened to be an automorphism would be a 1-in-10⁷ draw).
    let same = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) if (moved.labels[a * p + b] === (a + b) % p) same += 1;
    expect(same).toBeLessThan(p * p);
    // σ(a, b) = (σ_a a, σ_b b) carries the label σ_c(a + b).
    expect(moved.labels[s.a[2]! * p + s.b[5]!]).toBe(s.c[7]);
  });

  it('of weights is undone by the inverse relabeling', () => {
    const w: NetworkWeights = { p, h: 6, activation: 'square', params: initParamValues(p, 6, 1, 2) };
    const back = relabelWeights(relabelWeights(w, s), inverse(s));
    for (const k of ['Wa', 'Wb', 'V'] as const) expect(Array.from(back.params[k])).toEqual(Array.from(w.params[k], Number));
  });
});

describe('permutation equivariance of kernel regression', () => {
  const cases = [
    { p: 11, fraction: 0.3 },
    { p: 13, fraction: 0.7 },
  ];

  it.each(cases)('holds to 1e-5 for the expected kernel at init, p = $p, fraction $fraction', ({ p, fraction }) => {
    const split = makeDataset(p, 'add', fraction, 5);
    const source: KernelSource = { kind: 'expected', width: 64 };
    for (let trial = 0; trial < 3; trial++) {
      const s = randomRelabeling(p, createRng(10 + trial));
      const r = equivariance(split, s, source, source);
      expect(r.maxScoreDiff).toBeLessThan(1e-5);
      expect(r.predictionAgreement).toBe(1);
      expect(r.relabeledAccuracy).toBe(r.accuracy);
    }
  });

  it.each(['square', 'relu'] as const)(
    'holds to 1e-5 for one finite-width draw when its weights are permuted along (%s)',
    (activation) => {
      const p = 13;
      const split = makeDataset(p, 'add', 0.5, 1);
      const source: KernelSource = {
        kind: 'empirical',
        weights: { p, h: 48, activation, params: initParamValues(p, 48, 1, 7) },
      };
      for (let trial = 0; trial < 3; trial++) {
        const s = randomRelabeling(p, createRng(20 + trial));
        const r = equivariance(split, s, source, relabelSource(source, s));
        expect(r.maxScoreDiff).toBeLessThan(1e-5);
        expect(r.predictionAgreement).toBe(1);
      }
    },
  );

  it('fails for that draw when the weights stay put: the kernel itself is not invariant', () => {
    const p = 13;
    const split = makeDataset(p, 'add', 0.5, 1);
    const source: KernelSource = {
      kind: 'empirical',
      weights: { p, h: 48, activation: 'square', params: initParamValues(p, 48, 1, 7) },
    };
    const r = equivariance(split, randomRelabeling(p, createRng(20)), source, source);
    expect(r.maxScoreDiff).toBeGreaterThan(1e-2);
    expect(r.predictionAgreement).toBeLessThan(0.5);
  });
});

describe('the Fourier construction (Mohamadi et al., App. F)', () => {
  const p = 13;
  const w = fourierConstructionWeights(p);

  it('computes f_q = 2(p·[a + b ≡ q] − 1) with 4(p − 1) neurons', () => {
    expect(w.h).toBe(4 * (p - 1));
    const { Wa, Wb, V } = w.params;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        for (let q = 0; q < p; q++) {
          let f = 0;
          for (let i = 0; i < w.h; i++) f += (Wa[a * w.h + i]! + Wb[b * w.h + i]!) ** 2 * V[i * p + q]!;
          expect(f).toBeCloseTo(2 * (p * ((a + b) % p === q ? 1 : 0) - 1), 9);
        }
      }
    }
  });

  it('gives a kernel that learns addition but not the scrambled table', () => {
    const split = makeDataset(23, 'add', 0.3, 0);
    const source: KernelSource = { kind: 'empirical', weights: fourierConstructionWeights(23) };
    const scrambled = relabelSplit(split, randomRelabeling(23, createRng(3)));
    expect(kernelRegression(source, split).testAccuracy).toBeGreaterThan(0.9);
    expect(kernelRegression(source, scrambled).testAccuracy).toBeLessThan(2 / 23);
  });
});
