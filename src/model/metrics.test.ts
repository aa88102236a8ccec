import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Activation } from './config.ts';
import {
  circularity,
  computeWaves,
  cosineFit,
  createFourierBasis,
  embeddingCircle,
  fourierPower,
  inverseParticipationRatio,
  neuronTuning,
  ntkKernel,
  probePairs,
  sharedInputCounts,
  summarizeSpectrum,
  WAVE_CIRCLES,
  WAVE_NEURONS,
  type NeuronTuning,
} from './metrics.ts';
import { activate, initParamValues } from './model.ts';
import { Trainer } from './train.ts';

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

/** Tuning of W_a alone, as the metrics compute it (one layer instead of three). */
function tuningOf(Wa: Float32Array, p: number, h: number): { tuning: NeuronTuning; power: Float64Array } {
  const basis = createFourierBasis(p);
  const perNeuron = tf.tidy(() => fourierPower(tf.tensor2d(Wa, [p, h]), basis).dataSync());
  tf.dispose([basis.cos, basis.sin, basis.weight]);
  return { tuning: neuronTuning([perNeuron], basis.frequencies, h), power: summarizeSpectrum(perNeuron, basis.frequencies, h).power };
}

const angleOf = (k: number, a: number, p: number) => (2 * Math.PI * ((k * a) % p)) / p;
const wrap = (t: number) => Math.atan2(Math.sin(t), Math.cos(t));

describe('neurons as waves', () => {
  it('fits amplitude, phase and offset of a cosine exactly', () => {
    const p = 23;
    const w = Array.from({ length: p }, (_, a) => 0.3 + 1.7 * Math.cos(angleOf(5, a, p) - 0.9));
    const f = cosineFit(w, 5);
    expect(f.amplitude).toBeCloseTo(1.7, 10);
    expect(f.phase).toBeCloseTo(-0.9, 10);
    expect(f.offset).toBeCloseTo(0.3, 10);
    expect(f.fit).toBeCloseTo(1, 10);
    expect(cosineFit(w, 6).fit).toBeLessThan(1e-10);
    // The Nyquist frequency of an even p has no sine.
    const alt = Array.from({ length: 8 }, (_, a) => (a % 2 === 0 ? 2 : -2));
    expect(cosineFit(alt, 4)).toMatchObject({ amplitude: 2, fit: 1 });
    expect(cosineFit(new Array(8).fill(1), 3).fit).toBe(0);
  });

  it('scores circles 1, a 2:1 ellipse 0.8, a line 0, whichever way round', () => {
    const p = 31;
    const k = 4;
    const ring = (rx: number, ry: number, sign: number) => ({
      x: Array.from({ length: p }, (_, a) => 5 + rx * Math.cos(angleOf(k, a, p) + 1)),
      y: Array.from({ length: p }, (_, a) => -2 + sign * ry * Math.sin(angleOf(k, a, p) + 1)),
    });
    const c = ring(1, 1, 1);
    expect(circularity(c.x, c.y, k)).toBeCloseTo(1, 10);
    const cw = ring(1, 1, -1);
    expect(circularity(cw.x, cw.y, k)).toBeCloseTo(1, 10);
    const e = ring(2, 1, 1);
    expect(circularity(e.x, e.y, k)).toBeCloseTo(0.8, 10);
    const line = ring(1, 0, 1);
    expect(circularity(line.x, line.y, k)).toBeCloseTo(0, 10);
    // The same circle visited at another frequency is not in step with a.
    expect(circularity(c.x, c.y, 5)).toBeLessThan(1e-10);
  });

  it('recovers k, amplitude and phase from W_a whose columns are cosines, and puts the rows on a circle in order', () => {
    const p = 31;
    const h = 12;
    const k = 3;
    // Column i = A_i cos(ωa + φ_i), phases evenly round the circle. Neurons i and i + 6 are opposite, so
    // A_i² + A_(i+6)² equal for every i keeps the spread even (the points then form a circle); the first
    // half is larger and decreasing, so the four largest are 0…3.
    const amp = (i: number) => (i < h / 2 ? Math.sqrt(4 - 0.1 * i) : Math.sqrt(2.25 + 0.1 * (i - h / 2)));
    const phase = (i: number) => wrap((2 * Math.PI * i) / h + 0.2);
    const Wa = new Float32Array(p * h);
    for (let a = 0; a < p; a++) for (let i = 0; i < h; i++) Wa[a * h + i] = amp(i) * Math.cos(angleOf(k, a, p) + phase(i));
    const { tuning, power } = tuningOf(Wa, p, h);
    const waves = computeWaves(Wa, p, h, tuning, power);
    expect(waves.k).toBe(k);
    expect(waves.neurons).toHaveLength(WAVE_NEURONS);
    // Every neuron is fully tuned (share 1), so the largest weights come first.
    expect(waves.neurons.map((n) => n.index)).toEqual([0, 1, 2, 3]);
    for (const n of waves.neurons) {
      expect(n.k).toBe(k);
      expect(n.weights).toHaveLength(p);
      expect(n.amplitude).toBeCloseTo(amp(n.index), 5);
      expect(wrap(n.phase - phase(n.index))).toBeCloseTo(0, 5);
      expect(n.fit).toBeCloseTo(1, 5);
    }
    const circle = waves.circles[0]!;
    expect(circle.k).toBe(k);
    expect(circle.neurons).toBe(h);
    const r = circle.x.map((x, a) => Math.hypot(x, circle.y[a]!));
    const mean = r.reduce((s, v) => s + v, 0) / p;
    const sd = Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / p);
    expect(sd / mean).toBeLessThan(1e-4);
    expect(mean).toBeCloseTo(1, 4);
    expect(circle.circularity).toBeCloseTo(1, 4);
    // In order: each a turns the point by the same angle, ±2πk/p.
    const turns = circle.x.map((x, a) => wrap(Math.atan2(circle.y[a]!, x) - Math.atan2(circle.y[0]!, circle.x[0]!)));
    const dir = Math.sign(turns[1]!);
    turns.forEach((t, a) => expect(wrap(t - dir * angleOf(k, a, p))).toBeCloseTo(0, 4));
    // Only k has tuned neurons, so the other circles come from the next strongest powers.
    expect(waves.circles).toHaveLength(WAVE_CIRCLES);
    expect(new Set(waves.circles.map((c) => c.k)).size).toBe(WAVE_CIRCLES);
  });

  it('adds circles for the frequencies asked for, once each', () => {
    const p = 31;
    const h = 12;
    const Wa = initParamValues(p, h, 1, 4).Wa;
    const { tuning, power } = tuningOf(Wa, p, h);
    const plain = computeWaves(Wa, p, h, tuning, power);
    const extra = computeWaves(Wa, p, h, tuning, power, [plain.k, 15, 99, 0]);
    expect(extra.circles.map((c) => c.k)).toEqual([...plain.circles.map((c) => c.k), 15].filter((k, i, all) => all.indexOf(k) === i));
  });

  it('draws random weights as a cloud, though all h ≥ p rows together would draw a ring', () => {
    const p = 47;
    const h = 128;
    for (const seed of [0, 1, 2]) {
      const Wa = initParamValues(p, h, 1, seed).Wa;
      const { tuning, power } = tuningOf(Wa, p, h);
      const waves = computeWaves(Wa, p, h, tuning, power);
      for (const c of waves.circles) expect(c.circularity).toBeLessThan(0.5);
      for (const n of waves.neurons) expect(n.fit).toBeLessThan(0.5);
      // Why the projection goes through the frequency's own neurons: nearly orthogonal rows make a ring.
      expect(embeddingCircle(Wa, p, h, waves.k, new Int32Array(h).fill(waves.k)).circularity).toBeGreaterThan(0.6);
    }
  });

  it('ships with every measurement', async () => {
    const trainer = new Trainer({ ...DEFAULT_CONFIG, p: 11, width: 16, trainFraction: 0.5, probeSize: 16 });
    try {
      const m = await trainer.metrics();
      expect(m.waves.p).toBe(11);
      expect(m.waves.neurons.length).toBeGreaterThan(0);
      expect(m.waves.circles[0]!.k).toBe(m.waves.k);
      expect(m.waves.circles[0]!.x).toHaveLength(11);
      const snap = await trainer.snapshot();
      const n = m.waves.neurons[0]!;
      expect(n.weights).toEqual(Array.from({ length: 11 }, (_, a) => snap.params.Wa[a * 16 + n.index]));
    } finally {
      trainer.dispose();
    }
  });
});
