import { describe, expect, it } from 'vitest';
import { expectedMs, metricsCadence } from './cadence.ts';

describe('metricsCadence and expectedMs', () => {
  it('measures every 5 steps at first, then as rarely as keeps metrics under 15% of training', () => {
    expect(metricsCadence(0, 10, 1)).toBe(1);
    expect(metricsCadence(0, 10, 100)).toBe(5);
    // 100 ms of metrics over 10 ms steps needs 67 steps between them: 100, once the run is past step 400.
    expect(metricsCadence(40, 10, 100)).toBe(10);
    expect(metricsCadence(400, 10, 100)).toBe(100);
  });

  it('adds the metrics taken on the way to the steps’ time', () => {
    expect(expectedMs(0, 100, 10, 0)).toBe(1000);
    // Metrics as costly as a step: every 5 steps until step 20, so four of them.
    expect(expectedMs(0, 20, 100, 100)).toBe(20 * 100 + 4 * 100);
    expect(expectedMs(20, 20, 100, 100)).toBe(0);
    expect(expectedMs(0, 10_000, 2000, 3000)).toBeGreaterThan(10_000 * 2000);
    expect(expectedMs(0, 10_000, 2000, 3000)).toBeLessThan(1.2 * 10_000 * 2000);
  });
});
