import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from './presets.ts';
import { decodeBits, encodeBits, round4, tracePreset, type PresetTrace } from './trace.ts';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('reference trajectories', () => {
  it('round-trips grid bitsets', () => {
    const bits = Uint8Array.from({ length: 2209 }, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0);
    expect(decodeBits(encodeBits(bits), bits.length)).toEqual(bits);
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
  });
});
