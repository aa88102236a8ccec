import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from './config.ts';
import { PRESETS } from './presets.ts';
import { Trainer } from './train.ts';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('presets', () => {
  const all = Object.values(PRESETS);

  it('have valid settings, at most three runs, distinct keys', () => {
    for (const preset of all) {
      expect(preset.runs.length).toBeGreaterThan(0);
      expect(preset.runs.length).toBeLessThanOrEqual(3);
      expect(new Set(preset.runs.map((r) => r.key)).size).toBe(preset.runs.length);
      for (const run of preset.runs) expect(validateConfig(run.config), `${preset.id}/${run.key}`).toEqual([]);
    }
  });

  it('have references that match their claims', () => {
    for (const preset of all) {
      for (const { reference: r } of preset.runs) {
        if (preset.claim === 'groks') {
          expect(r.memorize).not.toBeNull();
          expect(r.grok!).toBeGreaterThanOrEqual(4 * r.memorize!);
          expect(r.grok!).toBeLessThanOrEqual(preset.steps);
        }
        if (preset.claim === 'memorizes-only' || preset.claim === 'lazy') expect(r.grok).toBeNull();
      }
    }
    expect(PRESETS.collapse.runs.map((r) => r.reference.collapse !== null)).toEqual([true, false]);
  });

  it('lazy fits with a still kernel; rich generalizes while its kernel moves', async () => {
    const outcome = async (id: 'lazy' | 'rich') => {
      const trainer = new Trainer(PRESETS[id].runs[0]!.config);
      await trainer.step(150);
      const m = await trainer.metrics();
      trainer.dispose();
      return m;
    };
    const lazy = await outcome('lazy');
    const rich = await outcome('rich');
    expect(lazy.train.accuracy).toBeGreaterThan(0.99);
    expect(lazy.test.accuracy).toBeLessThan(0.05);
    expect(lazy.ntkChange).toBeLessThan(0.01);
    expect(rich.test.accuracy).toBeGreaterThan(0.95);
    expect(rich.ntkChange).toBeGreaterThan(1);
  });
});
