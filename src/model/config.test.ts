import { describe, expect, it } from 'vitest';
import {
  checkpointsThatFit,
  DEFAULT_CONFIG,
  effectiveLr,
  maxMaWindow,
  MEMORY_BUDGET_BYTES,
  metricsBlockInputs,
  resolveConfig,
  runMemory,
  sliceRows,
  splitSizes,
  validateConfig,
  type ConfigError,
  type RunConfig,
} from './config.ts';
import { PRESETS } from './presets.ts';

const errorsFor = (overrides: Record<string, unknown>): ConfigError[] =>
  validateConfig({ ...DEFAULT_CONFIG, ...overrides });

describe('validateConfig', () => {
  it('accepts the defaults', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toEqual([]);
  });

  it.each([
    [{ p: 1 }, 'p', 'out-of-range'],
    [{ p: 212 }, 'p', 'out-of-range'],
    [{ p: 47.5 }, 'p', 'not-an-integer'],
    [{ p: '47' }, 'p', 'not-a-number'],
    [{ p: Number.NaN }, 'p', 'not-a-number'],
    [{ trainFraction: 0 }, 'trainFraction', 'out-of-range'],
    [{ trainFraction: 1 }, 'trainFraction', 'out-of-range'],
    [{ trainFraction: null }, 'trainFraction', 'not-a-number'],
    [{ width: 0 }, 'width', 'out-of-range'],
    [{ width: 2049 }, 'width', 'out-of-range'],
    [{ width: Number.POSITIVE_INFINITY }, 'width', 'not-a-number'],
    [{ lr: 0 }, 'lr', 'out-of-range'],
    [{ alpha: 0 }, 'alpha', 'out-of-range'],
    [{ op: 'div' }, 'op', 'invalid-choice'],
    [{ loss: undefined }, 'loss', 'missing'],
    [{ regularizer: { kind: 'l1' } }, 'regularizer.kind', 'invalid-choice'],
    [{ regularizer: { kind: 'l2', wd: -1 } }, 'regularizer.wd', 'out-of-range'],
    [{ transform: { kind: 'grokfast-ma', window: 0, lambda: 5 } }, 'transform.window', 'out-of-range'],
    [{ transform: { kind: 'orthograd', rescale: 'yes' } }, 'transform.rescale', 'invalid-choice'],
  ])('refuses %j', (overrides, field, code) => {
    const errors = errorsFor(overrides);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field, code });
  });

  it('names the valid range in the message and the params', () => {
    const [p] = errorsFor({ p: 500 });
    expect(p?.message).toBe('p must be an integer from 2 to 211 (got 500).');
    expect(p?.params).toMatchObject({ min: 2, max: 211, value: 500, integer: true });
    const [frac] = errorsFor({ trainFraction: 1.5 });
    expect(frac?.message).toContain('strictly between 0 and 1');
    expect(frac?.params).toMatchObject({ min: 0, max: 1, minInclusive: false, maxInclusive: false });
    const [w] = errorsFor({ width: 'wide' });
    expect(w?.message).toBe('width must be an integer from 1 to 2048 (got wide).');
  });

  it('limits the Grokfast-MA window to what fits in the memory budget, naming the limit', () => {
    const ma = { kind: 'grokfast-ma', window: 100, lambda: 5 };
    expect(errorsFor({ transform: ma })).toEqual([]);
    // The link that took a tab past 9 GB: 450 copies of 3·97·512 floats (256 MB), and as many in every checkpoint.
    const repro = { p: 97, width: 512, transform: { ...ma, window: 450 } };
    const [e, ...rest] = errorsFor(repro);
    expect(rest).toEqual([]);
    const max = maxMaWindow({ ...DEFAULT_CONFIG, ...repro } as RunConfig);
    expect(e).toMatchObject({ field: 'transform.window', code: 'over-budget', params: { limitMB: 1024, max } });
    expect(e?.message).toContain('1024 MB');
    expect(e?.params.neededMB).toBeGreaterThan(1024);
    expect(errorsFor({ ...repro, transform: { ...ma, window: max } })).toEqual([]);
    expect(errorsFor({ ...repro, transform: { ...ma, window: max + 1 } })).toMatchObject([{ code: 'over-budget' }]);
    // Live window, the two checkpoints every run keeps and a snapshot's three passing copies: six copies in 1 GB.
    expect(max).toBeLessThan(MEMORY_BUDGET_BYTES / (6 * 4 * 3 * 97 * 512));
    expect(max).toBeGreaterThan(0.9 * (MEMORY_BUDGET_BYTES / (6 * 4 * 3 * 97 * 512)));
    expect(errorsFor({ p: 211, width: 2048, transform: ma })).toMatchObject([{ field: 'transform.window', code: 'over-budget' }]);
  });

  it('counts parameters, optimizer state, filter state and checkpoints in runMemory', () => {
    const base = { ...DEFAULT_CONFIG, p: 97, width: 512 };
    const P = 4 * 3 * 97 * 512;
    const plain = runMemory({ ...base, optimizer: 'gd' });
    const adam = runMemory(base);
    const ma = runMemory({ ...base, transform: { kind: 'grokfast-ma', window: 10, lambda: 5 } });
    expect(adam.optimizer - plain.optimizer).toBe(2 * P);
    expect(adam.checkpoint - plain.checkpoint).toBe(2 * P);
    expect(ma.filter).toBe(10 * P);
    expect(ma.checkpoint - adam.checkpoint).toBe(10 * P);
    expect(ma.minimum).toBe(ma.peak + 2 * ma.checkpoint);
    expect(ma.peak).toBeGreaterThanOrEqual(ma.params + ma.optimizer + ma.filter + ma.constants + 2 * ma.checkpoint);
  });

  it('keeps as many checkpoints as the budget leaves room for, at least step 0 and the newest', () => {
    const repro = { ...DEFAULT_CONFIG, p: 97, width: 512, transform: { kind: 'grokfast-ma', window: 200, lambda: 5 } } as RunConfig;
    const m = runMemory(repro);
    const n = checkpointsThatFit([repro], 48);
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThan(48);
    // The run's peak and n checkpoints stay within the budget; one more would not (unless only the floor of 2 is left).
    expect(m.peak + n * m.checkpoint).toBeLessThanOrEqual(MEMORY_BUDGET_BYTES);
    expect(m.peak + (n + 1) * m.checkpoint).toBeGreaterThan(MEMORY_BUDGET_BYTES);
    expect(checkpointsThatFit([DEFAULT_CONFIG], 48)).toBe(48);
    // Three runs share three budgets.
    expect(checkpointsThatFit([repro, DEFAULT_CONFIG, DEFAULT_CONFIG], 48)).toBeGreaterThan(n);
  });

  it('fits the largest plain model, slicing its step and its metrics, and keeps every preset in one piece', () => {
    const largest = { ...DEFAULT_CONFIG, p: 211, width: 2048 };
    expect(validateConfig(largest)).toEqual([]);
    expect(runMemory(largest).minimum).toBeLessThan(MEMORY_BUDGET_BYTES);
    const { nTrain } = splitSizes(211, largest.trainFraction);
    expect(Math.ceil(nTrain / sliceRows(211, 2048))).toBeGreaterThan(20);
    expect(metricsBlockInputs(211, 2048)).toBeLessThan(211);
    for (const preset of Object.values(PRESETS)) {
      for (const run of preset.runs) {
        const c = run.config;
        expect(sliceRows(c.p, c.width)).toBeGreaterThanOrEqual(c.batchSize ?? splitSizes(c.p, c.trainFraction).nTrain);
        expect(metricsBlockInputs(c.p, c.width)).toBe(c.p);
        expect(runMemory(c).minimum).toBeLessThan(MEMORY_BUDGET_BYTES / 10);
      }
    }
  });

  it('takes a batch size from 1 to the training-set size, 0 or none for the full batch', () => {
    // p 47, 40%: round(0.4·2209) = 884 training pairs.
    for (const batchSize of [0, 1, 442, 884, undefined]) expect(errorsFor({ batchSize })).toEqual([]);
    const [e] = errorsFor({ batchSize: 885 });
    expect(e).toMatchObject({ field: 'batchSize', code: 'out-of-range', params: { min: 0, max: 884, integer: true, nTrain: 884, value: 885 } });
    expect(e?.message).toBe('batchSize must be an integer from 0 to 884 (got 885). 0 trains on the whole training set at every step.');
    expect(errorsFor({ batchSize: 12.5 })[0]).toMatchObject({ code: 'not-an-integer', params: { max: 884 } });
    expect(errorsFor({ batchSize: -1 })[0]).toMatchObject({ code: 'out-of-range' });
    expect(errorsFor({ batchSize: null })[0]).toMatchObject({ code: 'not-a-number' });
    // The range follows the split: a smaller training set lowers it.
    expect(errorsFor({ p: 11, trainFraction: 0.5, batchSize: 61 })).toEqual([]);
    expect(errorsFor({ p: 11, trainFraction: 0.5, batchSize: 62 })[0]).toMatchObject({ params: { max: 61 } });
    // With no usable split only the split is wrong; the batch size is held to the widest range.
    expect(errorsFor({ p: 2, trainFraction: 0.1, batchSize: 3 }).map((x) => x.field)).toEqual(['trainFraction']);
  });

  it('refuses a split that leaves the training or test set empty', () => {
    expect(errorsFor({ p: 2, trainFraction: 0.1 })[0]).toMatchObject({
      code: 'empty-split',
      params: { nTrain: 0, nTest: 4 },
    });
    expect(errorsFor({ p: 2, trainFraction: 0.9 })[0]).toMatchObject({ code: 'empty-split', params: { nTest: 0 } });
  });

  it('reports every problem at once, and refuses non-objects', () => {
    expect(errorsFor({ p: 0, width: 0, lr: -1 }).map((e) => e.field)).toEqual(['p', 'width', 'lr']);
    expect(validateConfig(null)).toHaveLength(1);
    expect(validateConfig('p=47')).toHaveLength(1);
  });
});

describe('resolveConfig', () => {
  it('fills defaults, including the chosen regularizer and transform parameters', () => {
    const r = resolveConfig({ p: 31, regularizer: { kind: 'linf-smooth' }, transform: { kind: 'grokfast-ema', lambda: 1 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.p).toBe(31);
    expect(r.config.width).toBe(DEFAULT_CONFIG.width);
    expect(r.config.regularizer).toEqual({ kind: 'linf-smooth', lambda: 0.1, q: 16 });
    expect(r.config.transform).toEqual({ kind: 'grokfast-ema', alpha: 0.98, lambda: 1 });
  });

  it('returns the errors instead of throwing', () => {
    const r = resolveConfig({ p: 300, width: -3 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(['p', 'width']);
    expect(resolveConfig(undefined).ok).toBe(false);
  });
});

describe('effectiveLr', () => {
  it('divides by α² for GD and by α for AdamW and normalized GD', () => {
    expect(effectiveLr({ lr: 1, alpha: 10, optimizer: 'gd' })).toBeCloseTo(0.01, 12);
    expect(effectiveLr({ lr: 1, alpha: 10, optimizer: 'adamw' })).toBeCloseTo(0.1, 12);
    expect(effectiveLr({ lr: 1, alpha: 10, optimizer: 'ngd' })).toBeCloseTo(0.1, 12);
    expect(effectiveLr({ lr: 0.3, alpha: null, optimizer: 'gd' })).toBe(0.3);
  });
});
