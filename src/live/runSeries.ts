/**
 * A run's metrics history as the series the charts take, and the play
 * button's state. Shared by every figure that draws a live run, so they all
 * read the worker's records and name their controls the same way.
 */
import type { SignalSeries } from '../charts/kernelSignal.ts';
import type { CurveSeries } from '../charts/trainingCurves.ts';
import { fill } from '../charts/labels.ts';
import type { MetricsRecord } from '../worker/protocol.ts';
import { forcedBackend } from '../worker/client.ts';

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

/** The play button's label key and pressed state for a group's status. */
export function playButtonState(status: string, hold: unknown, step: number): { label: 'live.again' | 'live.pause' | 'live.resume' | 'live.play'; pressed: boolean; finished: boolean } {
  const pressed = status === 'playing' || (hold ?? null) !== null;
  const finished = status === 'done' || status === 'faulted';
  return { label: finished ? 'live.again' : pressed ? 'live.pause' : step > 0 ? 'live.resume' : 'live.play', pressed, finished };
}

/**
 * The line under a live figure naming its backend, and whether the address
 * asked for another one. Landing on the CPU without being asked means
 * WebAssembly failed (blocked, or removed from the browser): that is said,
 * with what it means for the reader, not just "Running on cpu".
 */
export function backendLine(strings: Readonly<Record<string, string>>, name: string, search: string): string {
  const wanted = forcedBackend(search);
  if (name === 'cpu' && wanted !== 'cpu') return strings['live.backendCpuFallback'] ?? '';
  return wanted && wanted !== name
    ? fill(strings['live.backendFallback'], { wanted, name })
    : fill(wanted ? strings['live.backendForced'] : strings['live.backend'], { name });
}

/** A duration in the reader's words, e.g. "45 ms", "2.5 s", "12 min", "3 h 20 min" (`playground.duration.*`). */
export function durationText(ms: number, s: Record<string, string>): string {
  if (ms < 1000) return fill(s['playground.duration.ms'], { n: Math.max(1, Math.round(ms)) });
  const seconds = ms / 1000;
  if (seconds < 10) return fill(s['playground.duration.s'], { n: seconds.toFixed(1) });
  if (seconds < 90) return fill(s['playground.duration.s'], { n: Math.round(seconds) });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return fill(s['playground.duration.min'], { n: minutes });
  return fill(s['playground.duration.h'], { h: Math.floor(minutes / 60), min: minutes % 60 });
}
