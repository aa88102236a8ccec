/**
 * The separation curve of issue 4: test accuracy against training fraction
 * for a kernel method and for the network trained lazily or richly, all on
 * the same splits. `npx node scripts/separation.ts` writes
 * public/data/kernel/separation.json from these functions; a unit test
 * regenerates a few points and compares.
 *
 * For seed s every method uses makeDataset(p, 'add', fraction, s), and the
 * kernels use θ₀ = initParamValues(p, width, 1, s): the very init the lazy and
 * rich networks start from, so (a) is the kernel the lazy network (b)
 * linearizes around, and (d) is where the rich network (c) got to from there.
 */
import { DEFAULT_CONFIG, type RunConfig } from './config.ts';
import { makeDataset, type Dataset } from './data.ts';
import { kernelRegression, weightsFromSnapshot, type KernelRegressionResult, type KernelSource, type NetworkWeights } from './kernel.ts';
import { initParamValues } from './model.ts';
import { PRESETS } from './presets.ts';
import { createRng } from './rng.ts';
import { randomRelabeling, relabelSplit } from './symmetry.ts';
import { round4 } from './traceFormat.ts';
import { Trainer } from './train.ts';

export const SEPARATION_VERSION = 1;
export const SEPARATION_FRACTIONS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
export const SEPARATION_SEEDS: readonly number[] = [0, 1, 2];

export type KernelMethod = 'expected' | 'entk0';
export type NetworkMethod = 'lazy' | 'lazyGd' | 'richL2' | 'richLinf';
/** 'entkRich': the eNTK of the trained richL2 network used as a fixed kernel. */
export type MethodId = KernelMethod | NetworkMethod | 'entkRich';

/** A network run: its settings, a step budget, and when to stop early. */
export interface NetworkSpec {
  readonly config: RunConfig;
  readonly steps: number;
  /** Metrics cadence (steps). */
  readonly every: number;
  /** Stop at the first measurement with test accuracy ≥ this (null: use the whole budget). */
  readonly stopAtTest: number | null;
}

/**
 * (b) The lazy preset (lazyrich.md's working setting 2: MSE, Adam lr 1e-3/α,
 * α = 10, no regularizer) at another fraction, width and seed; its 1500-step
 * budget.
 */
export function lazySpec(p: number, width: number, trainFraction: number, seed: number): NetworkSpec {
  return {
    config: { ...PRESETS.lazy.runs[0]!.config, p, width, trainFraction, seed },
    steps: PRESETS.lazy.steps,
    every: 100,
    stopAtTest: null,
  };
}

/**
 * (b') The lazy run with plain GD (lr 0.005/α², 3000 steps: lazyrich.md's
 * working setting 1), which is kernel gradient flow in the limit; Adam is not
 * (its per-coordinate steps change the effective kernel). Measured at p = 31,
 * fractions 0.3 and 0.5: GD's test predictions agree with the eNTK₀
 * regression on 65% of test pairs, Adam's on 15–22%.
 */
export function lazyGdSpec(p: number, width: number, trainFraction: number, seed: number): NetworkSpec {
  const lazy = lazySpec(p, width, trainFraction, seed);
  return { ...lazy, config: { ...lazy.config, optimizer: 'gd', lr: 0.005 }, steps: 3000, every: 500 };
}

/**
 * (c, ℓ2) Feature learning with weight decay: the engine's default grokking
 * setting (CE, AdamW lr 1e-2, wd 1, plain f(θ)), which AdamW turns into an
 * ℓ∞-type norm bias (papers.md §1.1). 3000 steps, stopping once all but 0.1%
 * of the test set is right (later steps only consolidate).
 */
export function richL2Spec(p: number, width: number, trainFraction: number, seed: number): NetworkSpec {
  return {
    config: { ...DEFAULT_CONFIG, p, width, trainFraction, seed },
    steps: 3000,
    every: 100,
    stopAtTest: 0.999,
  };
}

/** (c, ℓ∞) The same with the smooth ℓ∞ penalty of the linf preset (λ 0.1, q 16) instead of weight decay. */
export function richLinfSpec(p: number, width: number, trainFraction: number, seed: number): NetworkSpec {
  return {
    ...richL2Spec(p, width, trainFraction, seed),
    config: { ...DEFAULT_CONFIG, p, width, trainFraction, seed, regularizer: { kind: 'linf-smooth', lambda: 0.1, q: 16 } },
  };
}

export const NETWORK_SPECS: { readonly [K in NetworkMethod]: (p: number, width: number, fraction: number, seed: number) => NetworkSpec } = {
  lazy: lazySpec,
  lazyGd: lazyGdSpec,
  richL2: richL2Spec,
  richLinf: richLinfSpec,
};

/** What the figures need from one kernel regression, rounded to 4 significant digits. */
export interface KernelPoint {
  readonly test: number;
  readonly train: number;
  /** Share of test pairs whose true class scored lowest of all p. */
  readonly bottom: number;
  /** Mean rank of the true class (1 = predicted, p = last). */
  readonly rank: number;
  /** Share of test pairs with no training pair in their row or column carrying their label. */
  readonly noNeighbour: number;
}

export function summarizeKernel(r: KernelRegressionResult): KernelPoint {
  let rank = 0;
  let none = 0;
  for (let t = 0; t < r.nTest; t++) {
    rank += r.trueRank[t]!;
    if (r.trueLabelNeighbours[t] === 0) none += 1;
  }
  const m = Math.max(r.nTest, 1);
  return {
    test: round4(r.testAccuracy),
    train: round4(r.trainAccuracy),
    bottom: round4(r.bottomShare),
    rank: round4(rank / m),
    noNeighbour: round4(none / m),
  };
}

export function initWeights(p: number, width: number, seed: number): NetworkWeights {
  return { p, h: width, activation: 'square', params: initParamValues(p, width, 1, seed) };
}

export function kernelSource(method: KernelMethod, p: number, width: number, seed: number): KernelSource {
  return method === 'expected' ? { kind: 'expected', width } : { kind: 'empirical', weights: initWeights(p, width, seed) };
}

export function separationDataset(p: number, fraction: number, seed: number): Dataset {
  return makeDataset(p, 'add', fraction, seed);
}

/** (a) One kernel point: regression with the expected or the initial eNTK. */
export function kernelPoint(method: KernelMethod, p: number, width: number, fraction: number, seed: number): KernelPoint {
  return summarizeKernel(kernelRegression(kernelSource(method, p, width, seed), separationDataset(p, fraction, seed)));
}

/** The relabeling used for the scrambled-table contrast of a seed (its own stream, so the split and init are untouched). */
export function scrambleFor(p: number, seed: number) {
  return randomRelabeling(p, createRng(0x5c4a_0000 + seed));
}

export interface NetworkPoint {
  readonly test: number;
  readonly train: number;
  /** Steps actually trained (≤ the budget). */
  readonly steps: number;
  /** ‖K_t − K₀‖/‖K₀‖ and ‖θ − θ₀‖/‖θ₀‖ at the end. */
  readonly ntkChange: number;
  readonly distance: number;
  /** Non-null if training stopped on a fault. */
  readonly fault: string | null;
}

export interface NetworkOutcome {
  readonly point: NetworkPoint;
  /** Predicted class of every pair index at the end. */
  readonly predicted: Int32Array;
  readonly weights: NetworkWeights;
  readonly dataset: Dataset;
}

/** Trains one run on the current tf backend (set by the caller). */
export async function networkOutcome(spec: NetworkSpec): Promise<NetworkOutcome> {
  const trainer = new Trainer(spec.config);
  try {
    let m = await trainer.metrics();
    while (trainer.stepCount < spec.steps && trainer.fault === null) {
      await trainer.step(Math.min(spec.every, spec.steps - trainer.stepCount));
      if (trainer.fault !== null) break;
      m = await trainer.metrics();
      if (spec.stopAtTest !== null && m.test.accuracy >= spec.stopAtTest) break;
    }
    const snapshot = await trainer.snapshot();
    return {
      point: {
        test: round4(m.test.accuracy),
        train: round4(m.train.accuracy),
        steps: m.step,
        ntkChange: round4(m.ntkChange),
        distance: round4(m.distanceFromInit),
        fault: trainer.fault?.cause ?? null,
      },
      predicted: m.grid.predicted,
      weights: weightsFromSnapshot(snapshot, 'params'),
      dataset: trainer.dataset,
    };
  } finally {
    trainer.dispose();
  }
}

/** Share of the dataset's test pairs on which two predictors agree. */
export function agreement(dataset: Dataset, byPair: Int32Array, kernel: KernelRegressionResult): number {
  let same = 0;
  dataset.testIdx.forEach((pair, t) => {
    if (byPair[pair] === kernel.predicted[t]) same += 1;
  });
  return dataset.testIdx.length > 0 ? round4(same / dataset.testIdx.length) : 1;
}

/** A curve: per fraction (rows) and seed (columns), plus mean and sample sd over seeds. */
export interface Curve {
  readonly values: number[][];
  readonly mean: number[];
  readonly sd: number[];
}

export function curve(values: number[][]): Curve {
  const mean = values.map((row) => round4(row.reduce((s, v) => s + v, 0) / row.length));
  const sd = values.map((row) => {
    if (row.length < 2) return 0;
    const mu = row.reduce((s, v) => s + v, 0) / row.length;
    return round4(Math.sqrt(row.reduce((s, v) => s + (v - mu) ** 2, 0) / (row.length - 1)));
  });
  return { values, mean, sd };
}

export interface MethodData {
  readonly id: MethodId;
  /** How the point was made: the kernel, or the network config and budget. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly test: Curve;
  readonly train: Curve;
  /** Extra per-point series by name (same fraction × seed layout). */
  readonly extra: Readonly<Record<string, Curve>>;
}

/** One modulus. */
export interface SeparationSet {
  readonly p: number;
  readonly width: number;
  readonly chance: number;
  readonly nTrain: number[];
  readonly methods: MethodData[];
  /**
   * The symmetry contrast on a scrambled table (relabelSplit of the same split
   * by scrambleFor(p, seed), weights not moved): test accuracy of the kernel
   * regression with each kernel on true addition and on the scrambled table.
   */
  readonly scrambled: Readonly<Record<'entk0' | 'entkRich', { readonly addition: Curve; readonly scrambled: Curve }>>;
}

/** k ⊗ I_p against the full class-block eNTK at θ₀ (kernel.ts's choice, checked). */
export interface BlockCheck {
  readonly p: number;
  readonly width: number;
  readonly fraction: number;
  readonly seed: number;
  readonly traceTest: number;
  readonly blockTest: number;
  /** Share of test pairs where both kernels predict the same class. */
  readonly agreement: number;
}

export interface SeparationData {
  readonly version: number;
  readonly fractions: readonly number[];
  readonly seeds: readonly number[];
  readonly backend: string;
  readonly relativeRidge: number;
  readonly sets: SeparationSet[];
  readonly blockCheck: BlockCheck[];
}

export interface SetOptions {
  readonly fractions?: readonly number[];
  readonly seeds?: readonly number[];
  /** Network curves to train (each adds its runs; 'richL2' also gives 'entkRich'). */
  readonly networks?: readonly NetworkMethod[];
  /** Called after every (fraction, seed) cell, e.g. to print progress. */
  readonly onCell?: (fraction: number, seed: number, cell: Readonly<Record<string, number>>) => void;
}

/** Every curve of one modulus, one (fraction, seed) cell at a time. */
export async function separationSet(p: number, width: number, options: SetOptions = {}): Promise<SeparationSet> {
  const fractions = options.fractions ?? SEPARATION_FRACTIONS;
  const seeds = options.seeds ?? SEPARATION_SEEDS;
  const networks = options.networks ?? ['lazy', 'richL2', 'richLinf'];
  // series[name][fraction index][seed index]
  const series = new Map<string, number[][]>();
  const put = (name: string, fi: number, value: number): void => {
    let rows = series.get(name);
    if (!rows) {
      rows = fractions.map(() => []);
      series.set(name, rows);
    }
    rows[fi]!.push(value);
  };
  const nTrain: number[] = [];
  for (const [fi, fraction] of fractions.entries()) {
    for (const seed of seeds) {
      const dataset = separationDataset(p, fraction, seed);
      if (seed === seeds[0]) nTrain.push(dataset.trainIdx.length);
      const scrambled = relabelSplit(dataset, scrambleFor(p, seed));
      const cell: Record<string, number> = {};
      const putPoint = (method: string, point: object): void => {
        for (const [k, v] of Object.entries(point)) {
          if (typeof v === 'number') put(`${method}.${k}`, fi, v);
        }
        cell[method] = (point as { test: number }).test;
      };
      putPoint('expected', summarizeKernel(kernelRegression(kernelSource('expected', p, width, seed), dataset)));
      const entk0Source = kernelSource('entk0', p, width, seed);
      const entk0 = kernelRegression(entk0Source, dataset);
      putPoint('entk0', summarizeKernel(entk0));
      put('scrambled.entk0.addition', fi, round4(entk0.testAccuracy));
      put('scrambled.entk0.scrambled', fi, round4(kernelRegression(entk0Source, scrambled).testAccuracy));
      for (const method of networks) {
        const out = await networkOutcome(NETWORK_SPECS[method](p, width, fraction, seed));
        putPoint(method, out.point);
        if (method === 'lazy' || method === 'lazyGd') put(`${method}.agreeKernel`, fi, agreement(dataset, out.predicted, entk0));
        if (method === 'richL2') {
          const source: KernelSource = { kind: 'empirical', weights: out.weights };
          const rich = kernelRegression(source, dataset);
          putPoint('entkRich', summarizeKernel(rich));
          put('entkRich.agreeNetwork', fi, agreement(dataset, out.predicted, rich));
          put('scrambled.entkRich.addition', fi, round4(rich.testAccuracy));
          put('scrambled.entkRich.scrambled', fi, round4(kernelRegression(source, scrambled).testAccuracy));
        }
      }
      options.onCell?.(fraction, seed, cell);
    }
  }
  const get = (name: string): Curve => curve(series.get(name) ?? fractions.map(() => []));
  const methodIds: MethodId[] = ['expected', 'entk0', ...networks];
  if (networks.includes('richL2')) methodIds.push('entkRich');
  const methods = methodIds.map((id): MethodData => {
    const prefix = `${id}.`;
    const extra: Record<string, Curve> = {};
    for (const name of series.keys()) {
      const key = name.slice(prefix.length);
      if (name.startsWith(prefix) && key !== 'test' && key !== 'train') extra[key] = get(name);
    }
    return { id, settings: methodSettings(id, p, width), test: get(`${id}.test`), train: get(`${id}.train`), extra };
  });
  const scrambledCurves = (k: 'entk0' | 'entkRich') => ({ addition: get(`scrambled.${k}.addition`), scrambled: get(`scrambled.${k}.scrambled`) });
  return {
    p,
    width,
    chance: round4(1 / p),
    nTrain,
    methods,
    scrambled: { entk0: scrambledCurves('entk0'), entkRich: scrambledCurves('entkRich') },
  };
}

/** The settings behind a curve, for the data file (network configs minus the per-cell fraction and seed). */
export function methodSettings(id: MethodId, p: number, width: number): Record<string, unknown> {
  switch (id) {
    case 'expected':
      return { kernel: 'expected eNTK at init (k̄ ⊗ I_p)', width };
    case 'entk0':
      return { kernel: 'eNTK at θ₀ (output trace / p, ⊗ I_p)', width };
    case 'entkRich':
      return { kernel: 'eNTK of the trained richL2 network', width };
    default: {
      const spec = NETWORK_SPECS[id](p, width, 0, 0);
      const { trainFraction: _f, seed: _s, ...config } = spec.config;
      return { ...config, steps: spec.steps, every: spec.every, stopAtTest: spec.stopAtTest };
    }
  }
}
