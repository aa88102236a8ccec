import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../model/config.ts';
import { PRESETS } from '../model/presets.ts';
import { affordableEvery, everyAt, isMetricsStep, metricsFlops, nextMetricsStep, stepFlops } from './cadence.ts';

/** The recorded steps of a run from 0 to `last`, walking the schedule as the engine does. */
function schedule(affordable: number, last: number): number[] {
  const steps = [0];
  while (steps.at(-1)! < last) steps.push(nextMetricsStep(affordable, steps.at(-1)!));
  return steps.filter((s) => s <= last);
}

describe('metrics cadence', () => {
  it('records fast and classic every 5 steps, as their reference files were made', () => {
    for (const id of ['fast', 'classic'] as const) {
      const configs = PRESETS[id].runs.map((r) => r.config);
      expect(affordableEvery(configs), id).toBe(5);
      const steps = schedule(5, PRESETS[id].steps);
      expect(steps).toEqual(Array.from({ length: PRESETS[id].steps / 5 + 1 }, (_, i) => 5 * i));
    }
    // So the reference's grok steps (185 for fast, 305 for classic at seed 0) are recorded steps.
    expect(isMetricsStep(5, 185)).toBe(true);
    expect(isMetricsStep(5, 305)).toBe(true);
  });

  it('depends on the settings and the step only: the same steps however often it is asked', () => {
    const a = schedule(100, 3000);
    const b = schedule(100, 3000);
    expect(a).toEqual(b);
    // Any step asked in between lands back on the same schedule.
    for (const from of [0, 7, 41, 99, 1234]) {
      const next = nextMetricsStep(100, from);
      expect(next).toBeGreaterThan(from);
      expect(a).toContain(next);
    }
  });

  it('is finer early in a run, never finer than 5 steps, and coarser for costlier metrics', () => {
    expect(everyAt(1000, 0)).toBe(5);
    expect(everyAt(1000, 40)).toBe(10);
    expect(everyAt(1000, 100)).toBe(25);
    expect(everyAt(1000, 4000)).toBe(1000);
    expect(everyAt(25, 4000)).toBe(25);
    const steps = schedule(1000, 8000);
    expect(steps.slice(0, 10)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 50]);
    // About 20 records per decade of steps once the cadence is coarse.
    expect(steps.length).toBeLessThan(60);
  });

  it('chooses the cadence from FLOPs: a minibatch makes each step cheap, so metrics come rarer', () => {
    const full: RunConfig = { ...DEFAULT_CONFIG };
    const batched: RunConfig = { ...DEFAULT_CONFIG, batchSize: 32 };
    expect(stepFlops(batched)).toBeLessThan(stepFlops(full) / 10);
    expect(metricsFlops(batched)).toBe(metricsFlops(full));
    expect(affordableEvery([full])).toBe(5);
    expect(affordableEvery([batched])).toBeGreaterThanOrEqual(100);
    // A group follows its costliest run, so its runs stay in lockstep on the same steps.
    expect(affordableEvery([full, batched])).toBe(affordableEvery([batched]));
    // A bigger table at the same share of pairs keeps about the same ratio: the cadence does not explode.
    expect(affordableEvery([{ ...full, p: 211, width: 512, trainFraction: 0.4 }])).toBeLessThanOrEqual(10);
  });
});
