/**
 * The monitoring dashboard's reading: "keep training", "intervene", "intervene
 * now (softmax collapse)" or "too early to say", from signals a practitioner
 * has without a test set — training accuracy and loss, the share of training
 * examples at exactly zero loss, the weight norm and the Fourier structure of
 * the weights. Test accuracy is never consulted: the point of the figure is
 * what one can tell without it (Li, Fan & Zhou, arXiv 2506.21551, monitor the
 * memorization-to-generalization transition in LLM pretraining without a test
 * set, through how structured the model's internal pathways become).
 *
 * Every threshold below was checked against the reference trajectories in
 * public/data/presets/{classic,noreg,collapse}.json (seed 0, the engine's own
 * output); the numbers quoted are theirs. They are rates for this model at
 * these learning rates (AdamW, lr 1e-2), not universal constants: the tests
 * pin them to those runs.
 */

export type Verdict = 'early' | 'keep' | 'intervene' | 'collapse';

/** One measurement of a run. The test accuracy may be present; the reading ignores it. */
export interface MonitorPoint {
  readonly step: number;
  readonly trainAccuracy: number;
  readonly trainLoss: number;
  /** Share of training examples whose float32 loss is exactly 0. */
  readonly zeroLossFraction: number;
  readonly weightNorm: number;
  readonly ntkChange: number;
  readonly distanceFromInit: number;
  /** Share of hidden neurons tuned to one frequency (metrics.ts, TUNED_NEURON_SHARE). */
  readonly tunedFraction: number;
  /** Mean inverse participation ratio of the neurons' Fourier power (W_a, W_b). */
  readonly ipr: number;
  readonly testAccuracy?: number;
}

/**
 * Training accuracy above which the training set counts as fit: the same 99%
 * that marks "memorized" everywhere else in the site (trace.ts milestones).
 */
export const FIT_ACCURACY = 0.99;

/**
 * Trends are read over the last this-many steps. The engine measures a live
 * run every 1–50 steps (its cadence adapts to the backend's speed), so 50
 * steps always spans at least one interval; the reference runs are measured
 * every 5 (classic) and 15 (noreg, collapse) steps. Rates are scaled to this
 * window when the points at hand are further apart.
 */
export const TREND_WINDOW = 50;

/**
 * Exactly-zero losses on this share of the training set mean softmax collapse
 * is under way. In collapse.json's softmax run (= noreg) the share is 0.1% at
 * step 660, 3.5% at 720, 13.9% at 750, 59.8% at 795 (the engine's collapse
 * milestone, where it passes 50%) and 94.3% at 840: once it reaches a tenth
 * the rest follow within about 50 steps, so a tenth warns before the majority
 * goes while staying clear of the first stray zeros. Classic (weight decay 1)
 * and the StableMax run never have a single zero-loss example in their budgets.
 * Runs with ⊥Grad can generalize with most losses at zero (regpresets.md:
 * 79–83% at step 3000), so this reading is for softmax runs like these.
 */
export const COLLAPSE_ZERO_LOSS_SHARE = 0.1;

/**
 * A rise of the IPR by this share over TREND_WINDOW steps counts as structure
 * forming. Classic's IPR rises by at least 16.4% per 50 steps from its fit
 * (step 55) until half its neurons are tuned (step 335), and by 76–86% during
 * the plateau (steps 105–125; test accuracy passes 5% only at 130). Noreg's
 * rises by at most 2.1% per 50 steps once it is 50 steps past its fit (step
 * 45), and by 0.4–0.6% from step 150 to its collapse. 8% leaves more than a
 * factor of two to both. StableMax's passes it only at steps 75–105, while
 * still within TREND_WINDOW of its fit (step 60).
 */
export const IPR_RISE = 0.08;

/**
 * When this share of the neurons is tuned to a single frequency the circuit
 * is in place, and a slowing IPR no longer means anything is stuck. Classic
 * passes half at step 335 (test accuracy 97%) and ends at 81%; noreg never has
 * more than one neuron of 128 tuned (0.8%), StableMax ends at 15.6%.
 */
export const CIRCUIT_TUNED_SHARE = 0.5;

/**
 * A weight norm that moves by less than this share over TREND_WINDOW steps is
 * flat. Classic's falls by 2.3–3.8% per 50 steps through its plateau and
 * cleanup (steps 105–305); noreg's grows by 0.8–5.8% per 50 steps from 50
 * steps after its fit to its collapse (steps 95–735).
 */
export const NORM_FLAT = 0.0025;

/**
 * How long after fitting a run may show no structure before the reading says
 * "intervene". Classic's IPR was already rising 30% per 50 steps at the step
 * it fit, so a run at these settings that has shown nothing for twice the
 * trend window is not in a plateau like classic's: noreg, fit at step 45,
 * reads "intervene" from its first measurement past step 145 (150).
 */
export const STUCK_AFTER = 2 * TREND_WINDOW;

export type Trend = 'rising' | 'flat' | 'falling';

export type Reason =
  /** Still fitting the training set. */
  | { readonly kind: 'fitting'; readonly accuracy: number }
  /** Fit, but too recently for the trends to say anything: readable from step `until`. */
  | { readonly kind: 'justFit'; readonly since: number; readonly until: number }
  /** Fit since step `since`. */
  | { readonly kind: 'fit'; readonly accuracy: number; readonly since: number }
  /** Relative change of the weight norm over the trend window. */
  | { readonly kind: 'norm'; readonly trend: Trend; readonly change: number }
  /** Relative change of the IPR over the trend window, and the tuned share now. */
  | { readonly kind: 'structure'; readonly trend: 'rising' | 'flat'; readonly change: number; readonly tuned: number }
  | { readonly kind: 'circuit'; readonly tuned: number }
  /** No structure yet; the reading turns to "intervene" at step `until` if that stays so. */
  | { readonly kind: 'wait'; readonly until: number }
  | { readonly kind: 'zeroLoss'; readonly share: number };

export interface Reading {
  readonly step: number;
  readonly verdict: Verdict;
  /** Why, most important first. */
  readonly reasons: readonly Reason[];
}

/** A stretch of steps with one verdict. */
export interface VerdictSpan {
  readonly verdict: Verdict;
  readonly start: number;
  readonly end: number;
}

/** Index of the last point at or before `step` (−1 if none). */
function indexAtOrBefore(points: readonly MonitorPoint[], step: number, hi: number): number {
  let lo = 0;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.step <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Relative change from `then` to `now`, scaled to TREND_WINDOW steps; 0 when it cannot be told. */
function rate(now: number, then: number, span: number): number {
  if (!(span > 0) || !Number.isFinite(now) || !Number.isFinite(then) || then === 0) return 0;
  return (now / then - 1) * (TREND_WINDOW / span);
}

/**
 * The reading at points[index], given where the latest unbroken stretch of
 * fitted points began (`fitStart`, an index, or −1 if the point is not fit).
 */
function readWith(points: readonly MonitorPoint[], index: number, fitStart: number): Reading {
  const p = points[index]!;
  const step = p.step;
  if (p.zeroLossFraction >= COLLAPSE_ZERO_LOSS_SHARE) {
    return { step, verdict: 'collapse', reasons: [{ kind: 'zeroLoss', share: p.zeroLossFraction }] };
  }
  if (fitStart < 0) return { step, verdict: 'early', reasons: [{ kind: 'fitting', accuracy: p.trainAccuracy }] };
  const since = points[fitStart]!.step;
  if (step - since < TREND_WINDOW) {
    return { step, verdict: 'early', reasons: [{ kind: 'justFit', since, until: since + TREND_WINDOW }] };
  }
  // The fit point itself is at or before step − TREND_WINDOW, so this finds one.
  const then = points[indexAtOrBefore(points, step - TREND_WINDOW, index)]!;
  const span = step - then.step;
  const normChange = rate(p.weightNorm, then.weightNorm, span);
  const iprChange = rate(p.ipr, then.ipr, span);
  const norm: Reason = {
    kind: 'norm',
    trend: normChange > NORM_FLAT ? 'rising' : normChange < -NORM_FLAT ? 'falling' : 'flat',
    change: normChange,
  };
  const rising = iprChange >= IPR_RISE;
  const structure: Reason = { kind: 'structure', trend: rising ? 'rising' : 'flat', change: iprChange, tuned: p.tunedFraction };
  const fit: Reason = { kind: 'fit', accuracy: p.trainAccuracy, since };

  if (p.tunedFraction >= CIRCUIT_TUNED_SHARE) {
    return { step, verdict: 'keep', reasons: [fit, { kind: 'circuit', tuned: p.tunedFraction }, norm] };
  }
  if (rising) return { step, verdict: 'keep', reasons: [fit, norm, structure] };
  // Weight decay still shrinking the weights: by the LU picture of Liu, Michaud
  // & Tegmark (arXiv 2210.01117) the generalizing solutions sit at a smaller
  // norm, so the run is still on its way even before structure shows.
  if (norm.trend === 'falling') return { step, verdict: 'keep', reasons: [fit, norm, structure] };
  if (step - since < STUCK_AFTER) {
    return { step, verdict: 'early', reasons: [fit, norm, structure, { kind: 'wait', until: since + STUCK_AFTER }] };
  }
  // The eNTK change and the distance from init are shown but not consulted:
  // noreg's eNTK change keeps climbing (0.97 at step 120, 10.3 at 3000) while
  // nothing generalizes, so "the features move" is no evidence of progress.
  return { step, verdict: 'intervene', reasons: [fit, norm, structure] };
}

/** For each point, the index where its unbroken stretch of fitted points began (−1: not fit). */
function fitStarts(points: readonly MonitorPoint[]): Int32Array {
  const out = new Int32Array(points.length);
  let start = -1;
  points.forEach((p, i) => {
    if (p.trainAccuracy > FIT_ACCURACY) {
      if (start < 0) start = i;
    } else start = -1;
    out[i] = start;
  });
  return out;
}

/** The reading at points[index] (the newest point by default). Points must be in step order. */
export function readAt(points: readonly MonitorPoint[], index = points.length - 1): Reading | null {
  if (index < 0 || index >= points.length) return null;
  let start = -1;
  for (let i = index; i >= 0 && points[i]!.trainAccuracy > FIT_ACCURACY; i--) start = i;
  return readWith(points, index, start);
}

/** The reading at every point, in order. */
export function readAll(points: readonly MonitorPoint[]): Reading[] {
  const starts = fitStarts(points);
  return points.map((_, i) => readWith(points, i, starts[i]!));
}

/** Readings merged into stretches of one verdict; each ends where the next begins (the last at its last point). */
export function verdictSpans(readings: readonly Reading[]): VerdictSpan[] {
  const spans: { verdict: Verdict; start: number; end: number }[] = [];
  for (const r of readings) {
    const last = spans.at(-1);
    if (last && last.verdict === r.verdict) last.end = r.step;
    else {
      if (last) last.end = r.step;
      spans.push({ verdict: r.verdict, start: r.step, end: r.step });
    }
  }
  return spans;
}

/** Series of a reference trajectory (trace.ts SeriesTrace), as points. */
export interface TraceSeries {
  readonly step: readonly number[];
  readonly trainAcc: readonly number[];
  readonly testAcc: readonly number[];
  readonly trainLoss: readonly number[];
  readonly zeroLoss: readonly number[];
  readonly l2: readonly number[];
  readonly ntk: readonly number[];
  readonly dist: readonly number[];
  readonly tuned: readonly number[];
  readonly ipr: readonly number[];
}

export function pointsFromTrace(s: TraceSeries): MonitorPoint[] {
  return s.step.map((step, i) => ({
    step,
    trainAccuracy: s.trainAcc[i] ?? Number.NaN,
    trainLoss: s.trainLoss[i] ?? Number.NaN,
    zeroLossFraction: s.zeroLoss[i] ?? 0,
    weightNorm: s.l2[i] ?? Number.NaN,
    ntkChange: s.ntk[i] ?? Number.NaN,
    distanceFromInit: s.dist[i] ?? Number.NaN,
    tunedFraction: s.tuned[i] ?? 0,
    ipr: s.ipr[i] ?? Number.NaN,
    testAccuracy: s.testAcc[i] ?? Number.NaN,
  }));
}

/** The fields of a worker metrics record the reading needs (protocol.ts MetricsRecord has them all). */
export interface RecordLike {
  readonly step: number;
  readonly train: { readonly accuracy: number; readonly loss: number; readonly zeroLossFraction: number };
  readonly test: { readonly accuracy: number };
  readonly norms: { readonly total: { readonly l2: number } };
  readonly ntkChange: number;
  readonly distanceFromInit: number;
  readonly fourier: { readonly Wa: { readonly ipr: number }; readonly Wb: { readonly ipr: number }; readonly neurons: { readonly tunedFraction: number } };
}

/** A live record as a point; the IPR is averaged over W_a and W_b exactly as the reference traces store it. */
export function pointFromRecord(r: RecordLike): MonitorPoint {
  return {
    step: r.step,
    trainAccuracy: r.train.accuracy,
    trainLoss: r.train.loss,
    zeroLossFraction: r.train.zeroLossFraction,
    weightNorm: r.norms.total.l2,
    ntkChange: r.ntkChange,
    distanceFromInit: r.distanceFromInit,
    tunedFraction: r.fourier.neurons.tunedFraction,
    ipr: (r.fourier.Wa.ipr + r.fourier.Wb.ipr) / 2,
    testAccuracy: r.test.accuracy,
  };
}
