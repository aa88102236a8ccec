import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from './presets.ts';
import { WAVE_CIRCLES } from './metrics.ts';
import { computeWaves, type NeuronTuning } from './metrics.ts';
import { decodeBits, decodeWaves, encodeBits, encodeWaves, round4, TRACE_VERSION, tracePreset, type PresetTrace, type PresetWaves } from './trace.ts';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('reference trajectories', () => {
  it('round-trips grid bitsets', () => {
    const bits = Uint8Array.from({ length: 2209 }, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0);
    expect(decodeBits(encodeBits(bits), bits.length)).toEqual(bits);
  });

  it('stores waves compactly: weights to 1% of the largest, points to 1% of the radius', () => {
    const p = 13;
    const h = 3;
    const Wa = Float32Array.from({ length: p * h }, (_, i) => Math.cos(i * 1.3) * (1 + (i % h)));
    const tuning: NeuronTuning = { frequency: Int32Array.from([2, 3, 2]), share: Float32Array.from([0.9, 0.8, 0.7]), tunedFraction: 1, keyFrequencies: [2, 3] };
    const w = computeWaves(Wa, p, h, tuning, new Float64Array(7).fill(1));
    const back = decodeWaves(JSON.parse(JSON.stringify(encodeWaves(w, 40))), p);
    expect(back.step).toBe(40);
    expect(back.k).toBe(w.k);
    w.neurons.forEach((n, i) => {
      const scale = Math.max(...n.weights.map(Math.abs));
      n.weights.forEach((v, a) => expect(Math.abs(v - back.neurons[i]!.weights[a]!)).toBeLessThanOrEqual(0.005 * scale + 1e-9));
      expect(back.neurons[i]!.fit).toBeCloseTo(n.fit, 3);
    });
    w.circles.forEach((c, i) => c.x.forEach((v, a) => expect(Math.abs(v - back.circles[i]!.x[a]!)).toBeLessThanOrEqual(0.005 + 1e-9)));
  });

  it('the committed fast-preset data is what the engine produces (first 60 steps regenerated)', async () => {
    const stored = JSON.parse(readFileSync(new URL('../../public/data/presets/fast.json', import.meta.url), 'utf8')) as PresetTrace;
    const fresh = await tracePreset(PRESETS.fast, 'wasm', { steps: 60 });
    expect(stored.every).toBe(fresh.every);
    expect(stored.runs[0]!.config).toEqual(fresh.runs[0]!.config);
    const a = stored.runs[0]!.series;
    const b = fresh.runs[0]!.series;
    const n = b.step.length;
    expect(a.step.slice(0, n)).toEqual(b.step);
    for (const key of ['trainAcc', 'testAcc', 'trainLoss', 'ntk', 'dist', 'l2'] as const) {
      const rel = a[key].slice(0, n).map((v, i) => Math.abs(v - b[key][i]!) / Math.max(1e-6, Math.abs(v)));
      expect(Math.max(...rel), key).toBeLessThan(1e-3);
    }
    expect(round4(Math.PI)).toBe(3.142);
    // Waves at the grid frames, each with its own dominant frequency's circle and the final key frequencies'.
    const run = fresh.runs[0]!;
    expect(run.waves!.map((w) => w.step)).toEqual(run.grids.map((g) => g.step));
    const finalKeys = run.keyFrequencies.slice(0, WAVE_CIRCLES);
    for (const frame of run.waves!) {
      expect(frame.circles[0]!.k).toBe(frame.k);
      for (const k of finalKeys) expect(frame.circles.map((c) => c.k)).toContain(k);
      expect(frame.circles[0]!.x).toHaveLength(run.config.p);
    }
    // The committed waves file matches the committed trace's frames.
    const waves = JSON.parse(readFileSync(new URL('../../public/data/presets/fast.waves.json', import.meta.url), 'utf8')) as PresetWaves;
    expect(waves.runs[0]!.waves.map((w) => w.step)).toEqual(stored.runs[0]!.grids.map((g) => g.step));
    expect(stored.runs[0]!.waves).toBeUndefined();
    expect(stored.version).toBe(TRACE_VERSION);
  });
});
