/**
 * Run settings, their defaults, and validation. Validation never throws: it
 * returns every problem with a machine-usable code and parameters, so the UI can
 * show a translated message naming the valid range; `message` is the English
 * fallback.
 */

export type Op = 'add' | 'sub' | 'mul';
export type Activation = 'square' | 'relu';
export type LossKind = 'ce' | 'stablemax' | 'mse';
export type OptimizerKind = 'adamw' | 'gd' | 'ngd';

export type Regularizer =
  | { readonly kind: 'none' }
  /** Decoupled weight decay θ ← θ(1 − lr·wd), applied before the update (PyTorch AdamW order). */
  | { readonly kind: 'l2'; readonly wd: number }
  /** Smooth ℓ∞: gradient of λ‖θ‖_q per matrix added to the loss gradient. */
  | { readonly kind: 'linf-smooth'; readonly lambda: number; readonly q: number }
  /** Exact ℓ∞: θ ← prox_{lr·λ‖·‖∞}(θ) per matrix after each update. */
  | { readonly kind: 'linf-prox'; readonly lambda: number };

export type GradTransform =
  | { readonly kind: 'none' }
  /** Grokfast-EMA: μ ← αμ + (1−α)g, ĝ = g + λμ (μ starts at the first gradient). */
  | { readonly kind: 'grokfast-ema'; readonly alpha: number; readonly lambda: number }
  /** Grokfast-MA: ĝ = g + λ·mean(last `window` gradients), once the window is full. */
  | { readonly kind: 'grokfast-ma'; readonly window: number; readonly lambda: number }
  /** ⊥Grad: per matrix g − (θ·g / θ·θ)θ, optionally rescaled to ‖g‖ (Prieto et al.'s code does). */
  | { readonly kind: 'orthograd'; readonly rescale: boolean };

export interface RunConfig {
  /** Modulus; inputs and labels are 0…p−1. */
  readonly p: number;
  readonly op: Op;
  /** Share of the p² pairs used for training. */
  readonly trainFraction: number;
  /** Seeds the split, the init and the eNTK probe set (separate streams). */
  readonly seed: number;
  /** Hidden width h. */
  readonly width: number;
  readonly activation: Activation;
  /** s: W_a, W_b ~ N(0, 1/2)·s and V ~ N(0, 1/h)·s. */
  readonly initScale: number;
  /**
   * Laziness knob α (Kumar et al.): when set, the output is the centered
   * α·(f(θ) − f(θ₀)) and the learning rate is divided by α² (GD) or α (AdamW,
   * normalized GD), so the function moves at the same speed for every α while
   * the parameters move O(1/α). null: plain f(θ), lr unscaled.
   */
  readonly alpha: number | null;
  readonly loss: LossKind;
  readonly optimizer: OptimizerKind;
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly regularizer: Regularizer;
  readonly transform: GradTransform;
  /** Number of fixed random pairs on which the eNTK is tracked. */
  readonly probeSize: number;
  /**
   * Training pairs per step. Absent or 0: the whole training set every step
   * (full batch, what every preset before minibatches was measured with, so
   * it stays absent there). Otherwise each epoch visits the training set in a
   * fresh seeded order, this many pairs per step; equal to the training-set
   * size it is the full batch again.
   */
  readonly batchSize?: number;
}

export const DEFAULT_CONFIG: RunConfig = {
  p: 47,
  op: 'add',
  trainFraction: 0.4,
  seed: 0,
  width: 128,
  activation: 'square',
  initScale: 1,
  alpha: null,
  loss: 'ce',
  optimizer: 'adamw',
  lr: 1e-2,
  beta1: 0.9,
  beta2: 0.98,
  eps: 1e-8,
  regularizer: { kind: 'l2', wd: 1 },
  transform: { kind: 'none' },
  probeSize: 128,
};

/** Settings used when a regularizer or transform is chosen without its parameters. */
export const REGULARIZER_DEFAULTS = {
  none: { kind: 'none' },
  l2: { kind: 'l2', wd: 1 },
  'linf-smooth': { kind: 'linf-smooth', lambda: 0.1, q: 16 },
  'linf-prox': { kind: 'linf-prox', lambda: 3000 },
} as const satisfies { [K in Regularizer['kind']]: Extract<Regularizer, { kind: K }> };

export const TRANSFORM_DEFAULTS = {
  none: { kind: 'none' },
  'grokfast-ema': { kind: 'grokfast-ema', alpha: 0.98, lambda: 2 },
  'grokfast-ma': { kind: 'grokfast-ma', window: 100, lambda: 5 },
  orthograd: { kind: 'orthograd', rescale: true },
} as const satisfies { [K in GradTransform['kind']]: Extract<GradTransform, { kind: K }> };

export const LIMITS = {
  p: { min: 2, max: 211 },
  width: { min: 1, max: 2048 },
  probeSize: { min: 1, max: 1024 },
  seed: { min: 0, max: 4294967295 },
  window: { min: 1, max: 1000 },
  /** The upper end is the training-set size; this cap only applies while p or trainFraction is invalid. */
  batchSize: { min: 0, max: 211 * 211 - 1 },
} as const;

/**
 * Memory one run may hold at once: weights, optimizer and filter state, the
 * constants its steps and metrics read, the passing work of one gradient
 * slice, metrics pass or snapshot, and its checkpoints (at least step 0 and the
 * newest). A Grokfast-MA window of 450 copies at p 97 and width 512 used to
 * pass a 256 MB limit that counted one copy, and then took the tab past 9 GB
 * with one copy in each of 48 checkpoints.
 */
export const MEMORY_BUDGET_BYTES = 1024 * 2 ** 20;
/**
 * Multiply-adds of the largest product in one gradient slice (rows × width × p).
 * A full-batch step above this is summed over row slices with a yield between
 * them, so a pause reaches the worker between slices; every preset stays under
 * it and keeps its one-piece step. Taken from the config alone, never from the
 * machine's speed, so a run's numbers do not depend on where it ran.
 */
export const SLICE_WORK = 2 ** 27;
/** Multiply-adds of one block of the metrics' forward pass over all p² pairs (every preset fits in one). */
export const METRICS_BLOCK_WORK = 2 ** 29;

const MB = 2 ** 20;

/** Training rows per gradient slice. */
export function sliceRows(p: number, width: number): number {
  return Math.max(1, Math.floor(SLICE_WORK / (p * width)));
}

/** Values of the first input per block of the metrics' forward pass (each block is that many × p pairs). */
export function metricsBlockInputs(p: number, width: number): number {
  return Math.max(1, Math.min(p, Math.floor(METRICS_BLOCK_WORK / (p * p * width))));
}

/** The settings memory depends on. */
export type MemoryConfig = Pick<RunConfig, 'p' | 'width' | 'trainFraction' | 'optimizer' | 'transform' | 'alpha' | 'probeSize' | 'batchSize'>;

/** Bytes of one run, by what holds them (float32 and int32 values, 4 bytes each). */
export interface RunMemory {
  /** Weights, θ₀ and the init values kept for snapshots. */
  readonly params: number;
  /** Adam's two moments. */
  readonly optimizer: number;
  /** Grokfast's EMA or its whole MA window. */
  readonly filter: number;
  /** Training-set index and one-hots, the metrics' target mask and labels, the eNTK probe's matrices, f(θ₀). */
  readonly constants: number;
  /** Passing work of one gradient slice and the update. */
  readonly step: number;
  /** Passing work of one metrics pass. */
  readonly metrics: number;
  /** One checkpoint: weights, init values, optimizer and filter state. */
  readonly checkpoint: number;
  /** Everything held while training, with the largest passing work (a snapshot briefly holds three copies). */
  readonly peak: number;
  /** peak plus the two checkpoints every run keeps (step 0 and the newest). */
  readonly minimum: number;
}

export function runMemory(config: MemoryConfig): RunMemory {
  const { p, width: h } = config;
  const P = 3 * p * h;
  const { nTrain } = splitSizes(p, config.trainFraction);
  const batch = config.batchSize !== undefined && config.batchSize > 0 ? Math.min(config.batchSize, nTrain) : nTrain;
  const rows = Math.min(batch, sliceRows(p, h));
  const tr = config.transform;
  const filterFloats = tr.kind === 'grokfast-ema' ? P : tr.kind === 'grokfast-ma' ? tr.window * P : 0;
  const optimizerFloats = config.optimizer === 'adamw' ? 2 * P : 0;
  const centered = config.alpha !== null;
  const n = Math.min(config.probeSize, p * p);
  const constants =
    nTrain * (p + 6) + // one-hots, pair index and sorted segments
    2 * p * p * p + // the target mask, and its values while it is built
    3 * p * p + // labels and (pair, label) targets
    2 * n * n + // S and K₀ of the probe
    (centered ? nTrain * p + p * p * p : 0);
  // Z, act(Z), dH, act'(Z), dZ per row and width; output, softmax and its gradient per row and class; then the
  // slice's gradients, their running sum and the update's temporaries.
  const step = 5 * rows * h + 5 * rows * p + 4 * P + optimizerFloats;
  const block = metricsBlockInputs(p, h) * p;
  const metrics = 2 * block * h + block * p + 6 * p * p * p + 3 * p * h;
  const checkpoint = 2 * P + optimizerFloats + filterFloats;
  const bytes = (floats: number) => 4 * floats;
  const live = 3 * P + optimizerFloats + filterFloats + constants;
  // A snapshot holds three copies at once: the packed tensor, its readback, and the per-tensor copies kept.
  const peak = live + Math.max(step, metrics, 3 * checkpoint);
  return {
    params: bytes(3 * P),
    optimizer: bytes(optimizerFloats),
    filter: bytes(filterFloats),
    constants: bytes(constants),
    step: bytes(step),
    metrics: bytes(metrics),
    checkpoint: bytes(checkpoint),
    peak: bytes(peak),
    minimum: bytes(peak + 2 * checkpoint),
  };
}

/**
 * How many checkpoints a group of runs can keep in what their budgets leave
 * after their peak use: at most `most`, and never fewer than two (step 0 and
 * the newest), which validateConfig has made sure fit.
 */
export function checkpointsThatFit(configs: readonly MemoryConfig[], most: number): number {
  let free = configs.length * MEMORY_BUDGET_BYTES;
  let each = 0;
  for (const c of configs) {
    const m = runMemory(c);
    free -= m.peak;
    each += m.checkpoint;
  }
  return Math.max(2, Math.min(most, Math.floor(free / each)));
}

/** Megabytes for messages, rounded up so a stated need is never below the real one. */
export const megabytes = (bytes: number): number => Math.ceil(bytes / MB);

/** The largest Grokfast-MA window that fits in the budget with these settings (0 when not even one does). */
export function maxMaWindow(config: MemoryConfig): number {
  const fits = (window: number) =>
    runMemory({ ...config, transform: { kind: 'grokfast-ma', window, lambda: 0 } }).minimum <= MEMORY_BUDGET_BYTES;
  let lo = 0;
  let hi = LIMITS.window.max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export type ConfigErrorCode =
  | 'missing'
  | 'not-a-number'
  | 'not-an-integer'
  | 'out-of-range'
  | 'invalid-choice'
  | 'empty-split'
  /** The run would need more than MEMORY_BUDGET_BYTES (params: limitMB, neededMB, and max for a window). */
  | 'over-budget';

export interface ConfigErrorParams {
  readonly value?: unknown;
  readonly min?: number;
  readonly max?: number;
  /** false when the bound itself is not allowed, e.g. trainFraction ∈ (0, 1). */
  readonly minInclusive?: boolean;
  readonly maxInclusive?: boolean;
  readonly integer?: boolean;
  readonly choices?: readonly string[];
  readonly nTrain?: number;
  readonly nTest?: number;
  readonly limitMB?: number;
  readonly neededMB?: number;
}

export interface ConfigError {
  readonly code: ConfigErrorCode;
  /** Dotted path of the setting, e.g. "regularizer.lambda". */
  readonly field: string;
  readonly message: string;
  readonly params: ConfigErrorParams;
}

interface NumberRule {
  readonly min: number;
  readonly max: number;
  readonly minInclusive: boolean;
  readonly maxInclusive: boolean;
  readonly integer: boolean;
}

const rule = (
  min: number,
  max: number,
  opts: { integer?: boolean; minInclusive?: boolean; maxInclusive?: boolean } = {},
): NumberRule => ({
  min,
  max,
  integer: opts.integer ?? false,
  minInclusive: opts.minInclusive ?? true,
  maxInclusive: opts.maxInclusive ?? true,
});

const RULES = {
  p: rule(LIMITS.p.min, LIMITS.p.max, { integer: true }),
  trainFraction: rule(0, 1, { minInclusive: false, maxInclusive: false }),
  seed: rule(LIMITS.seed.min, LIMITS.seed.max, { integer: true }),
  width: rule(LIMITS.width.min, LIMITS.width.max, { integer: true }),
  initScale: rule(0, 100, { minInclusive: false }),
  alpha: rule(1e-4, 1e4),
  lr: rule(0, 100, { minInclusive: false }),
  beta1: rule(0, 1, { maxInclusive: false }),
  beta2: rule(0, 1, { maxInclusive: false }),
  eps: rule(0, 1, { minInclusive: false }),
  probeSize: rule(LIMITS.probeSize.min, LIMITS.probeSize.max, { integer: true }),
  wd: rule(0, 100),
  lambda: rule(0, 1e6),
  q: rule(2, 64),
  emaAlpha: rule(0, 1, { maxInclusive: false }),
  filterLambda: rule(0, 100),
  window: rule(LIMITS.window.min, LIMITS.window.max, { integer: true }),
  batchSize: rule(LIMITS.batchSize.min, LIMITS.batchSize.max, { integer: true }),
} as const;

function rangeText(r: NumberRule): string {
  const kind = r.integer ? 'an integer' : 'a number';
  if (r.minInclusive && r.maxInclusive) return `${kind} from ${r.min} to ${r.max}`;
  if (!r.minInclusive && !r.maxInclusive) return `${kind} strictly between ${r.min} and ${r.max}`;
  const lo = r.minInclusive ? `≥ ${r.min}` : `> ${r.min}`;
  const hi = r.maxInclusive ? `≤ ${r.max}` : `< ${r.max}`;
  return `${kind} ${lo} and ${hi}`;
}

function checkNumber(field: string, value: unknown, r: NumberRule, out: ConfigError[]): void {
  const params = {
    value,
    min: r.min,
    max: r.max,
    minInclusive: r.minInclusive,
    maxInclusive: r.maxInclusive,
    integer: r.integer,
  };
  const expect = `${field} must be ${rangeText(r)}`;
  if (value === undefined) {
    out.push({ code: 'missing', field, message: `${expect}; it is missing.`, params });
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    out.push({ code: 'not-a-number', field, message: `${expect} (got ${String(value)}).`, params });
    return;
  }
  if (r.integer && !Number.isInteger(value)) {
    out.push({ code: 'not-an-integer', field, message: `${expect} (got ${value}).`, params });
    return;
  }
  const lowOk = r.minInclusive ? value >= r.min : value > r.min;
  const highOk = r.maxInclusive ? value <= r.max : value < r.max;
  if (!lowOk || !highOk) {
    out.push({ code: 'out-of-range', field, message: `${expect} (got ${value}).`, params });
  }
}

function checkChoice(field: string, value: unknown, choices: readonly string[], out: ConfigError[]): boolean {
  if (typeof value === 'string' && choices.includes(value)) return true;
  out.push({
    code: value === undefined ? 'missing' : 'invalid-choice',
    field,
    message: `${field} must be one of ${choices.join(', ')} (got ${String(value)}).`,
    params: { value, choices },
  });
  return false;
}

function checkBoolean(field: string, value: unknown, out: ConfigError[]): void {
  if (typeof value === 'boolean') return;
  out.push({
    code: value === undefined ? 'missing' : 'invalid-choice',
    field,
    message: `${field} must be true or false (got ${String(value)}).`,
    params: { value, choices: ['true', 'false'] },
  });
}

/**
 * 0 (full batch) or 1…nTrain. The range is checked against the split the
 * settings make, so its error carries nTrain and names the range for them.
 */
function checkBatchSize(value: unknown, nTrain: number | null, out: ConfigError[]): void {
  const r = nTrain === null ? RULES.batchSize : { ...RULES.batchSize, max: nTrain };
  const before = out.length;
  checkNumber('batchSize', value, r, out);
  const error = out[before];
  if (error === undefined) return;
  out[before] = {
    ...error,
    message: `${error.message} 0 trains on the whole training set at every step.`,
    params: nTrain === null ? error.params : { ...error.params, nTrain },
  };
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The split sizes that `makeDataset` will produce for these settings. */
export function splitSizes(p: number, trainFraction: number): { nTrain: number; nTest: number } {
  const nTrain = Math.round(trainFraction * p * p);
  return { nTrain, nTest: p * p - nTrain };
}

/** Every problem with a complete run config (an empty list means it is valid). */
export function validateConfig(input: unknown): ConfigError[] {
  const out: ConfigError[] = [];
  if (!isRecord(input)) {
    out.push({ code: 'missing', field: '', message: 'Settings must be an object.', params: { value: input } });
    return out;
  }
  checkNumber('p', input['p'], RULES.p, out);
  checkChoice('op', input['op'], ['add', 'sub', 'mul'], out);
  checkNumber('trainFraction', input['trainFraction'], RULES.trainFraction, out);
  checkNumber('seed', input['seed'], RULES.seed, out);
  checkNumber('width', input['width'], RULES.width, out);
  checkChoice('activation', input['activation'], ['square', 'relu'], out);
  checkNumber('initScale', input['initScale'], RULES.initScale, out);
  if (input['alpha'] !== null) checkNumber('alpha', input['alpha'], RULES.alpha, out);
  checkChoice('loss', input['loss'], ['ce', 'stablemax', 'mse'], out);
  checkChoice('optimizer', input['optimizer'], ['adamw', 'gd', 'ngd'], out);
  checkNumber('lr', input['lr'], RULES.lr, out);
  checkNumber('beta1', input['beta1'], RULES.beta1, out);
  checkNumber('beta2', input['beta2'], RULES.beta2, out);
  checkNumber('eps', input['eps'], RULES.eps, out);
  checkNumber('probeSize', input['probeSize'], RULES.probeSize, out);

  const reg = input['regularizer'];
  if (!isRecord(reg)) {
    checkChoice('regularizer.kind', undefined, Object.keys(REGULARIZER_DEFAULTS), out);
  } else if (checkChoice('regularizer.kind', reg['kind'], Object.keys(REGULARIZER_DEFAULTS), out)) {
    if (reg['kind'] === 'l2') checkNumber('regularizer.wd', reg['wd'], RULES.wd, out);
    if (reg['kind'] === 'linf-smooth' || reg['kind'] === 'linf-prox') {
      checkNumber('regularizer.lambda', reg['lambda'], RULES.lambda, out);
    }
    if (reg['kind'] === 'linf-smooth') checkNumber('regularizer.q', reg['q'], RULES.q, out);
  }

  const tr = input['transform'];
  if (!isRecord(tr)) {
    checkChoice('transform.kind', undefined, Object.keys(TRANSFORM_DEFAULTS), out);
  } else if (checkChoice('transform.kind', tr['kind'], Object.keys(TRANSFORM_DEFAULTS), out)) {
    if (tr['kind'] === 'grokfast-ema') {
      checkNumber('transform.alpha', tr['alpha'], RULES.emaAlpha, out);
      checkNumber('transform.lambda', tr['lambda'], RULES.filterLambda, out);
    }
    if (tr['kind'] === 'grokfast-ma') {
      checkNumber('transform.window', tr['window'], RULES.window, out);
      checkNumber('transform.lambda', tr['lambda'], RULES.filterLambda, out);
    }
    if (tr['kind'] === 'orthograd') checkBoolean('transform.rescale', tr['rescale'], out);
  }

  const p = input['p'];
  const frac = input['trainFraction'];
  const fieldsOk = !out.some((e) => e.field === 'p' || e.field === 'trainFraction');
  let trainSize: number | null = null;
  if (fieldsOk && typeof p === 'number' && typeof frac === 'number') {
    const { nTrain, nTest } = splitSizes(p, frac);
    if (nTrain === 0 || nTest === 0) {
      out.push({
        code: 'empty-split',
        field: 'trainFraction',
        message:
          `With p = ${p} and trainFraction = ${frac} the ${nTrain === 0 ? 'training' : 'test'} set ` +
          `would be empty (round(trainFraction·p²) must be between 1 and ${p * p - 1}).`,
        params: { value: frac, nTrain, nTest },
      });
    } else {
      trainSize = nTrain;
    }
  }
  if (input['batchSize'] !== undefined) checkBatchSize(input['batchSize'], trainSize, out);
  // Memory is judged once every setting it depends on is valid.
  if (out.length === 0) checkMemory(input as unknown as RunConfig, out);
  return out;
}

/**
 * Refuses a run that would need more than MEMORY_BUDGET_BYTES. A Grokfast-MA
 * window is the setting that grows it most, so it is the one named (with the
 * largest window that fits) whenever a smaller window would do.
 */
function checkMemory(config: RunConfig, out: ConfigError[]): void {
  const needed = runMemory(config).minimum;
  if (needed <= MEMORY_BUDGET_BYTES) return;
  const limitMB = megabytes(MEMORY_BUDGET_BYTES);
  const neededMB = megabytes(needed);
  const tr = config.transform;
  const max = tr.kind === 'grokfast-ma' ? maxMaWindow(config) : 0;
  if (tr.kind === 'grokfast-ma' && max >= LIMITS.window.min) {
    out.push({
      code: 'over-budget',
      field: 'transform.window',
      message:
        `transform.window ${tr.window} would need about ${neededMB} MB, more than the ${limitMB} MB a run may use ` +
        `(the window keeps ${tr.window} copies of the weights, and every checkpoint keeps them too); at most ${max} fits.`,
      params: { value: tr.window, min: LIMITS.window.min, max, integer: true, limitMB, neededMB },
    });
    return;
  }
  out.push({
    code: 'over-budget',
    field: 'width',
    message: `These settings would need about ${neededMB} MB, more than the ${limitMB} MB a run may use; a smaller width or p fits.`,
    params: { value: config.width, limitMB, neededMB },
  });
}

export type ResolveResult =
  | { readonly ok: true; readonly config: RunConfig }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

/**
 * Fills unset fields from DEFAULT_CONFIG (and the chosen regularizer's or
 * transform's own defaults), then validates. Accepts untrusted input such as
 * URL parameters or worker messages.
 */
export function resolveConfig(overrides: unknown): ResolveResult {
  if (!isRecord(overrides)) return { ok: false, errors: validateConfig(overrides) };
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG, ...overrides };
  const reg = overrides['regularizer'];
  if (isRecord(reg) && typeof reg['kind'] === 'string' && reg['kind'] in REGULARIZER_DEFAULTS) {
    merged['regularizer'] = { ...REGULARIZER_DEFAULTS[reg['kind'] as Regularizer['kind']], ...reg };
  }
  const tr = overrides['transform'];
  if (isRecord(tr) && typeof tr['kind'] === 'string' && tr['kind'] in TRANSFORM_DEFAULTS) {
    merged['transform'] = { ...TRANSFORM_DEFAULTS[tr['kind'] as GradTransform['kind']], ...tr };
  }
  const errors = validateConfig(merged);
  // validateConfig has checked every field, so the cast only restates what it proved.
  return errors.length === 0 ? { ok: true, config: merged as unknown as RunConfig } : { ok: false, errors };
}

/** Thrown by constructors that were handed a config that fails validation. */
export class InvalidConfigError extends Error {
  readonly errors: readonly ConfigError[];
  constructor(errors: readonly ConfigError[]) {
    super(errors.map((e) => e.message).join(' '));
    this.name = 'InvalidConfigError';
    this.errors = errors;
  }
}

/** Learning rate after the laziness scaling (see RunConfig.alpha). */
export function effectiveLr(config: Pick<RunConfig, 'lr' | 'alpha' | 'optimizer'>): number {
  if (config.alpha === null) return config.lr;
  return config.optimizer === 'gd' ? config.lr / (config.alpha * config.alpha) : config.lr / config.alpha;
}
