/**
 * The reader-shareable state of a run as a URL query: which preset (and which
 * of its runs), the settings a reader may change, the step budget, the step to
 * show and the TF.js backend. One schema for reading and writing links.
 *
 * Reading never throws and never trusts the link: every value that cannot be
 * used becomes an Issue (a translatable code with parameters) and the safe
 * default stands in. Ranges and choices are not restated here: every config
 * value goes through validateConfig, the single source of truth, and the error
 * it returns is what the reader is told. Writing gives the canonical, minimal
 * query: only what differs from the chosen preset's run.
 *
 * The chapter and section are the path and the hash, so they never appear here.
 */
import {
  maxMaWindow,
  REGULARIZER_DEFAULTS,
  TRANSFORM_DEFAULTS,
  validateConfig,
  type ConfigError,
  type GradTransform,
  type Regularizer,
  type RunConfig,
} from '../model/config.ts';
import { PRESETS, type PresetId } from '../model/presets.ts';
import type { BackendName } from '../worker/backendNames.ts';

export const DEFAULT_PRESET: PresetId = 'fast';
/** Same names the engine accepts in `?backend=` (src/worker/client.ts reads that key too). */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const satisfies readonly BackendName[];
/** A playground budget, not a claim about the model: long enough for every preset, short enough to stay interactive. */
export const STEP_LIMITS = { min: 1, max: 10000 } as const;
/** Longer values are refused unread; every valid value is far shorter. */
export const MAX_VALUE_LENGTH = 40;
/** Hostile values are echoed back at most this many characters long. */
export const ECHO_LENGTH = 32;
/** A link with more problems than this lists the first ones and counts the rest. */
export const MAX_ISSUES = 12;

export interface ShareState {
  readonly preset: PresetId;
  /** Key of the preset's run whose settings are the starting point. */
  readonly run: string;
  /** Complete and valid (validateConfig returns no error). */
  readonly config: RunConfig;
  /** Step budget of the run. */
  readonly steps: number;
  /** The step to show: 0 … steps. */
  readonly step: number;
  /** Forced backend; null lets the engine choose. */
  readonly backend: BackendName | null;
}

/** Config values reachable from the URL, by query key, in canonical order. */
const CONFIG_KEYS = [
  ['seed', 'seed'],
  ['p', 'p'],
  ['op', 'op'],
  ['frac', 'trainFraction'],
  ['width', 'width'],
  ['act', 'activation'],
  ['init', 'initScale'],
  ['alpha', 'alpha'],
  ['loss', 'loss'],
  ['opt', 'optimizer'],
  ['lr', 'lr'],
  ['batch', 'batchSize'],
] as const satisfies readonly (readonly [string, keyof RunConfig])[];

/** Parameters of the regularizer and of the gradient transform, by query key. */
const REG_PARAMS = [
  ['reg.wd', 'wd'],
  ['reg.lambda', 'lambda'],
  ['reg.q', 'q'],
] as const;
const GRAD_PARAMS = [
  ['grad.alpha', 'alpha'],
  ['grad.lambda', 'lambda'],
  ['grad.window', 'window'],
  ['grad.rescale', 'rescale'],
] as const;

export const URL_KEYS = [
  'preset',
  'run',
  ...CONFIG_KEYS.map(([k]) => k),
  'reg',
  ...REG_PARAMS.map(([k]) => k),
  'grad',
  ...GRAD_PARAMS.map(([k]) => k),
  'steps',
  'step',
  'backend',
] as const;

export type UrlKey = (typeof URL_KEYS)[number];

const KEY_SET: ReadonlySet<string> = new Set(URL_KEYS);

/** validateConfig's field path for each key that maps to one. */
const FIELD_OF: ReadonlyMap<string, string> = new Map<string, string>([
  ...CONFIG_KEYS.map(([k, f]) => [k, f] as [string, string]),
  ['reg', 'regularizer.kind'],
  ...REG_PARAMS.map(([k, f]) => [k, `regularizer.${f}`] as [string, string]),
  ['grad', 'transform.kind'],
  ...GRAD_PARAMS.map(([k, f]) => [k, `transform.${f}`] as [string, string]),
]);
const KEY_OF_FIELD: ReadonlyMap<string, string> = new Map([...FIELD_OF].map(([k, f]) => [f, k]));

/**
 * Spellings a reader might try, mapped to our key: the config's own names and
 * any key in another case. They are reported (with a suggestion); everything
 * else unknown is someone else's parameter and is left alone.
 */
const LOOKALIKES: ReadonlyMap<string, string> = new Map<string, string>([
  ...URL_KEYS.map((k) => [k.toLowerCase(), k] as [string, string]),
  ...CONFIG_KEYS.map(([k, f]) => [f.toLowerCase(), k] as [string, string]),
  ['activation', 'act'],
  ['optimizer', 'opt'],
  ['regularizer', 'reg'],
  ['transform', 'grad'],
  ['weightdecay', 'reg.wd'],
  ['wd', 'reg.wd'],
  ['batch_size', 'batch'],
]);

/**
 * The query to show in the address bar for a state: our keys in canonical
 * form, followed by every parameter that is not ours, re-encoded. Re-encoding
 * matters: TF.js parses the page's query when it starts and throws on
 * malformed percent-encoding, which a hand-edited link may contain.
 */
export function canonicalSearch(search: string, state: ShareState): string {
  const theirs = [...new URLSearchParams(search)].filter(([key]) => !claimsKey(key));
  const query = [serializeState(state), new URLSearchParams(theirs).toString()].filter(Boolean).join('&');
  return query ? `?${query}` : '';
}

/** Whether a query key is ours, or close enough to be reported as a misspelling of ours; others are left alone. */
export function claimsKey(key: string): boolean {
  const k = key.trim().toLowerCase();
  return KEY_SET.has(key) || LOOKALIKES.has(k) || k.startsWith('reg.') || k.startsWith('grad.');
}

/** Every kind of problem a link can have; each has a sentence `url.issue.<code>` in both languages. */
export const ISSUE_CODES = [
  'unknown-preset',
  'unknown-option',
  'not-a-number',
  'not-an-integer',
  'out-of-range',
  'empty-split',
  'conflict',
  'missing',
  'duplicate',
  'too-long',
  'unknown-key',
  'not-applicable',
  'too-many',
  'underflow',
  'over-budget',
  'clamped',
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

export interface IssueParams {
  /** The value as given, made safe to show: control characters replaced, at most ECHO_LENGTH characters. */
  readonly value?: string;
  /** The value used instead, in URL syntax. */
  readonly fallback?: string;
  readonly min?: number;
  readonly max?: number;
  readonly minInclusive?: boolean;
  readonly maxInclusive?: boolean;
  readonly integer?: boolean;
  readonly choices?: readonly string[];
  /** duplicate: how often the key appeared; too-many: how many problems were left out. */
  readonly count?: number;
  /** too-long: the length limit; over-budget and clamped: the memory limit of a run in MB. */
  readonly limit?: number;
  /** over-budget and clamped: the memory the value asked for, in MB. */
  readonly needed?: number;
  /** conflict: the other setting it clashed with; unknown-key: the key that was probably meant. */
  readonly other?: string;
  readonly nTrain?: number;
  readonly nTest?: number;
}

export interface Issue {
  /** The query key, or for an unknown key that key made safe to show. */
  readonly key: string;
  readonly code: IssueCode;
  readonly params: IssueParams;
}

export interface ParseResult {
  readonly state: ShareState;
  readonly issues: readonly Issue[];
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function isPresetId(value: unknown): value is PresetId {
  return typeof value === 'string' && hasOwn(PRESETS, value);
}

const isBackend = (v: string): v is BackendName => (BACKEND_NAMES as readonly string[]).includes(v);

/** Shows an untrusted string as inert text: no control or invisible formatting characters, bounded length. */
export function echo(raw: string): string {
  const clean = Array.from(raw.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu, '\uFFFD'));
  return clean.length > ECHO_LENGTH ? `${clean.slice(0, ECHO_LENGTH).join('')}…` : clean.join('');
}

/** Plain decimal numbers only: no hex, no Infinity, no whitespace, no empty string. */
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function parseNumber(raw: string): number {
  // `+ 0` turns -0 into 0, so a state read from "-0" equals the one written back.
  return NUMBER.test(raw) ? Number(raw) + 0 : Number.NaN;
}

/** A number written with a nonzero digit that reads as 0, because it is smaller than the smallest float (`1e-400`). */
function underflows(raw: string, value: unknown): boolean {
  return value === 0 && /[1-9]/.test(raw.split(/e/i)[0] ?? '');
}

function formatValue(value: unknown): string {
  if (value === null) return 'none';
  return String(value);
}

/**
 * A config value in URL syntax. The full batch is written as batch=0, while
 * in the config it is the absence of batchSize (the presets that predate
 * minibatches have none), so a state read from a link never holds a 0.
 */
function configValue(c: RunConfig, field: keyof RunConfig): string {
  return formatValue(field === 'batchSize' ? (c.batchSize ?? 0) : c[field]);
}

/** The preset's run with this key, or its first run. */
export function presetRun(preset: PresetId, run: string) {
  const runs = PRESETS[preset].runs;
  return runs.find((r) => r.key === run) ?? runs[0]!;
}

/** The state a preset's run starts from. */
export function defaultState(preset: PresetId = DEFAULT_PRESET, run?: string, backend: BackendName | null = null): ShareState {
  const r = presetRun(preset, run ?? '');
  return { preset, run: r.key, config: r.config, steps: PRESETS[preset].steps, step: 0, backend };
}

/** Every value of the state in URL syntax, for each key that applies (the form shows these). */
export function stateValues(state: ShareState): Map<UrlKey, string> {
  const c = state.config;
  const out = new Map<UrlKey, string>();
  out.set('preset', state.preset);
  out.set('run', state.run);
  for (const [key, field] of CONFIG_KEYS) out.set(key, configValue(c, field));
  out.set('reg', c.regularizer.kind);
  for (const [key, field] of REG_PARAMS) if (hasOwn(c.regularizer, field)) out.set(key, formatValue((c.regularizer as Record<string, unknown>)[field]));
  out.set('grad', c.transform.kind);
  for (const [key, field] of GRAD_PARAMS) if (hasOwn(c.transform, field)) out.set(key, formatValue((c.transform as Record<string, unknown>)[field]));
  out.set('steps', String(state.steps));
  out.set('step', String(state.step));
  out.set('backend', state.backend ?? 'auto');
  return out;
}

/**
 * The canonical, minimal query (no leading "?"): only what differs from the
 * preset run's own settings, keys in a fixed order. A state equal to the
 * default preset gives ""; anything else names its preset, so a link keeps
 * its meaning if the default preset ever changes.
 */
export function serializeState(state: ShareState): string {
  const base = stateValues(defaultState(state.preset, state.run));
  const mine = stateValues(state);
  const regBase = state.config.regularizer.kind === presetRun(state.preset, state.run).config.regularizer.kind;
  const gradBase = state.config.transform.kind === presetRun(state.preset, state.run).config.transform.kind;
  const pairs: [string, string][] = [];
  for (const key of URL_KEYS) {
    if (key === 'preset' || key === 'run') continue;
    const v = mine.get(key);
    if (v === undefined) continue;
    // A parameter of a newly chosen kind is compared with that kind's own defaults, as parseState fills them.
    let b = base.get(key);
    if (key.startsWith('reg.') && !regBase) b = kindDefault('reg', state.config.regularizer.kind, key);
    if (key.startsWith('grad.') && !gradBase) b = kindDefault('grad', state.config.transform.kind, key);
    if (v !== b) pairs.push([key, v]);
  }
  const first = PRESETS[state.preset].runs[0]!.key;
  if (state.run !== first) pairs.unshift(['run', state.run]);
  if (pairs.length > 0 || state.preset !== DEFAULT_PRESET) pairs.unshift(['preset', state.preset]);
  return pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

function kindDefault(group: 'reg' | 'grad', kind: string, key: string): string | undefined {
  const field = key.slice(group.length + 1);
  const defaults: Record<string, unknown> = group === 'reg' ? REGULARIZER_DEFAULTS : TRANSFORM_DEFAULTS;
  const d = hasOwn(defaults, kind) ? (defaults[kind] as Record<string, unknown>) : undefined;
  return d && hasOwn(d, field) ? formatValue(d[field]) : undefined;
}

/** The keys of a regularizer or transform kind's parameters, for "only applies with …" messages. */
function kindsWith(group: 'reg' | 'grad', field: string): string[] {
  const defaults: Record<string, object> = group === 'reg' ? REGULARIZER_DEFAULTS : TRANSFORM_DEFAULTS;
  return Object.keys(defaults).filter((k) => hasOwn(defaults[k]!, field));
}

function rangeParams(e: ConfigError): IssueParams {
  const p = e.params;
  const out: { -readonly [K in keyof IssueParams]: IssueParams[K] } = {};
  if (typeof p.min === 'number') out.min = p.min;
  if (typeof p.max === 'number') out.max = p.max;
  if (typeof p.minInclusive === 'boolean') out.minInclusive = p.minInclusive;
  if (typeof p.maxInclusive === 'boolean') out.maxInclusive = p.maxInclusive;
  if (typeof p.integer === 'boolean') out.integer = p.integer;
  if (Array.isArray(p.choices)) out.choices = p.choices.filter((c): c is string => typeof c === 'string');
  if (typeof p.nTrain === 'number') out.nTrain = p.nTrain;
  if (typeof p.nTest === 'number') out.nTest = p.nTest;
  if (typeof p.limitMB === 'number') out.limit = p.limitMB;
  if (typeof p.neededMB === 'number') out.needed = p.neededMB;
  return out;
}

/** Settings whose change can invalidate another field that validateConfig then reports. */
const CAUSES: Readonly<Record<string, readonly string[]>> = {
  trainFraction: ['p'],
  'transform.window': ['width', 'p'],
  batchSize: ['trainFraction', 'p'],
  width: ['p'],
};

/** Reads a query string (with or without "?"). Never throws; the state is always valid. */
export function parseState(search: string): ParseResult {
  const issues: Issue[] = [];
  const entries = new Map<string, string[]>();
  const strangers = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(typeof search === 'string' ? search : '')) {
    if (KEY_SET.has(key)) {
      const list = entries.get(key);
      if (list) list.push(value);
      else entries.set(key, [value]);
      continue;
    }
    if (claimsKey(key) && !strangers.has(key)) strangers.set(key, LOOKALIKES.get(key.trim().toLowerCase()) ?? '');
  }

  /** The first value of a key, or undefined (with an issue) when it cannot be read at all. */
  const read = (key: UrlKey): string | undefined => {
    const list = entries.get(key);
    if (!list) return undefined;
    if (list.length > 1) issues.push({ key, code: 'duplicate', params: { count: list.length } });
    const raw = list[0]!;
    if (raw.length > MAX_VALUE_LENGTH) {
      issues.push({ key, code: 'too-long', params: { limit: MAX_VALUE_LENGTH, value: echo(raw) } });
      return undefined;
    }
    if (raw === '') {
      issues.push({ key, code: 'missing', params: {} });
      return undefined;
    }
    return raw;
  };

  let preset = DEFAULT_PRESET;
  const presetRaw = read('preset');
  if (presetRaw !== undefined) {
    if (isPresetId(presetRaw)) preset = presetRaw;
    else issues.push({ key: 'preset', code: 'unknown-preset', params: { value: echo(presetRaw), choices: Object.keys(PRESETS), fallback: preset } });
  }
  const runs = PRESETS[preset].runs;
  let run = runs[0]!;
  const runRaw = read('run');
  if (runRaw !== undefined) {
    const found = runs.find((r) => r.key === runRaw);
    if (found) run = found;
    else issues.push({ key: 'run', code: 'unknown-option', params: { value: echo(runRaw), choices: runs.map((r) => r.key), fallback: run.key } });
  }
  const base = run.config;

  /**
   * A value that reads as 0 only because it underflowed is said, not taken
   * silently (`seed=1e-400` would otherwise be seed 0 without a word). When 0
   * is out of range, the range check reports it instead.
   */
  const underflowed = new Map<string, string>();
  const noteUnderflow = (key: string, raw: string, value: unknown) => {
    if (underflows(raw, value)) underflowed.set(key, raw);
  };

  // Values as given, by key; validateConfig judges them all together below.
  const given = new Map<string, { raw: string; value: unknown }>();
  for (const [key] of CONFIG_KEYS) {
    const raw = read(key);
    if (raw === undefined) continue;
    const value = key === 'op' || key === 'act' || key === 'loss' || key === 'opt' ? raw : key === 'alpha' && raw === 'none' ? null : parseNumber(raw);
    noteUnderflow(key, raw, value);
    given.set(key, { raw, value });
  }

  const kindOf = (group: 'reg' | 'grad', defaults: Record<string, object>, current: string): string => {
    const raw = read(group);
    if (raw === undefined) return current;
    if (hasOwn(defaults, raw)) return raw;
    issues.push({ key: group, code: 'unknown-option', params: { value: echo(raw), choices: Object.keys(defaults), fallback: current } });
    return current;
  };
  const regKind = kindOf('reg', REGULARIZER_DEFAULTS, base.regularizer.kind) as Regularizer['kind'];
  const gradKind = kindOf('grad', TRANSFORM_DEFAULTS, base.transform.kind) as GradTransform['kind'];
  const regBase: Regularizer = regKind === base.regularizer.kind ? base.regularizer : REGULARIZER_DEFAULTS[regKind];
  const gradBase: GradTransform = gradKind === base.transform.kind ? base.transform : TRANSFORM_DEFAULTS[gradKind];

  const params = (group: 'reg' | 'grad', list: readonly (readonly [string, string])[], kindBase: object) => {
    for (const [key, field] of list) {
      const raw = read(key as UrlKey);
      if (raw === undefined) continue;
      if (!hasOwn(kindBase, field)) {
        issues.push({ key, code: 'not-applicable', params: { value: echo(raw), choices: kindsWith(group, field) } });
        continue;
      }
      const value = field === 'rescale' ? (raw === 'true' ? true : raw === 'false' ? false : raw) : parseNumber(raw);
      noteUnderflow(key, raw, value);
      given.set(key, { raw, value });
    }
  };
  params('reg', REG_PARAMS, regBase);
  params('grad', GRAD_PARAMS, gradBase);

  const build = (): Record<string, unknown> => {
    const draft: Record<string, unknown> = { ...base };
    for (const [key, field] of CONFIG_KEYS) {
      const g = given.get(key);
      if (g) draft[field] = g.value;
    }
    const reg: Record<string, unknown> = { ...regBase };
    for (const [key, field] of REG_PARAMS) {
      const g = given.get(key);
      if (g) reg[field] = g.value;
    }
    const grad: Record<string, unknown> = { ...gradBase };
    for (const [key, field] of GRAD_PARAMS) {
      const g = given.get(key);
      if (g) grad[field] = g.value;
    }
    draft.regularizer = reg;
    draft.transform = grad;
    if (draft['batchSize'] === 0) delete draft['batchSize'];
    return draft;
  };

  // Drop one offending value at a time until the whole config is valid. The
  // preset run itself is valid, so this ends with at most every value dropped.
  const dropped: { key: string; raw: string; error: ConfigError; other?: string }[] = [];
  const clamped: { key: string; raw: string; error: ConfigError }[] = [];
  let draft = build();
  for (let errors = validateConfig(draft); errors.length > 0; errors = validateConfig(draft)) {
    const window = errors.find((e) => e.code === 'over-budget' && e.field === 'transform.window');
    if (window && typeof window.params.max === 'number') {
      // A window too large for the memory budget shrinks to the largest that fits, rather than
      // costing the width or p that made it too large (dropping it would fall back to a default
      // window that may not fit either).
      const raw = given.get('grad.window')?.raw ?? String(window.params.value);
      clamped.push({ key: 'grad.window', raw, error: window });
      given.set('grad.window', { raw, value: window.params.max });
      draft = build();
      continue;
    }
    let culprit: { key: string; error: ConfigError; other?: string } | undefined;
    for (const error of errors) {
      const key = KEY_OF_FIELD.get(error.field);
      if (key !== undefined && given.has(key)) {
        culprit = { key, error };
        break;
      }
      const cause = (CAUSES[error.field] ?? []).map((f) => KEY_OF_FIELD.get(f)!).find((k) => given.has(k));
      if (cause !== undefined) {
        culprit = { key: cause, error, other: key ?? error.field };
        break;
      }
    }
    if (!culprit) {
      // Cannot happen with valid presets; never hand out an invalid state all the same.
      given.clear();
      draft = build();
      break;
    }
    dropped.push({ ...culprit, raw: given.get(culprit.key)!.raw });
    given.delete(culprit.key);
    draft = build();
  }
  // validateConfig accepted every field of the draft, so the cast restates what it proved.
  const config = draft as unknown as RunConfig;
  const finalValues = stateValues({ preset, run: run.key, config, steps: 1, step: 0, backend: null });
  for (const c of clamped) {
    const fallback = finalValues.get(c.key as UrlKey) ?? '';
    issues.push({ key: c.key, code: 'clamped', params: { ...rangeParams(c.error), value: echo(c.raw), fallback } });
  }
  for (const d of dropped) {
    const fallback = finalValues.get(d.key as UrlKey) ?? '';
    const value = echo(d.raw);
    if (d.other !== undefined) {
      issues.push({ key: d.key, code: 'conflict', params: { value, fallback, other: d.other } });
    } else {
      const code: IssueCode = d.error.code === 'invalid-choice' ? 'unknown-option' : d.error.code;
      issues.push({ key: d.key, code, params: { ...rangeParams(d.error), value, fallback } });
    }
  }
  for (const [key, raw] of underflowed) {
    if (!dropped.some((d) => d.key === key)) issues.push({ key, code: 'underflow', params: { value: echo(raw), fallback: '0' } });
  }

  const integerIn = (key: 'steps' | 'step', min: number, max: number, fallback: number): number => {
    const raw = read(key);
    if (raw === undefined) return fallback;
    const n = parseNumber(raw);
    const range = { min, max, minInclusive: true, maxInclusive: true, integer: true, value: echo(raw), fallback: String(fallback) };
    const code: IssueCode | null = !Number.isFinite(n) ? 'not-a-number' : !Number.isInteger(n) ? 'not-an-integer' : n < min || n > max ? 'out-of-range' : null;
    if (code === null) {
      if (underflows(raw, n)) issues.push({ key, code: 'underflow', params: { value: echo(raw), fallback: '0' } });
      return n;
    }
    issues.push({ key, code, params: range });
    return fallback;
  };
  const steps = integerIn('steps', STEP_LIMITS.min, STEP_LIMITS.max, PRESETS[preset].steps);
  const step = integerIn('step', 0, steps, 0);

  let backend: BackendName | null = null;
  const backendRaw = read('backend');
  if (backendRaw !== undefined && backendRaw !== 'auto') {
    if (isBackend(backendRaw)) backend = backendRaw;
    else issues.push({ key: 'backend', code: 'unknown-option', params: { value: echo(backendRaw), choices: ['auto', ...BACKEND_NAMES], fallback: 'auto' } });
  }

  for (const [key, meant] of strangers) {
    issues.push({ key: echo(key), code: 'unknown-key', params: meant ? { other: meant } : {} });
  }

  const state: ShareState = { preset, run: run.key, config, steps, step, backend };
  if (issues.length <= MAX_ISSUES) return { state, issues };
  const kept = issues.slice(0, MAX_ISSUES - 1);
  kept.push({ key: '', code: 'too-many', params: { count: issues.length - kept.length } });
  return { state, issues: kept };
}

export type NumberRule = {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  readonly minInclusive: boolean;
  readonly maxInclusive: boolean;
  readonly integer: boolean;
};
export type ChoiceRule = { readonly kind: 'choice'; readonly choices: readonly string[] };

/**
 * The valid range or choices of a key under the given config, read from
 * validateConfig itself (by asking it about a value that cannot pass), so the
 * form shows exactly the limits the engine enforces, including limits that
 * depend on other settings (the Grokfast-MA window shrinks as p and width grow).
 */
export function ruleOf(config: RunConfig, key: UrlKey): NumberRule | ChoiceRule | undefined {
  if (key === 'steps') return { kind: 'number', min: STEP_LIMITS.min, max: STEP_LIMITS.max, minInclusive: true, maxInclusive: true, integer: true };
  if (key === 'preset') return { kind: 'choice', choices: Object.keys(PRESETS) };
  if (key === 'reg') return { kind: 'choice', choices: Object.keys(REGULARIZER_DEFAULTS) };
  if (key === 'grad') return { kind: 'choice', choices: Object.keys(TRANSFORM_DEFAULTS) };
  if (key === 'backend') return { kind: 'choice', choices: ['auto', ...BACKEND_NAMES] };
  const field = FIELD_OF.get(key);
  if (field === undefined) return undefined;
  const [head, tail] = field.split('.') as [string, string | undefined];
  const probe: Record<string, unknown> = { ...config };
  if (tail !== undefined) {
    // A parameter of a kind not chosen now is shown with the range it has under the first kind that takes it.
    const defaults: Record<string, object> = head === 'regularizer' ? REGULARIZER_DEFAULTS : TRANSFORM_DEFAULTS;
    const current = config[head as 'regularizer' | 'transform'];
    const kind = hasOwn(current, tail) ? current.kind : Object.keys(defaults).find((k) => hasOwn(defaults[k]!, tail));
    if (kind === undefined) return undefined;
    probe[head] = { ...(kind === current.kind ? current : defaults[kind]) };
  }
  const numeric = !['op', 'activation', 'loss', 'optimizer'].includes(head) && tail !== 'rescale' && tail !== 'kind';
  const bad = numeric ? Number.NaN : '\u0000';
  if (tail === undefined) probe[head] = bad;
  else (probe[head] as Record<string, unknown>)[tail] = bad;
  const error = validateConfig(probe).find((e) => e.field === field);
  if (!error) return undefined;
  const p = error.params;
  if (!numeric) return { kind: 'choice', choices: (p.choices ?? []).filter((c): c is string => typeof c === 'string') };
  // The window's range also shrinks to what fits in a run's memory with the other settings.
  const max = field === 'transform.window' ? Math.min(p.max ?? Number.POSITIVE_INFINITY, maxMaWindow(config)) : p.max;
  return {
    kind: 'number',
    min: p.min ?? Number.NEGATIVE_INFINITY,
    max: max ?? Number.POSITIVE_INFINITY,
    minInclusive: p.minInclusive ?? true,
    maxInclusive: p.maxInclusive ?? true,
    integer: p.integer ?? false,
  };
}

/** Whether two states train the same run (they may differ in the step shown and the backend). */
export function sameRun(a: ShareState, b: ShareState): boolean {
  const strip = (s: ShareState) => serializeState({ ...s, step: 0, backend: null });
  return strip(a) === strip(b);
}

/** Whether the state trains exactly its preset run (then the preset's reference run applies). */
export function isPresetRun(state: ShareState): boolean {
  return sameRun(state, { ...defaultState(state.preset, state.run), steps: state.steps });
}

/** Strings for messages: `url.issue.<code>`, `url.range.*`, `url.key.<key>`, as in src/i18n. */
export type IssueStrings = Readonly<Record<string, string>>;

const fillText = (template: string | undefined, values: Readonly<Record<string, string>>): string =>
  (template ?? '').replace(/\{(\w+)\}/g, (whole, name: string) => (hasOwn(values, name) ? values[name]! : whole));

/** The range of a number rule in words, e.g. "0 to 1" or "above 0, up to 100". */
export function rangeText(rule: Pick<IssueParams, 'min' | 'max' | 'minInclusive' | 'maxInclusive' | 'integer'>, s: IssueStrings): string {
  if (rule.min === undefined || rule.max === undefined) return '';
  const lo = rule.minInclusive === false ? 'e' : 'i';
  const hi = rule.maxInclusive === false ? 'e' : 'i';
  const range = fillText(s[`url.range.${lo}${hi}`], { min: String(rule.min), max: String(rule.max) });
  return rule.integer ? fillText(s['url.range.integer'], { range }) : range;
}

/** What the reader calls a key: its label and the key itself, e.g. "Learning rate (lr)". */
export function keyLabel(key: string, s: IssueStrings): string {
  const label = hasOwn(s, `url.key.${key}`) ? s[`url.key.${key}`] : undefined;
  return label ? fillText(s['url.keyLabel'], { label, key }) : key;
}

/**
 * One issue as a sentence in the page's language. Always plain text: the
 * caller puts it in the page with textContent, so a value such as
 * `<script>` shows as those characters and nothing else.
 */
export function issueMessage(issue: Issue, s: IssueStrings): string {
  const p = issue.params;
  const values: Record<string, string> = {
    key: issue.key,
    label: keyLabel(issue.key, s),
    value: p.value ?? '',
    fallback: p.fallback ?? '',
    range: rangeText(p, s),
    choices: (p.choices ?? []).join(', '),
    count: String(p.count ?? 0),
    limit: String(p.limit ?? MAX_VALUE_LENGTH),
    needed: String(p.needed ?? ''),
    other: p.other !== undefined ? keyLabel(p.other, s) : '',
    nTrain: String(p.nTrain ?? ''),
    nTest: String(p.nTest ?? ''),
  };
  const template = issue.code === 'unknown-key' && p.other ? s['url.issue.unknown-key-suggest'] : s[`url.issue.${issue.code}`];
  return fillText(template ?? '{label}', values);
}
