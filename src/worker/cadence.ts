/**
 * The steps at which a group's metrics are recorded: a function of the runs'
 * settings and the step only, never of the clock. Two identical runs then
 * record the same steps on an idle machine and on a loaded one, export
 * identical files, and name the same grok step as the reference (made with
 * metrics every 5 steps for `fast` and `classic`, see src/model/trace.ts).
 *
 * The cadence is chosen from a cost estimate in floating-point operations:
 * a metrics pass runs the model on all p² pairs, takes three Fourier spectra
 * and an eNTK on the probe pairs; a training step runs it forward and
 * backward on one batch and updates every weight. It is never finer than the
 * reference traces' cadence for the same step budget (about 200 records a
 * run), so long runs stay cheap and record every step their reference did.
 */
import { splitSizes, type RunConfig } from '../model/config.ts';
import { cadence as referenceCadence } from '../model/trace.ts';

/** Cadences a group can take: round numbers, never finer than the reference's 5 steps. */
export const METRIC_STEPS = [5, 10, 20, 25, 50, 100, 200, 250, 500, 1000] as const;
/**
 * Metrics may cost up to this share of the training's FLOPs. FLOPs undercount
 * a metrics pass's time: on WASM in Node one took 2.5× (fast) and 3.7×
 * (classic) a training step's time at 1.0× and 1.2× its FLOPs (readbacks and
 * many small kernels), so in time the share is larger.
 */
export const METRICS_FLOP_SHARE = 0.25;
/**
 * Early in a run the curves move fastest (fast memorizes by step 35 and its
 * test accuracy leaves chance by step 75), so the cadence never exceeds this
 * share of the steps trained so far, nor 5 steps at first.
 */
export const EARLY_SHARE = 0.25;
/** Optimizer FLOPs per weight and step (AdamW: moments, bias correction, decay, update). */
const OPTIMIZER_FLOPS_PER_WEIGHT = 20;

/** FLOPs of one training step: forward and backward on a batch, then the optimizer on every weight. */
export function stepFlops(c: RunConfig): number {
  const { p, width: h } = c;
  const batch = c.batchSize && c.batchSize > 0 ? c.batchSize : splitSizes(p, c.trainFraction).nTrain;
  const weights = 3 * p * h;
  // Grokfast-MA adds the whole window of past gradients each step.
  const filter = c.transform.kind === 'grokfast-ma' ? c.transform.window : 0;
  return 6 * batch * h * p + (OPTIMIZER_FLOPS_PER_WEIGHT + filter) * weights;
}

/** FLOPs of one metrics pass: logits and losses on all p² pairs, three spectra, the probe eNTK. */
export function metricsFlops(c: RunConfig): number {
  const { p, width: h, probeSize: n } = c;
  const pairs = p * p;
  const frequencies = Math.floor(p / 2) + 1;
  return 2 * pairs * h * p + 5 * pairs * p + 3 * 2 * 2 * frequencies * p * h + 4 * n * n * h;
}

/**
 * The finest cadence the group's costliest run can afford (metrics every k
 * steps cost at most METRICS_FLOP_SHARE of the training between them), and
 * no finer than the reference traces' cadence for a budget of `maxSteps`.
 */
export function affordableEvery(configs: readonly RunConfig[], maxSteps: number): number {
  const ratio = Math.max(0, ...configs.map((c) => metricsFlops(c) / stepFlops(c)));
  const needed = ratio / METRICS_FLOP_SHARE;
  const byFlops = METRIC_STEPS.find((k) => k >= needed) ?? METRIC_STEPS.at(-1)!;
  return Math.max(byFlops, referenceCadence(maxSteps));
}

/** The cadence in force at `step`: the affordable one, finer early in the run. */
export function everyAt(affordable: number, step: number): number {
  const early = METRIC_STEPS.filter((k) => k <= Math.max(5, step * EARLY_SHARE)).at(-1)!;
  return Math.min(affordable, early);
}

/**
 * Whether metrics are recorded at `step`: every `affordable` steps (step 0
 * included, and so every step a reference trace with that cadence holds),
 * plus the finer early ones.
 */
export function isMetricsStep(affordable: number, step: number): boolean {
  return step % affordable === 0 || step % everyAt(affordable, step) === 0;
}

/** The first recorded step after `step`. */
export function nextMetricsStep(affordable: number, step: number): number {
  let next = Math.floor(step) + 1;
  while (!isMetricsStep(affordable, next)) next++;
  return next;
}

/**
 * Expected time to train from step `from` to `to` with the metrics recorded on
 * the way, for the page's estimate before a long run (the worker measures
 * `msPerStep` and `msPerMetrics` by a probe).
 */
export function expectedMs(from: number, to: number, msPerStep: number, msPerMetrics: number, affordable: number): number {
  if (!(to > from) || !(msPerStep > 0)) return 0;
  let ms = 0;
  let step = Math.floor(from);
  while (step < to) {
    const next = Math.min(to, nextMetricsStep(affordable, step));
    ms += (next - step) * msPerStep + msPerMetrics;
    step = next;
  }
  return ms;
}
