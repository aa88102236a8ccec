/**
 * Reads a preset's reference trajectory (written by `npm run precompute`) and
 * turns it into what figures draw: curve series, phase bands, grid frames.
 */
import type { CurveSeries, Phase } from '../charts/trainingCurves.ts';
import type { PresetId } from '../model/presets.ts';
import { decodeBits, type PresetTrace, type RunTrace } from '../model/traceFormat.ts';

const cache = new Map<PresetId, Promise<PresetTrace | null>>();

/** The reference data of a preset, or null when it cannot be loaded (the page then goes without). */
export function loadReference(id: PresetId): Promise<PresetTrace | null> {
  let pending = cache.get(id);
  if (!pending) {
    pending = fetch(`/data/presets/${id}.json`)
      .then((res) => (res.ok ? (res.json() as Promise<PresetTrace>) : null))
      .catch(() => null);
    cache.set(id, pending);
  }
  return pending;
}

export function accuracySeries(run: RunTrace, upTo = Infinity): CurveSeries {
  const { step, trainAcc, testAcc } = run.series;
  const n = upTo === Infinity ? step.length : step.findIndex((s) => s > upTo);
  const end = n < 0 ? step.length : n;
  return { steps: step.slice(0, end), train: trainAcc.slice(0, end), test: testAcc.slice(0, end) };
}

/** Test accuracy that marks the start of the rise (end of the plateau). */
const RISE = 0.05;

/**
 * Phase bands read off a run, following Nanda et al.'s three phases:
 * memorization (until train accuracy passes 99%), circuit formation (the
 * plateau, until test accuracy starts to rise), and cleanup (until test
 * accuracy passes 95%). Only for runs that grok; the boundaries are
 * where the accuracies cross those thresholds, an approximation of
 * boundaries that the paper defines through its progress measures.
 */
export function phasesOf(run: RunTrace): Phase[] {
  const { memorize, grok } = run.milestones;
  if (memorize === null || grok === null || grok <= memorize) return [];
  const { step, testAcc } = run.series;
  const riseIndex = step.findIndex((s, i) => s > memorize && (testAcc[i] ?? 0) > RISE);
  const rise = riseIndex >= 0 ? step[riseIndex]! : grok;
  return [
    { id: 'memorization', start: 0, end: memorize },
    { id: 'circuit', start: memorize, end: Math.max(memorize, rise) },
    { id: 'cleanup', start: Math.max(memorize, rise), end: grok },
  ].filter((p) => p.end > p.start);
}

/** The stored grid frame at or before `step`. */
export function gridAt(run: RunTrace, step: number): { step: number; correct: Uint8Array } | undefined {
  let best: { step: number; correct: string } | undefined;
  for (const g of run.grids) if (g.step <= step) best = g;
  if (!best) return undefined;
  return { step: best.step, correct: decodeBits(best.correct, run.config.p ** 2) };
}
