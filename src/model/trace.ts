/**
 * Reference trajectories: a preset run through the same engine with a fixed
 * metrics cadence, reduced to compact plain data. `npm run precompute` writes
 * one JSON file per preset under public/data/presets/; the page draws it as
 * the "ghost" under a live run and shows it when live training is unavailable.
 * Values are rounded to 4 significant digits; grids are bitsets in base64.
 * The waves go to a file of their own (<id>.waves.json, see PresetWaves),
 * fetched only by figures that draw them.
 */
import type { RunConfig } from './config.ts';
import { computeWaves, WAVE_CIRCLES, type Metrics, type NeuronTuning } from './metrics.ts';
import type { Preset } from './presets.ts';
import { Trainer } from './train.ts';
import { encodeBits, encodeWaves, round4, TRACE_VERSION, type PresetTrace, type RunTrace, type SeriesTrace } from './traceFormat.ts';

/** Prediction-grid frames kept per run (evenly spaced, plus the milestones). */
const GRID_FRAMES = 24;

export * from './traceFormat.ts';

/** The metrics cadence for a budget: about 200 records, never finer than every 5 steps. */
export function cadence(steps: number): number {
  return Math.max(5, Math.ceil(steps / 200 / 5) * 5);
}

function emptySeries(): SeriesTrace {
  return { step: [], trainAcc: [], testAcc: [], trainLoss: [], testLoss: [], zeroLoss: [], margin: [], ntk: [], dist: [], l2: [], linf: [], tuned: [], ipr: [] };
}

function push(s: SeriesTrace, m: Metrics): void {
  s.step.push(m.step);
  s.trainAcc.push(round4(m.train.accuracy));
  s.testAcc.push(round4(m.test.accuracy));
  s.trainLoss.push(round4(m.train.loss));
  s.testLoss.push(round4(m.test.loss));
  s.zeroLoss.push(round4(m.train.zeroLossFraction));
  s.margin.push(round4(m.train.margin));
  s.ntk.push(round4(m.ntkChange));
  s.dist.push(round4(m.distanceFromInit));
  s.l2.push(round4(m.norms.total.l2));
  s.linf.push(round4(m.norms.total.linf));
  s.tuned.push(round4(m.fourier.neurons.tunedFraction));
  s.ipr.push(round4((m.fourier.Wa.ipr + m.fourier.Wb.ipr) / 2));
}

/**
 * Trains one run for `steps` steps (or until `stopAt`), measuring every `every`
 * steps. The caller chooses and initialises the TF.js backend.
 */
export async function traceRun(key: string, config: RunConfig, steps: number, every: number): Promise<RunTrace> {
  const trainer = new Trainer(config);
  try {
    const series = emptySeries();
    const power: number[] = [];
    // W_a and the tuning at every record, so the kept frames' waves can include the final key frequencies.
    const frames: { step: number; correct: Uint8Array; wa: Float32Array; tuning: NeuronTuning; waPower: Float64Array }[] = [];
    const milestones: RunTrace['milestones'] = { memorize: null, grok: null, collapse: null };
    let keyFrequencies: number[] = [];
    let frequencies = 0;
    const record = async (m: Metrics) => {
      push(series, m);
      frequencies = m.fourier.Wa.power.length;
      for (let k = 0; k < frequencies; k++) power.push(round4((m.fourier.Wa.power[k] ?? 0) + (m.fourier.Wb.power[k] ?? 0)));
      const wa = (await trainer.snapshot()).params.Wa;
      frames.push({ step: m.step, correct: m.grid.correct, wa, tuning: m.fourier.neurons, waPower: m.fourier.Wa.power });
      keyFrequencies = [...m.fourier.neurons.keyFrequencies];
      if (milestones.memorize === null && m.train.accuracy > 0.99) milestones.memorize = m.step;
      if (milestones.grok === null && m.test.accuracy > 0.95) milestones.grok = m.step;
      if (milestones.collapse === null && m.softmaxCollapse) milestones.collapse = m.step;
    };
    await record(await trainer.metrics());
    while (trainer.stepCount < steps && trainer.fault === null) {
      await trainer.step(Math.min(every, steps - trainer.stepCount));
      if (trainer.fault) break;
      await record(await trainer.metrics());
    }
    // Evenly spaced grid frames, always including the milestones and the last one.
    const wanted = new Set<number>();
    for (let i = 0; i < GRID_FRAMES; i++) wanted.add(Math.round((i * (frames.length - 1)) / (GRID_FRAMES - 1)));
    for (const s of [milestones.memorize, milestones.grok]) {
      if (s !== null) wanted.add(frames.findIndex((f) => f.step === s));
    }
    const kept = [...wanted]
      .filter((i) => i >= 0)
      .sort((a, b) => a - b)
      .map((i) => frames[i]!);
    const grids = kept.map((f) => ({ step: f.step, correct: encodeBits(f.correct) }));
    const { p, width } = config;
    const finalKeys = keyFrequencies.slice(0, WAVE_CIRCLES);
    const waves = kept.map((f) => encodeWaves(computeWaves(f.wa, p, width, f.tuning, f.waPower, finalKeys, 1), f.step));
    return {
      key,
      config,
      nTrain: trainer.dataset.trainIdx.length,
      nTest: trainer.dataset.testIdx.length,
      series,
      spectrum: { frequencies, power },
      keyFrequencies,
      grids,
      waves,
      milestones,
    };
  } finally {
    trainer.dispose();
  }
}

export async function tracePreset(preset: Preset, backend: string, options: { steps?: number } = {}): Promise<PresetTrace> {
  const steps = options.steps ?? preset.steps;
  const every = cadence(preset.steps);
  const runs: RunTrace[] = [];
  for (const run of preset.runs) runs.push(await traceRun(run.key, run.config, steps, every));
  return { version: TRACE_VERSION, preset: preset.id, steps: preset.steps, every, backend, runs };
}
