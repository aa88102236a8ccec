import { describe, expect, it } from 'vitest';
import type { MetricsRecord } from '../worker/protocol.ts';
import { RunStore } from './runStore.ts';

const rec = (step: number, test: number, grid = false): MetricsRecord =>
  ({
    step,
    train: { loss: 1, accuracy: 1, zeroLossFraction: 0, margin: 0 },
    test: { loss: 1, accuracy: test },
    ...(grid ? { grid: { predicted: new Int32Array(4), correct: new Uint8Array(4) } } : {}),
  }) as unknown as MetricsRecord;

const snapshot = (step: number, records: MetricsRecord[]) => ({
  type: 'snapshot' as const,
  group: 'g',
  step,
  status: 'playing' as const,
  hold: null,
  stepsPerSecond: 100,
  records: { main: records },
  trainedTo: step,
  tensors: 12,
});

describe('RunStore', () => {
  it('keeps each run history in step order and replaces replayed steps', () => {
    const store = new RunStore('g');
    let notified = 0;
    store.subscribe(() => notified++);
    store.apply({ type: 'created', group: 'g', runs: [{ key: 'main', nTrain: 2, nTest: 2 }], msPerStep: 1, msPerMetrics: 1 });
    store.apply(snapshot(20, [rec(0, 0), rec(10, 0.1), rec(20, 0.2, true)]));
    store.apply(snapshot(10, [rec(10, 0.15, true)]));
    const run = store.run('main')!;
    expect(run.history.map((r) => [r.step, r.test.accuracy])).toEqual([
      [0, 0],
      [10, 0.15],
      [20, 0.2],
    ]);
    expect(run.history.every((r) => r.grid === undefined)).toBe(true);
    expect(run.withGrid?.step).toBe(10);
    expect(store.current('main')?.step).toBe(10);
    expect(notified).toBe(3);
  });

  it('ignores other groups and resets on create', () => {
    const store = new RunStore('g');
    store.apply({ type: 'created', group: 'g', runs: [{ key: 'main', nTrain: 2, nTest: 2 }], msPerStep: 1, msPerMetrics: 1 });
    expect(store.apply({ ...snapshot(5, [rec(5, 0)]), group: 'other' })).toBe(false);
    store.apply(snapshot(5, [rec(5, 0)]));
    store.apply({ type: 'created', group: 'g', runs: [{ key: 'main', nTrain: 2, nTest: 2 }], msPerStep: 1, msPerMetrics: 1 });
    expect(store.run('main')?.history).toEqual([]);
    expect(store.step).toBe(0);
  });

  it('records faults and invalid settings per run', () => {
    const store = new RunStore('g');
    store.apply({ type: 'invalid', group: 'g', run: 'main', errors: [{ code: 'p-range', field: 'p', message: 'p must be 2…211', params: {} } as never] });
    expect(store.run('main')?.invalid?.[0]?.message).toMatch(/211/);
  });
});
