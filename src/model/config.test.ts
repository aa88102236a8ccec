import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, effectiveLr, resolveConfig, validateConfig, type ConfigError } from './config.ts';

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

  it('limits the Grokfast-MA window to what fits in memory', () => {
    const ma = { kind: 'grokfast-ma', window: 100, lambda: 5 };
    expect(errorsFor({ transform: ma })).toEqual([]);
    // 3·211·2048 floats per copy: 51 copies fit in 2^26 floats.
    const [e] = errorsFor({ p: 211, width: 2048, transform: ma });
    expect(e).toMatchObject({ field: 'transform.window', code: 'out-of-range', params: { max: 51 } });
    expect(errorsFor({ p: 211, width: 2048, transform: { ...ma, window: 51 } })).toEqual([]);
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
