import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PresetTrace } from '../model/traceFormat.ts';
import {
  CIRCUIT_TUNED_SHARE,
  COLLAPSE_ZERO_LOSS_SHARE,
  IPR_RISE,
  NORM_FLAT,
  STUCK_AFTER,
  TREND_WINDOW,
  pointFromRecord,
  pointsFromTrace,
  readAll,
  readAt,
  verdictSpans,
  type MonitorPoint,
  type Reading,
} from './monitorReading.ts';

function reference(preset: string, key: string) {
  const trace = JSON.parse(readFileSync(new URL(`../../public/data/presets/${preset}.json`, import.meta.url), 'utf8')) as PresetTrace;
  const run = trace.runs.find((r) => r.key === key)!;
  return { run, points: pointsFromTrace(run.series) };
}

const verdictAt = (readings: readonly Reading[], step: number) => readings.find((r) => r.step === step)?.verdict;
const stepsWhere = (readings: readonly Reading[], from: number, to: number) => readings.filter((r) => r.step >= from && r.step <= to);

/** A made-up run: fit from step 40, measured every 10 steps, with the given norm and IPR per step. */
function synthetic(norm: (step: number) => number, ipr: (step: number) => number, tuned = () => 0): MonitorPoint[] {
  return Array.from({ length: 40 }, (_, i) => {
    const step = i * 10;
    return {
      step,
      trainAccuracy: step >= 40 ? 1 : step / 50,
      trainLoss: 1,
      zeroLossFraction: 0,
      weightNorm: norm(step),
      ntkChange: 0,
      distanceFromInit: 0,
      tunedFraction: tuned(),
      ipr: ipr(step),
    };
  });
}

describe('the reading on the reference runs', () => {
  const classic = reference('classic', 'main');
  const noreg = reference('noreg', 'main');
  const softmax = reference('collapse', 'softmax');
  const stablemax = reference('collapse', 'stablemax');

  it('says "keep training" through classic’s plateau, before its test accuracy rises', () => {
    const readings = readAll(classic.points);
    const { memorize } = classic.run.milestones;
    expect(memorize).toBe(55);
    // The plateau: fit, but test accuracy still under 5% (it first passes 5% at step 130).
    const rise = classic.run.series.step.find((s, i) => s > memorize! && classic.run.series.testAcc[i]! > 0.05)!;
    expect(rise).toBe(130);
    // The trend window takes the first 50 steps after the fit; every reading after it says keep.
    const plateau = stepsWhere(readings, memorize! + TREND_WINDOW, rise - 5);
    expect(plateau.map((r) => r.step)).toEqual([105, 110, 115, 120, 125]);
    expect(new Set(plateau.map((r) => r.verdict))).toEqual(new Set(['keep']));
    // Its weight norm is falling and its structure rising while test accuracy is under 4%.
    const at120 = readings.find((r) => r.step === 120)!;
    expect(at120.reasons.map((r) => r.kind)).toEqual(['fit', 'norm', 'structure']);
    expect(at120.reasons).toContainEqual(expect.objectContaining({ kind: 'norm', trend: 'falling' }));
    expect(at120.reasons).toContainEqual(expect.objectContaining({ kind: 'structure', trend: 'rising' }));
    expect(classic.points.find((p) => p.step === 120)!.testAccuracy).toBeCloseTo(0.037, 3);
  });

  it('never tells classic to intervene, and calls its circuit in place once half the neurons are tuned', () => {
    const readings = readAll(classic.points);
    expect(readings.some((r) => r.verdict === 'intervene' || r.verdict === 'collapse')).toBe(false);
    const spans = verdictSpans(readings).map((s) => s.verdict);
    expect(spans).toEqual(['early', 'keep']);
    const circuit = readings.find((r) => r.reasons.some((x) => x.kind === 'circuit'))!;
    expect(circuit.step).toBe(335);
    expect(readings.at(-1)!.verdict).toBe('keep');
  });

  it('says "intervene" for noreg once it has memorized, until softmax collapse takes over', () => {
    const readings = readAll(noreg.points);
    expect(noreg.run.milestones.memorize).toBe(45);
    // Measured every 15 steps: the first point at least STUCK_AFTER steps past the fit (45) is 150.
    expect(45 + STUCK_AFTER).toBe(145);
    expect(verdictSpans(readings)).toEqual([
      { verdict: 'early', start: 0, end: 150 },
      { verdict: 'intervene', start: 150, end: 750 },
      { verdict: 'collapse', start: 750, end: 3000 },
    ]);
    // The reasons: fit long ago, the norm growing, no structure.
    const at600 = readings.find((r) => r.step === 600)!;
    expect(at600.reasons).toEqual([
      expect.objectContaining({ kind: 'fit', since: 45 }),
      expect.objectContaining({ kind: 'norm', trend: 'rising' }),
      expect.objectContaining({ kind: 'structure', trend: 'flat' }),
    ]);
  });

  it('warns of softmax collapse in the collapse preset’s softmax run near its collapse step', () => {
    const readings = readAll(softmax.points);
    const collapse = softmax.run.milestones.collapse!;
    expect(collapse).toBe(795);
    const first = readings.find((r) => r.verdict === 'collapse')!;
    // 45 steps before more than half the training losses are exactly 0, and from then on throughout.
    expect(first.step).toBe(750);
    expect(collapse - first.step).toBeLessThanOrEqual(TREND_WINDOW);
    expect(readings.filter((r) => r.step >= first.step).every((r) => r.verdict === 'collapse')).toBe(true);
    expect(verdictAt(readings, collapse)).toBe('collapse');
    expect(first.reasons).toEqual([{ kind: 'zeroLoss', share: 0.1391 }]);
  });

  it('never calls collapse on a run with no exactly-zero losses (StableMax), but sees that it is stuck', () => {
    const readings = readAll(stablemax.points);
    expect(readings.some((r) => r.verdict === 'collapse')).toBe(false);
    expect(readings.at(-1)!.verdict).toBe('intervene');
  });

  it('keeps the thresholds between the runs they separate', () => {
    // The measured rates the threshold comments quote, recomputed here.
    const rates = (points: MonitorPoint[], from: number, to: number, pick: (p: MonitorPoint) => number) => {
      const out: number[] = [];
      for (const p of points) {
        if (p.step < from || p.step > to) continue;
        const then = [...points].reverse().find((q) => q.step <= p.step - TREND_WINDOW)!;
        out.push((pick(p) / pick(then) - 1) * (TREND_WINDOW / (p.step - then.step)));
      }
      return { min: Math.min(...out), max: Math.max(...out) };
    };
    const classicIpr = rates(classic.points, 55, 330, (p) => p.ipr);
    const noregIpr = rates(noreg.points, 95, 735, (p) => p.ipr);
    expect(classicIpr.min).toBeGreaterThan(2 * IPR_RISE);
    expect(noregIpr.max).toBeLessThan(IPR_RISE / 2);
    expect(classicIpr.min).toBeCloseTo(0.164, 3);
    expect(noregIpr.max).toBeCloseTo(0.021, 3);
    const classicNorm = rates(classic.points, 105, 305, (p) => p.weightNorm);
    const noregNorm = rates(noreg.points, 95, 735, (p) => p.weightNorm);
    expect(classicNorm.max).toBeLessThan(-NORM_FLAT);
    expect(noregNorm.min).toBeGreaterThan(NORM_FLAT);
    expect(Math.max(...classic.points.map((p) => p.zeroLossFraction))).toBe(0);
    expect(Math.max(...stablemax.points.map((p) => p.zeroLossFraction))).toBe(0);
    expect(softmax.points.find((p) => p.step === 735)!.zeroLossFraction).toBeLessThan(COLLAPSE_ZERO_LOSS_SHARE);
    expect(Math.max(...noreg.points.map((p) => p.tunedFraction))).toBeLessThan(CIRCUIT_TUNED_SHARE / 50);
  });

  it('does not look at test accuracy', () => {
    const blind = classic.points.map(({ testAccuracy: _t, ...p }) => p);
    expect(readAll(blind)).toEqual(readAll(classic.points));
  });
});

describe('the rules', () => {
  it('is too early to say while fitting and right after', () => {
    const points = synthetic(() => 50, () => 0.1);
    expect(readAt(points, 2)).toEqual({ step: 20, verdict: 'early', reasons: [{ kind: 'fitting', accuracy: 0.4 }] });
    expect(readAt(points, 6)).toEqual({ step: 60, verdict: 'early', reasons: [{ kind: 'justFit', since: 40, until: 90 }] });
    // Flat everything: wait until STUCK_AFTER steps past the fit, then intervene.
    const waiting = readAt(points, 10)!;
    expect(waiting.verdict).toBe('early');
    expect(waiting.reasons.at(-1)).toEqual({ kind: 'wait', until: 40 + STUCK_AFTER });
    expect(readAt(points, 14)!.verdict).toBe('intervene');
  });

  it('keeps training while weight decay still shrinks the weights, even before structure shows', () => {
    const points = synthetic((s) => 100 * Math.exp(-s / 2000), () => 0.1);
    const r = readAt(points)!;
    expect(r.verdict).toBe('keep');
    expect(r.reasons).toContainEqual(expect.objectContaining({ kind: 'norm', trend: 'falling' }));
  });

  it('scales rates to the trend window when the points are far apart', () => {
    // IPR up 10% per 100 steps is 5% per 50: below IPR_RISE, however the run is sampled.
    const ipr = (s: number) => 0.1 * 1.001 ** s;
    const dense = synthetic(() => 50, ipr);
    const sparse = dense.filter((p) => p.step % 100 === 0 || p.step < 50);
    const a = readAt(dense)!.reasons.find((r) => r.kind === 'structure');
    const b = readAt(sparse)!.reasons.find((r) => r.kind === 'structure');
    expect(a && 'change' in a && a.change).toBeCloseTo(b && 'change' in b ? b.change : Number.NaN, 2);
  });

  it('starts the fit over when training accuracy drops', () => {
    const points = synthetic(() => 50, () => 0.1).map((p) => (p.step === 200 ? { ...p, trainAccuracy: 0.5 } : p));
    expect(readAt(points, 20)!.verdict).toBe('early');
    expect(readAt(points, 22)).toEqual({ step: 220, verdict: 'early', reasons: [{ kind: 'justFit', since: 210, until: 260 }] });
  });

  it('reads a live metrics record like the reference traces', () => {
    const p = pointFromRecord({
      step: 10,
      train: { accuracy: 1, loss: 0.5, zeroLossFraction: 0.25 },
      test: { accuracy: 0.1 },
      norms: { total: { l2: 80 } },
      ntkChange: 0.3,
      distanceFromInit: 0.2,
      fourier: { Wa: { ipr: 0.1 }, Wb: { ipr: 0.3 }, neurons: { tunedFraction: 0.4 } },
    });
    expect(p).toEqual({
      step: 10,
      trainAccuracy: 1,
      trainLoss: 0.5,
      zeroLossFraction: 0.25,
      weightNorm: 80,
      ntkChange: 0.3,
      distanceFromInit: 0.2,
      tunedFraction: 0.4,
      ipr: 0.2,
      testAccuracy: 0.1,
    });
    expect(readAt([p])!.verdict).toBe('collapse');
    expect(readAt([])).toBeNull();
  });
});
