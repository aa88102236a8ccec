import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, streamRng } from './rng.ts';

describe('rng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(xs);
  });

  it('derives distinct streams from one seed', () => {
    const seeds = [deriveSeed(0, 'split'), deriveSeed(0, 'init'), deriveSeed(0, 'probe'), deriveSeed(1, 'split')];
    expect(new Set(seeds).size).toBe(4);
    expect(streamRng(7, 'init').uniform()).toBe(createRng(deriveSeed(7, 'init')).uniform());
  });

  it('draws uniforms in [0, 1) and standard normals with the right moments', () => {
    const rng = createRng(1);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 10000; i++) {
      const u = rng.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const n = 40000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });

  it('shuffles into a permutation, reproducibly', () => {
    const xs = Int32Array.from({ length: 100 }, (_, i) => i);
    const ys = createRng(3).shuffle(xs.slice());
    expect(Array.from(ys).sort((a, b) => a - b)).toEqual(Array.from(xs));
    expect(ys).not.toEqual(xs);
    expect(createRng(3).shuffle(xs.slice())).toEqual(ys);
  });
});
