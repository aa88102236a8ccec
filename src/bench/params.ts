/**
 * The /bench/ page's URL parameters, checked before anything runs: the page
 * is reachable by anyone, and an unchecked `?speed=__proto__` reached the
 * worker as a preset (a raw TypeError), while `?seeds=0,…,1999` ran for hours.
 */
import { BACKENDS, type BackendName } from '../worker/backendNames.ts';
import type { BenchRequest } from './bench.worker.ts';

/** The formulations the benchmark is about; the other presets exist to make a point in a chapter. */
export const BENCH_PRESETS = ['fast', 'classic'] as const;
/** Time to grok is a median over seeds; each seed of classic is several seconds. */
export const MAX_SEEDS = 5;
const MAX_SEED = 4294967295;

export interface BenchParamError {
  param: string;
  value: string;
  en: string;
  ja: string;
}

export type ParsedBench = { ok: true; request: BenchRequest } | { ok: false; errors: BenchParamError[] };

const DEFAULTS = { backend: 'wasm', speed: 'fast,classic', grok: 'fast,classic', seeds: '0,1,2' };

function presets(param: 'speed' | 'grok', value: string, errors: BenchParamError[]): BenchRequest['speed'] {
  const items = value.split(',').filter(Boolean);
  const known = (item: string): item is (typeof BENCH_PRESETS)[number] => (BENCH_PRESETS as readonly string[]).includes(item);
  if (items.every(known) && new Set(items).size === items.length) return items as BenchRequest['speed'];
  errors.push({
    param,
    value,
    en: `${param}=${value}: expected ${BENCH_PRESETS.join(' and/or ')}, comma-separated, each at most once (or nothing)`,
    ja: `${param}=${value}：${BENCH_PRESETS.join('、')} のどちらか、または両方をカンマ区切りで（同じものは一度だけ。空でも可）指定してください`,
  });
  return [];
}

function seeds(value: string, errors: BenchParamError[]): number[] {
  const items = value.split(',');
  const numbers = items.map((s) => (/^\d{1,10}$/.test(s) ? Number(s) : NaN));
  if (items.length <= MAX_SEEDS && numbers.every((n) => n <= MAX_SEED) && new Set(numbers).size === numbers.length) return numbers;
  errors.push({
    param: 'seeds',
    value,
    en: `seeds=${value}: expected 1 to ${MAX_SEEDS} different integers from 0 to ${MAX_SEED}, comma-separated`,
    ja: `seeds=${value}：0〜${MAX_SEED} の異なる整数を 1〜${MAX_SEEDS} 個、カンマ区切りで指定してください`,
  });
  return [];
}

/** Reads and checks `backend`, `speed`, `grok` and `seeds`; other parameters are ignored. */
export function parseBenchParams(params: URLSearchParams): ParsedBench {
  const errors: BenchParamError[] = [];
  const get = (key: keyof typeof DEFAULTS) => params.get(key) ?? DEFAULTS[key];
  const backend = get('backend');
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    errors.push({
      param: 'backend',
      value: backend,
      en: `backend=${backend}: expected one of ${BACKENDS.join(', ')}`,
      ja: `backend=${backend}：${BACKENDS.join('、')} のいずれかを指定してください`,
    });
  }
  const request: BenchRequest = {
    backend: backend as BackendName,
    speed: presets('speed', get('speed'), errors),
    grok: presets('grok', get('grok'), errors),
    seeds: seeds(get('seeds'), errors),
  };
  return errors.length ? { ok: false, errors } : { ok: true, request };
}
