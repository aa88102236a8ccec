/**
 * A run's metrics history as the series the charts take. Shared by figures
 * that draw live runs, so they all read the worker's records the same way.
 */
import type { SignalSeries } from '../charts/kernelSignal.ts';
import type { CurveSeries } from '../charts/trainingCurves.ts';
import type { MetricsRecord } from '../worker/protocol.ts';

export function curveSeries(history: readonly MetricsRecord[]): CurveSeries {
  return {
    steps: history.map((r) => r.step),
    train: history.map((r) => r.train.accuracy),
    test: history.map((r) => r.test.accuracy),
  };
}

export function signalSeries(history: readonly MetricsRecord[]): SignalSeries {
  return {
    steps: history.map((r) => r.step),
    ntkChange: history.map((r) => r.ntkChange),
    distanceFromInit: history.map((r) => r.distanceFromInit),
    weightNorm: history.map((r) => r.norms.total.l2),
  };
}
