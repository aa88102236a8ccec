import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../model/config.ts';
import { PRESETS, type PresetId } from '../model/presets.ts';
import { affordableEvery, everyAt, expectedMs, isMetricsStep, metricsFlops, nextMetricsStep, stepFlops } from './cadence.ts';

/** The recorded steps of a run from 0 to `last`, walking the schedule as the engine does. */
function schedule(affordable: number, last: number): number[] {
  const steps = [0];
  while (steps.at(-1)! < last) steps.push(nextMetricsStep(affordable, steps.at(-1)!));
  return steps.filter((s) => s <= last);
}

/** The cadence and budget a preset's reference trace was recorded with (public/data/presets/<id>.json). */
function referenceOf(id: PresetId): { every: number; steps: number } {
  const file = new URL(`../../public/data/presets/${id}.json`, import.meta.url);
  const { every, steps } = JSON.parse(readFileSync(file, 'utf8')) as { every: number; steps: number };
  return { every, steps };
}

const affordableFor = (id: PresetId) => affordableEvery(PRESETS[id].runs.map((r) => r.config), PRESETS[id].steps);

describe('metrics cadence', () => {
  it('records fast and classic every 5 steps, as their reference files were made', () => {
    for (const id of ['fast', 'classic'] as const) {
      expect(affordableFor(id), id).toBe(5);
      expect(referenceOf(id).every).toBe(5);
      const steps = schedule(5, PRESETS[id].steps);
      expect(steps).toEqual(Array.from({ length: PRESETS[id].steps / 5 + 1 }, (_, i) => 5 * i));
    }
  });

  it('records every step a preset’s reference recorded when the FLOPs allow its cadence, and never finer', () => {
    for (const id of Object.keys(PRESETS) as PresetId[]) {
      const ref = referenceOf(id);
      const affordable = affordableFor(id);
      expect(affordable, id).toBeGreaterThanOrEqual(ref.every);
      if (affordable !== ref.every) continue;
      const live = new Set(schedule(affordable, ref.steps));
      for (let step = 0; step <= ref.steps; step += ref.every) expect(live.has(step), `${id} ${step}`).toBe(true);
      // About 200 records a run, like the reference, plus a few early ones.
      expect(live.size, id).toBeLessThanOrEqual(ref.steps / ref.every + 1 + 12);
    }
  });

  it('depends on the settings and the step only: the same steps however often it is asked', () => {
    const a = schedule(100, 3000);
    expect(schedule(100, 3000)).toEqual(a);
    // Any step asked in between lands back on the same schedule.
    for (const from of [0, 7, 41, 99, 1234]) {
      const next = nextMetricsStep(100, from);
      expect(next).toBeGreaterThan(from);
      expect(a).toContain(next);
    }
  });

  it('is finer early in a run and never finer than 5 steps', () => {
    expect(everyAt(1000, 0)).toBe(5);
    expect(everyAt(1000, 40)).toBe(10);
    expect(everyAt(1000, 100)).toBe(25);
    expect(everyAt(1000, 4000)).toBe(1000);
    expect(everyAt(25, 4000)).toBe(25);
    const steps = schedule(1000, 8000);
    expect(steps.slice(0, 10)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 50]);
    expect(steps.length).toBeLessThan(60);
    expect(isMetricsStep(15, 45)).toBe(true);
    expect(isMetricsStep(15, 55)).toBe(false);
  });

  it('chooses the cadence from FLOPs: a minibatch makes each step cheap, so metrics come rarer', () => {
    const full: RunConfig = { ...DEFAULT_CONFIG };
    const batched: RunConfig = { ...DEFAULT_CONFIG, batchSize: 32 };
    expect(stepFlops(batched)).toBeLessThan(stepFlops(full) / 10);
    expect(metricsFlops(batched)).toBe(metricsFlops(full));
    expect(affordableEvery([full], 600)).toBe(5);
    expect(affordableEvery([batched], 600)).toBeGreaterThanOrEqual(100);
    // A group follows its costliest run, so its runs stay in lockstep on the same steps.
    expect(affordableEvery([full, batched], 600)).toBe(affordableEvery([batched], 600));
    // A bigger table at the same share of pairs keeps about the same ratio: the cadence does not explode.
    expect(affordableEvery([{ ...full, p: 211, width: 512, trainFraction: 0.4 }], 600)).toBeLessThanOrEqual(10);
    // A longer budget coarsens the cadence as the reference traces' does.
    expect(affordableEvery([full], 3000)).toBe(15);
  });
});

describe('expectedMs', () => {
  it('adds the metrics recorded on the way to the steps’ time', () => {
    expect(expectedMs(0, 100, 10, 0, 5)).toBe(1000);
    // Every 5 steps from 0 to 20: four metrics passes as costly as a step.
    expect(expectedMs(0, 20, 100, 100, 5)).toBe(20 * 100 + 4 * 100);
    expect(expectedMs(20, 20, 100, 100, 5)).toBe(0);
    // A coarse cadence: the early steps are finer, the rest every 100.
    const long = expectedMs(0, 10_000, 2000, 3000, 100);
    expect(long).toBeGreaterThan(10_000 * 2000 + 100 * 3000);
    expect(long).toBeLessThan(1.05 * 10_000 * 2000);
  });
});
