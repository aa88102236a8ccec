// @vitest-environment jsdom
/**
 * Property tests of the URL schema: hostile query strings never throw, always
 * give a valid state and messages that are plain text, and every valid state
 * survives a round trip through its link.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import ja from '../i18n/ja.json';
import {
  LIMITS,
  REGULARIZER_DEFAULTS,
  TRANSFORM_DEFAULTS,
  validateConfig,
  type GradTransform,
  type Regularizer,
  type RunConfig,
} from '../model/config.ts';
import { PRESETS, type PresetId } from '../model/presets.ts';
import { renderIssueList } from '../live/playground.ts';
import {
  BACKEND_NAMES,
  ECHO_LENGTH,
  ISSUE_CODES,
  MAX_ISSUES,
  STEP_LIMITS,
  URL_KEYS,
  canonicalSearch,
  defaultState,
  isPresetId,
  issueMessage,
  parseState,
  serializeState,
  type ParseResult,
  type ShareState,
} from './url.ts';

const STRINGS = [en, ja] as Record<string, string>[];
const PRESET_IDS = Object.keys(PRESETS) as PresetId[];
const runs: { name: string; cases: number; ms: number }[] = [];
/** Thousands of cases on a shared two-core machine: a few seconds normally, far more under load. */
const TIMEOUT_MS = 120_000;

/** Runs a property and records how many cases it checked and how long it took. */
function check<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns: number): void {
  const started = performance.now();
  fc.assert(fc.property(arb, predicate), { numRuns });
  runs.push({ name, cases: numRuns, ms: Math.round(performance.now() - started) });
}

afterAll(() => {
  // The counts and timings are part of what this suite reports.
  const total = runs.reduce((n, r) => n + r.cases, 0);
  process.stdout.write(`url fuzz: ${runs.map((r) => `${r.name} ${r.cases} cases in ${r.ms} ms`).join('; ')}; ${total} cases in all\n`);
});

// ---- Hostile input ----------------------------------------------------------

const hostileKey = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...URL_KEYS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__proto__[x]', 'Seed', 'LR', ' p', 'reg.', 'grad.x', 'trainFraction', 'lose-device-at'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

const numberish = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '0', '1e309', '-1e309', '1e-400', '5e-324', '0x10', '0b1', '1_000', '  3', '3 ', '+1', '.5', '5.', '1e', 'e5', '--1', '00001', '4294967296', '9007199254740993', '1e21', '١٢٣'),
  fc.double().map(String),
  fc.integer().map(String),
  // Near the real ranges, so combinations (empty splits, windows too large for the model) come up too.
  fc.integer({ min: -5, max: 2100 }).map(String),
  fc.double({ min: -0.2, max: 1.2, noNaN: true }).map(String),
  fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }).map(String),
);

const markup = fc.constantFrom(
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '{label}{value}{__proto__}',
  '\u202Egnp.exe',
  '\u0000\u0007\u001b[31m',
  '<',
  '&lt;b&gt;',
);

const options = fc.constantFrom(
  ...PRESET_IDS,
  'add', 'sub', 'mul', 'square', 'relu', 'ce', 'stablemax', 'mse', 'adamw', 'gd', 'ngd',
  ...Object.keys(REGULARIZER_DEFAULTS),
  ...Object.keys(TRANSFORM_DEFAULTS),
  ...BACKEND_NAMES,
  'auto', 'none', 'true', 'false', 'FAST', 'WASM', 'main', 'ema', 'constructor', '__proto__',
);

/** Raw percent-encoding fragments, joined without encoding so the parser sees them as they are. */
const percentGarbage = fc
  .array(fc.constantFrom('%', '%%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%00', '%FF', '%2', '%25', '+', '%2B', '%26', '%3D', '%F0%9F%98', 'a'), { maxLength: 24 })
  .map((parts) => parts.join(''));

const hostileValue = fc.oneof(
  { weight: 4, arbitrary: numberish },
  { weight: 2, arbitrary: markup },
  { weight: 2, arbitrary: options },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
);

/** A query built from key/value pairs, some percent-encoded, some raw, some with repeats. */
const hostileQuery = fc
  .tuple(
    fc.array(fc.tuple(hostileKey, fc.oneof(hostileValue, percentGarbage), fc.boolean()), { maxLength: 30 }),
    fc.constantFrom('', '?', '??', '&', '#'),
  )
  .map(([pairs, prefix]) => prefix + pairs.map(([k, v, raw]) => (raw ? `${k}=${v}` : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join('&'));

const HUGE = [
  '9'.repeat(10_240),
  '<'.repeat(10_240),
  '%'.repeat(10_240),
  '<img src=x onerror=alert(1)>'.repeat(400),
  '\u202E'.repeat(5_000),
  '😀'.repeat(2_600),
];
const hugeQuery = fc
  .tuple(fc.constantFrom(...URL_KEYS, '__proto__', 'x'), fc.constantFrom(...HUGE), fc.integer({ min: 1, max: 3 }))
  .map(([key, value, repeats]) => Array.from({ length: repeats }, () => `${key}=${encodeURIComponent(value)}`).join('&'));

/** Everything a valid state must satisfy, whatever the link said. */
function expectValid({ state, issues }: ParseResult): void {
  expect(validateConfig(state.config)).toEqual([]);
  expect(isPresetId(state.preset)).toBe(true);
  expect(PRESETS[state.preset].runs.some((r) => r.key === state.run)).toBe(true);
  expect(Number.isInteger(state.steps) && state.steps >= STEP_LIMITS.min && state.steps <= STEP_LIMITS.max).toBe(true);
  expect(Number.isInteger(state.step) && state.step >= 0 && state.step <= state.steps).toBe(true);
  expect(state.backend === null || BACKEND_NAMES.includes(state.backend)).toBe(true);
  expect(issues.length).toBeLessThanOrEqual(MAX_ISSUES);
  for (const issue of issues) {
    expect(ISSUE_CODES).toContain(issue.code);
    for (const text of [issue.key, issue.params.value ?? '']) {
      expect(Array.from(text).length).toBeLessThanOrEqual(ECHO_LENGTH + 1);
      expect(text).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    }
  }
}

/** Messages are strings; any markup-like character in them came from the echoed value or key. */
function expectPlainMessages({ issues }: ParseResult, list: HTMLElement): void {
  for (const strings of STRINGS) {
    const messages = issues.map((issue) => issueMessage(issue, strings));
    for (const [i, message] of messages.entries()) {
      expect(typeof message).toBe('string');
      const issue = issues[i]!;
      const stripped = [issue.params.value ?? '', issue.key].filter(Boolean).reduce((m, echoed) => m.split(echoed).join(''), message);
      expect(stripped).not.toMatch(/[<>]/);
    }
    renderIssueList(list, messages);
    // Only the <li> elements the function made: no element came out of a message.
    expect(list.querySelectorAll('*')).toHaveLength(messages.length);
    expect([...list.children].every((li) => li.tagName === 'LI')).toBe(true);
    expect([...list.children].map((li) => li.textContent)).toEqual(messages);
  }
}

describe('parseState on hostile links', () => {
  const list = document.createElement('ul');

  it('never throws, always yields a valid state and inert messages, and its own link is clean', () => {
    check(
      'hostile pairs',
      hostileQuery,
      (query) => {
        const result = parseState(query);
        expectValid(result);
        expectPlainMessages(result, list);
        // The canonical link for what was shown reads back to the same state without complaint.
        expect(parseState(serializeState(result.state))).toEqual({ state: result.state, issues: [] });
        // The rewritten address keeps the state, and its encoding is one TF.js can parse as it starts.
        const search = canonicalSearch(query, result.state);
        expect(parseState(search).state).toEqual(result.state);
        expect(parseState(search).issues.filter((i) => i.code !== 'unknown-key')).toEqual([]);
        expect(() => decodeURIComponent(search)).not.toThrow();
      },
      1500,
    );
  }, TIMEOUT_MS);

  it('survives arbitrary strings as the whole query', () => {
    check(
      'raw strings',
      fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme-ascii', maxLength: 400 }), percentGarbage),
      (query) => {
        const result = parseState(query);
        expectValid(result);
        expectPlainMessages(result, list);
        expect(() => decodeURIComponent(canonicalSearch(query, result.state))).not.toThrow();
      },
      600,
    );
  }, TIMEOUT_MS);

  it('refuses 10 KB values unread', () => {
    check(
      '10 KB values',
      hugeQuery,
      (query) => {
        const result = parseState(query);
        expectValid(result);
        expectPlainMessages(result, list);
      },
      120,
    );
  }, TIMEOUT_MS);

  it('leaves Object.prototype untouched', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});

// ---- Valid states -------------------------------------------------------------

/** A double in [min, max], never -0 (a link cannot tell -0 from 0). */
const num = (min: number, max: number, opts: { minExcluded?: boolean; maxExcluded?: boolean } = {}) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true, ...opts }).map((x) => x + 0);
const int = (min: number, max: number) => fc.integer({ min, max });
/** Either the preset's own value (undefined) or a new one. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const regularizer: fc.Arbitrary<Regularizer> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  num(0, 100).map((wd) => ({ kind: 'l2' as const, wd })),
  fc.record({ lambda: num(0, 1e6), q: num(2, 64) }).map((r) => ({ kind: 'linf-smooth' as const, ...r })),
  num(0, 1e6).map((lambda) => ({ kind: 'linf-prox' as const, lambda })),
);
const transform: fc.Arbitrary<GradTransform> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ alpha: num(0, 1, { maxExcluded: true }), lambda: num(0, 100) }).map((t) => ({ kind: 'grokfast-ema' as const, ...t })),
  fc.record({ window: int(LIMITS.window.min, LIMITS.window.max), lambda: num(0, 100) }).map((t) => ({ kind: 'grokfast-ma' as const, ...t })),
  fc.boolean().map((rescale) => ({ kind: 'orthograd' as const, rescale })),
);

const changes = fc.record({
  seed: maybe(int(LIMITS.seed.min, LIMITS.seed.max)),
  p: maybe(int(LIMITS.p.min, LIMITS.p.max)),
  op: maybe(fc.constantFrom('add' as const, 'sub' as const, 'mul' as const)),
  trainFraction: maybe(num(0, 1, { minExcluded: true, maxExcluded: true })),
  width: maybe(int(LIMITS.width.min, LIMITS.width.max)),
  activation: maybe(fc.constantFrom('square' as const, 'relu' as const)),
  initScale: maybe(num(0, 100, { minExcluded: true })),
  alpha: maybe(fc.oneof(fc.constant(null), num(1e-4, 1e4))),
  loss: maybe(fc.constantFrom('ce' as const, 'stablemax' as const, 'mse' as const)),
  optimizer: maybe(fc.constantFrom('adamw' as const, 'gd' as const, 'ngd' as const)),
  lr: maybe(num(0, 100, { minExcluded: true })),
  // 0 is not drawn: a link spells the full batch by leaving batchSize out (url.test.ts checks batch=0).
  batchSize: maybe(fc.oneof(int(1, 64), int(1, LIMITS.batchSize.max))),
  regularizer: maybe(regularizer),
  transform: maybe(transform),
});

const validState: fc.Arbitrary<ShareState> = fc
  .constantFrom(...PRESET_IDS.flatMap((id) => PRESETS[id].runs.map((r) => [id, r.key] as const)))
  .chain(([preset, run]) =>
    fc
      .tuple(changes, int(STEP_LIMITS.min, STEP_LIMITS.max), fc.constantFrom(null, ...BACKEND_NAMES))
      .chain(([change, steps, backend]) => int(0, steps).map((step) => ({ preset, run, change, steps, step, backend }))),
  )
  .map(({ preset, run, change, steps, step, backend }) => {
    const base = defaultState(preset, run);
    const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<RunConfig>;
    return { ...base, config: { ...base.config, ...set }, steps, step, backend };
  })
  .filter((state) => validateConfig(state.config).length === 0);

describe('round trip', () => {
  it('parse(serialize(s)) is s, with no issues, for every valid state', () => {
    check(
      'round trip',
      validState,
      (state) => {
        const link = serializeState(state);
        expect(parseState(link)).toEqual({ state, issues: [] });
        expect(parseState(`?${link}`).state).toEqual(state);
        // Canonical: writing the read state again gives the same link.
        expect(serializeState(parseState(link).state)).toBe(link);
      },
      1000,
    );
  }, TIMEOUT_MS);
});
