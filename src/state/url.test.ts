import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import ja from '../i18n/ja.json';
import { maxMaWindow, validateConfig, type RunConfig } from '../model/config.ts';
import { PRESETS, type PresetId } from '../model/presets.ts';
import {
  BACKEND_NAMES,
  DEFAULT_PRESET,
  ECHO_LENGTH,
  ISSUE_CODES,
  MAX_ISSUES,
  URL_KEYS,
  canonicalSearch,
  claimsKey,
  defaultState,
  echo,
  isPresetRun,
  issueMessage,
  parseState,
  rangeText,
  ruleOf,
  sameRun,
  serializeState,
  stateValues,
  type Issue,
  type ShareState,
} from './url.ts';

const codes = (search: string) => parseState(search).issues.map((i) => `${i.key}:${i.code}`);
const withConfig = (state: ShareState, patch: Partial<RunConfig>): ShareState => ({ ...state, config: { ...state.config, ...patch } });

describe('parseState', () => {
  it('reads an empty query as the default preset, with no issues', () => {
    const { state, issues } = parseState('');
    expect(issues).toEqual([]);
    expect(state).toEqual(defaultState(DEFAULT_PRESET));
    expect(state.backend).toBeNull();
    expect(serializeState(state)).toBe('');
  });

  it('restores preset, seed and step from a shared link', () => {
    const { state, issues } = parseState('?preset=fast&seed=3&step=200');
    expect(issues).toEqual([]);
    expect(state.preset).toBe('fast');
    expect(state.config.seed).toBe(3);
    expect(state.step).toBe(200);
    expect(state.steps).toBe(PRESETS.fast.steps);
    expect(serializeState(state)).toBe('preset=fast&seed=3&step=200');
  });

  it('starts from the chosen run of a comparison preset', () => {
    const { state, issues } = parseState('preset=grokfast&run=ema');
    expect(issues).toEqual([]);
    expect(state.config.transform).toEqual({ kind: 'grokfast-ema', alpha: 0.98, lambda: 2 });
    expect(serializeState(state)).toBe('preset=grokfast&run=ema');
    expect(codes('preset=grokfast&run=nope')).toEqual(['run:unknown-option']);
  });

  it('falls back to the default preset for an unknown one and still reads the rest', () => {
    const { state, issues } = parseState('preset=%3Cscript%3E&seed=9');
    expect(state.preset).toBe(DEFAULT_PRESET);
    expect(state.config.seed).toBe(9);
    expect(issues).toEqual([
      { key: 'preset', code: 'unknown-preset', params: { value: '<script>', choices: Object.keys(PRESETS), fallback: DEFAULT_PRESET } },
    ]);
  });

  it('reports range problems with validateConfig’s own codes and bounds', () => {
    const { state, issues } = parseState('lr=0&seed=1.5&p=abc&frac=1');
    expect(state).toEqual(defaultState());
    const byKey = Object.fromEntries(issues.map((i) => [i.key, i]));
    expect(byKey['lr']).toMatchObject({ code: 'out-of-range', params: { min: 0, max: 100, minInclusive: false, value: '0', fallback: '0.03' } });
    expect(byKey['seed']).toMatchObject({ code: 'not-an-integer', params: { integer: true } });
    expect(byKey['p']).toMatchObject({ code: 'not-a-number', params: { value: 'abc', fallback: '47' } });
    expect(byKey['frac']).toMatchObject({ code: 'out-of-range', params: { maxInclusive: false } });
  });

  it('refuses numbers JavaScript would accept but a person would not write', () => {
    for (const raw of ['0x10', '1_0', ' 3', '3 ', 'Infinity', 'NaN', '1e', '+3', '١٢']) {
      expect(codes(`seed=${encodeURIComponent(raw)}`), raw).toEqual(['seed:not-a-number']);
    }
    expect(parseState('seed=-0').state.config.seed).toBe(0);
    expect(Object.is(parseState('seed=-0').state.config.seed, 0)).toBe(true);
  });

  it('says when a number reads as 0 only because it is too small to store', () => {
    const { state, issues } = parseState('seed=1e-400');
    expect(state.config.seed).toBe(0);
    expect(issues.map((i) => `${i.key}:${i.code}`)).toEqual(['seed:underflow']);
    expect(issues[0]!.params).toMatchObject({ value: '1e-400', fallback: '0' });
    expect(codes('step=1e-400')).toEqual(['step:underflow']);
    expect(codes('reg.wd=5e-400')).toEqual(['reg.wd:underflow']);
    // 0 written as 0 is a plain value; a 0 the range refuses is reported by the range check alone.
    for (const raw of ['0', '0.0', '0e-400', '-0']) expect(codes(`seed=${raw}`), raw).toEqual([]);
    expect(codes('p=1e-400')).toEqual(['p:out-of-range']);
  });

  it('judges settings together: an empty split, a window too large for the model', () => {
    expect(parseState('p=2&frac=0.9').issues).toMatchObject([{ key: 'frac', code: 'empty-split', params: { nTrain: 4, nTest: 0 } }]);
    // The Grokfast-MA window of 100 no longer fits at p 211 and width 2048: it shrinks to what fits, and the width stays.
    const { state, issues } = parseState('preset=grokfast&run=ma&p=211&width=2048');
    expect(validateConfig(state.config)).toEqual([]);
    const max = maxMaWindow(state.config);
    expect(state.config).toMatchObject({ p: 211, width: 2048, transform: { kind: 'grokfast-ma', window: max } });
    expect(issues).toMatchObject([{ key: 'grad.window', code: 'clamped', params: { value: '100', fallback: String(max), limit: 1024 } }]);
  });

  it('clamps a Grokfast window too large for the memory budget, keeping the width, and says so naming the limit', () => {
    const { state, issues } = parseState('p=97&width=512&grad=grokfast-ma&grad.window=450&steps=10000');
    expect(validateConfig(state.config)).toEqual([]);
    const max = maxMaWindow(state.config);
    expect(max).toBeGreaterThan(100);
    expect(max).toBeLessThan(450);
    expect(state.config).toMatchObject({ p: 97, width: 512, transform: { kind: 'grokfast-ma', window: max } });
    expect(state.steps).toBe(10000);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ key: 'grad.window', code: 'clamped', params: { value: '450', fallback: String(max), limit: 1024 } });
    expect(issues[0]!.params.needed).toBeGreaterThan(1024);
    for (const strings of [en, ja]) {
      const text = issueMessage(issues[0]!, strings);
      expect(text).toContain('1024 MB');
      expect(text).toContain(String(max));
      expect(text).toContain('450');
    }
    // The form offers the same limit.
    expect(ruleOf(state.config, 'grad.window')).toMatchObject({ max });
  });

  it('fills a newly chosen kind from its own defaults and ignores parameters of other kinds', () => {
    expect(parseState('reg=linf-smooth&reg.q=8').state.config.regularizer).toEqual({ kind: 'linf-smooth', lambda: 0.1, q: 8 });
    expect(parseState('preset=regularization&run=weak').state.config.regularizer).toEqual({ kind: 'l2', wd: 0.3 });
    const { state, issues } = parseState('reg=none&reg.wd=3');
    expect(state.config.regularizer).toEqual({ kind: 'none' });
    expect(issues).toMatchObject([{ key: 'reg.wd', code: 'not-applicable', params: { choices: ['l2'] } }]);
    expect(parseState('grad=orthograd&grad.rescale=false').state.config.transform).toEqual({ kind: 'orthograd', rescale: false });
    expect(codes('grad=orthograd&grad.rescale=yes')).toEqual(['grad.rescale:unknown-option']);
    expect(codes('reg=constructor')).toEqual(['reg:unknown-option']);
  });

  it('turns α off with "none" and back on with a number', () => {
    expect(parseState('preset=lazy&alpha=none').state.config.alpha).toBeNull();
    expect(serializeState(parseState('preset=lazy&alpha=none').state)).toBe('preset=lazy&alpha=none');
    expect(parseState('alpha=0.5').state.config.alpha).toBe(0.5);
    expect(codes('alpha=0')).toEqual(['alpha:out-of-range']);
  });

  it('reads the batch size, with 0 for the full batch and a range that follows the split', () => {
    expect(parseState('batch=64')).toEqual({ state: withConfig(defaultState(), { batchSize: 64 }), issues: [] });
    expect(serializeState(parseState('batch=64').state)).toBe('preset=fast&batch=64');
    // The full batch is the absence of batchSize, as in every preset that predates minibatches.
    const full = parseState('batch=0');
    expect(full).toEqual({ state: defaultState(), issues: [] });
    expect('batchSize' in full.state.config).toBe(false);
    expect(serializeState(withConfig(defaultState(), { batchSize: 0 }))).toBe('');
    expect(stateValues(defaultState()).get('batch')).toBe('0');
    // The default state is the fast preset: p 47 with 45% for training, round(0.45·2209) = 994 pairs.
    expect(parseState('batch=995').issues).toMatchObject([
      { key: 'batch', code: 'out-of-range', params: { min: 0, max: 994, integer: true, nTrain: 994, value: '995', fallback: '0' } },
    ]);
    expect(codes('batch=1.5')).toEqual(['batch:not-an-integer']);
    expect(codes('batch=-1')).toEqual(['batch:out-of-range']);
    // p 11 at 45% leaves 54 training pairs: the batch is what gives way.
    expect(parseState('p=11&batch=64').issues).toMatchObject([{ key: 'batch', code: 'out-of-range', params: { max: 54 } }]);
    expect(parseState('p=11&batch=54').state.config.batchSize).toBe(54);
    expect(codes('batch_size=64')).toEqual(['batch_size:unknown-key']);
    // A preset's own batch of 32 does not fit the 22 training pairs that 1% leaves: the change that broke it is refused.
    expect(parseState('preset=grokfastBatch&frac=0.01').issues).toMatchObject([{ key: 'frac', code: 'conflict', params: { other: 'batch', fallback: '0.4' } }]);
  });

  it('bounds the step by the step budget', () => {
    expect(parseState('steps=100&step=100').state).toMatchObject({ steps: 100, step: 100 });
    expect(parseState('steps=100&step=101').issues).toMatchObject([{ key: 'step', code: 'out-of-range', params: { max: 100, fallback: '0' } }]);
    expect(codes('steps=0')).toEqual(['steps:out-of-range']);
    expect(codes('steps=10001')).toEqual(['steps:out-of-range']);
  });

  it('reads the backend as the engine does, and nothing else', () => {
    for (const b of BACKEND_NAMES) expect(parseState(`backend=${b}`).state.backend).toBe(b);
    expect(parseState('backend=auto').state.backend).toBeNull();
    expect(parseState('backend=WASM')).toMatchObject({ state: { backend: null }, issues: [{ key: 'backend', code: 'unknown-option' }] });
  });

  it('uses the first of repeated keys and says so', () => {
    const { state, issues } = parseState('seed=1&seed=2&seed=3');
    expect(state.config.seed).toBe(1);
    expect(issues).toEqual([{ key: 'seed', code: 'duplicate', params: { count: 3 } }]);
  });

  it('refuses long and empty values unread', () => {
    expect(parseState(`seed=${'1'.repeat(10_000)}`).issues).toMatchObject([{ key: 'seed', code: 'too-long', params: { limit: 40 } }]);
    expect(codes('seed=')).toEqual(['seed:missing']);
  });

  it('reports keys that look like ours and leaves other parameters alone', () => {
    expect(parseState('Seed=3&trainFraction=0.5&reg.foo=1').issues).toEqual([
      { key: 'Seed', code: 'unknown-key', params: { other: 'seed' } },
      { key: 'trainFraction', code: 'unknown-key', params: { other: 'frac' } },
      { key: 'reg.foo', code: 'unknown-key', params: {} },
    ]);
    expect(parseState('utm_source=x&lose-device-at=50&__proto__=1&constructor=2').issues).toEqual([]);
    expect(claimsKey('lose-device-at')).toBe(false);
    expect(claimsKey('LR')).toBe(true);
  });

  it('does not let prototype keys reach any object', () => {
    parseState('__proto__[polluted]=1&preset=__proto__&run=constructor&reg=__proto__&grad=hasOwnProperty&__proto__.polluted=1');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(codes('preset=toString')).toEqual(['preset:unknown-preset']);
  });

  it('lists at most MAX_ISSUES problems and counts the rest', () => {
    const { issues } = parseState(URL_KEYS.map((k) => `${k}=%00bad`).join('&'));
    expect(issues).toHaveLength(MAX_ISSUES);
    expect(issues.at(-1)).toMatchObject({ code: 'too-many' });
    expect(issues.at(-1)!.params.count).toBeGreaterThan(0);
  });
});

describe('serializeState', () => {
  it('writes each preset run as its shortest link', () => {
    for (const id of Object.keys(PRESETS) as PresetId[]) {
      for (const [i, run] of PRESETS[id].runs.entries()) {
        const link = serializeState(defaultState(id, run.key));
        const expected = [id === DEFAULT_PRESET && i === 0 ? '' : `preset=${id}`, i > 0 ? `run=${run.key}` : ''].filter(Boolean).join('&');
        expect(link).toBe(expected);
        expect(parseState(link)).toEqual({ state: defaultState(id, run.key), issues: [] });
      }
    }
  });

  it('writes only what differs, in a fixed order', () => {
    const state = { ...withConfig(defaultState('classic'), { lr: 3e-3, seed: 2, regularizer: { kind: 'linf-prox', lambda: 10 } }), step: 40, backend: 'wasm' as const };
    expect(serializeState(state)).toBe('preset=classic&seed=2&lr=0.003&reg=linf-prox&reg.lambda=10&step=40&backend=wasm');
    expect(parseState(serializeState(state))).toEqual({ state, issues: [] });
  });

  it('tells runs apart from views of the same run', () => {
    const a = defaultState('fast');
    expect(sameRun(a, { ...a, step: 100, backend: 'cpu' })).toBe(true);
    expect(sameRun(a, withConfig(a, { seed: 1 }))).toBe(false);
    expect(isPresetRun({ ...a, step: 5 })).toBe(true);
    expect(isPresetRun(withConfig(a, { seed: 1 }))).toBe(false);
  });
});

describe('canonicalSearch', () => {
  it('rewrites our keys canonically and keeps, re-encoded, parameters that are not ours', () => {
    const search = '?utm_source=a%20b&seed=3&Seed=9&lose-device-at=50&%E0%A4%A=%ED%A0%80&preset=fast';
    expect(canonicalSearch(search, parseState(search).state)).toBe('?preset=fast&seed=3&utm_source=a+b&lose-device-at=50&%EF%BF%BD%25A=%EF%BF%BD%EF%BF%BD%EF%BF%BD');
    expect(canonicalSearch('?preset=fast', defaultState())).toBe('');
  });
});

describe('ruleOf', () => {
  it('reads ranges and choices from validateConfig, including limits that depend on other settings', () => {
    const base = defaultState().config;
    expect(ruleOf(base, 'lr')).toEqual({ kind: 'number', min: 0, max: 100, minInclusive: false, maxInclusive: true, integer: false });
    expect(ruleOf(base, 'op')).toEqual({ kind: 'choice', choices: ['add', 'sub', 'mul'] });
    expect(ruleOf(base, 'reg.q')).toMatchObject({ min: 2, max: 64 });
    expect(ruleOf(base, 'grad.window')).toMatchObject({ min: 1, max: 1000, integer: true });
    expect(ruleOf({ ...base, p: 211, width: 2048 }, 'grad.window')).toMatchObject({ max: maxMaWindow({ ...base, p: 211, width: 2048 }) });
    expect(ruleOf(base, 'grad.rescale')).toEqual({ kind: 'choice', choices: ['true', 'false'] });
    expect(ruleOf(base, 'batch')).toEqual({ kind: 'number', min: 0, max: 994, minInclusive: true, maxInclusive: true, integer: true });
    expect(ruleOf({ ...base, p: 11, trainFraction: 0.5 }, 'batch')).toMatchObject({ max: 61 });
  });
});

describe('messages', () => {
  const sample: Issue[] = [
    ...parseState('preset=x&run=y&seed=-1&lr=abc&p=2.5&frac=0.999&p=3&reg.q=3&steps=&SEED=1&zzz.q=1&backend=gpu').issues,
    ...parseState('preset=grokfast&run=ma&p=211&width=2048').issues,
    ...parseState(`seed=${'9'.repeat(50)}&reg.zzz=1`).issues,
    ...parseState(URL_KEYS.map((k) => `${k}=%00`).join('&')).issues,
    ...parseState('seed=1e-400').issues,
  ];

  it('has a sentence for every code, key and range form in both languages', () => {
    for (const strings of [en, ja] as Record<string, string>[]) {
      for (const code of ISSUE_CODES) expect(strings[`url.issue.${code}`], code).toBeTruthy();
      for (const key of URL_KEYS) expect(strings[`url.key.${key}`], key).toBeTruthy();
      for (const form of ['ii', 'ie', 'ei', 'ee', 'integer']) expect(strings[`url.range.${form}`], form).toBeTruthy();
    }
    expect(new Set(sample.map((i) => i.code)).size).toBeGreaterThanOrEqual(10);
  });

  it('fills every placeholder', () => {
    for (const strings of [en, ja] as Record<string, string>[]) {
      for (const issue of sample) expect(issueMessage(issue, strings), `${issue.code}`).not.toMatch(/\{\w+\}/);
    }
  });

  it('names the field and the range in the reader’s language', () => {
    const [issue] = parseState('lr=500').issues;
    expect(issueMessage(issue!, en)).toBe('Learning rate (lr): 500 is outside the allowed range (above 0, up to 100); using 0.03.');
    expect(issueMessage(issue!, ja)).toBe('学習率（lr）: 500 は範囲外です（範囲は 0 より大きく 100 以下）。0.03 を使います。');
    expect(rangeText({ min: 0, max: 4, integer: true }, en)).toBe('a whole number, 0 to 4');
  });

  it('echoes hostile values as bounded, inert text', () => {
    expect(echo('a\u202Eb\u0000c\u200Bd')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(Array.from(echo('😀'.repeat(100)))).toHaveLength(ECHO_LENGTH + 1);
    const [issue] = parseState(`lr=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`).issues;
    expect(issueMessage(issue!, en)).toContain('“"><img src=x onerror=alert(1)>”');
  });
});
