import { describe, expect, it } from 'vitest';
import { MAX_SEEDS, parseBenchParams } from './params.ts';

const parse = (query: string) => parseBenchParams(new URLSearchParams(query));

describe('parseBenchParams: the public /bench/ page runs only on checked parameters', () => {
  it('defaults to what `npm run bench` measures', () => {
    expect(parse('')).toEqual({ ok: true, request: { backend: 'wasm', speed: ['fast', 'classic'], grok: ['fast', 'classic'], seeds: [0, 1, 2] } });
  });

  it('accepts the queries scripts/bench.ts sends, an empty grok list included', () => {
    expect(parse('backend=webgl&speed=fast&grok=&seeds=0')).toEqual({ ok: true, request: { backend: 'webgl', speed: ['fast'], grok: [], seeds: [0] } });
    expect(parse('backend=cpu&speed=classic,fast&seeds=7,4294967295')).toMatchObject({ ok: true, request: { speed: ['classic', 'fast'], seeds: [7, 4294967295] } });
  });

  it.each([
    ['speed=__proto__', 'speed'],
    ['grok=constructor', 'grok'],
    ['speed=collapse', 'speed'],
    ['grok=fast,fast', 'grok'],
    ['backend=toString', 'backend'],
    ['backend=', 'backend'],
    ['seeds=', 'seeds'],
    ['seeds=1,,2', 'seeds'],
    ['seeds=-1', 'seeds'],
    ['seeds=1.5', 'seeds'],
    ['seeds=1e3', 'seeds'],
    ['seeds=4294967296', 'seeds'],
    ['seeds=3,3', 'seeds'],
  ])('refuses %s', (query, param) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.param)).toEqual([param]);
    // Both languages name the parameter and the value given.
    for (const e of result.errors) {
      expect(e.en).toContain(query);
      expect(e.ja).toContain(query);
    }
  });

  it(`caps the seeds at ${MAX_SEEDS} (seeds=0,…,1999 ran for hours)`, () => {
    const seeds = (n: number) => Array.from({ length: n }, (_, i) => i).join(',');
    expect(parse(`seeds=${seeds(MAX_SEEDS)}`).ok).toBe(true);
    expect(parse(`seeds=${seeds(MAX_SEEDS + 1)}`).ok).toBe(false);
    expect(parse(`seeds=${seeds(2000)}`).ok).toBe(false);
  });

  it('reports every bad parameter at once', () => {
    const result = parse('backend=gpu&speed=slow&seeds=x');
    expect(result.ok ? [] : result.errors.map((e) => e.param)).toEqual(['backend', 'speed', 'seeds']);
  });
});
