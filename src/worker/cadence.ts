/**
 * How often the engine measures metrics, as a pure function of the step and
 * of what a step and a measurement cost, so the page can say how long a run
 * will take before it starts (the worker and the page both read it).
 */

/** Keep metrics under this share of training time. */
export const METRICS_SHARE = 0.15;
export const METRIC_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000] as const;
/**
 * Early in a run the curves move fastest (fast memorizes by step 35 and its
 * test accuracy leaves chance by step 75), so the cadence never exceeds this
 * share of the steps trained so far, nor 5 steps at first. Without it a slow
 * first metrics call (warm-up) or a busy machine set a cadence of 50 and the
 * first point past memorization came at step 100, with test accuracy at 19%.
 */
export const EARLY_SHARE = 0.25;

/** Steps between metrics from `step` on. */
export function metricsCadence(step: number, msPerStep: number, msPerMetrics: number): number {
  const needed = msPerMetrics / (METRICS_SHARE * msPerStep);
  const affordable = METRIC_STEPS.find((k) => k >= needed) ?? METRIC_STEPS.at(-1)!;
  const early = METRIC_STEPS.filter((k) => k <= Math.max(5, step * EARLY_SHARE)).at(-1)!;
  return Math.min(affordable, early);
}

/** Expected time to train from step `from` to `to`, with the metrics the engine takes on the way. */
export function expectedMs(from: number, to: number, msPerStep: number, msPerMetrics: number): number {
  if (!(to > from) || !(msPerStep > 0)) return 0;
  let ms = 0;
  let step = from;
  while (step < to) {
    const every = metricsCadence(step, msPerStep, msPerMetrics);
    const next = Math.min(to, (Math.floor(step / every) + 1) * every);
    ms += (next - step) * msPerStep + msPerMetrics;
    step = next;
  }
  return ms;
}
