import { describe, expect, it } from 'vitest';
import { applyOp, makeDataset } from './data.ts';

describe('makeDataset', () => {
  it('labels all p² pairs by pair index a·p + b', () => {
    const d = makeDataset(7, 'add', 0.5, 0);
    expect(d.labels).toHaveLength(49);
    expect(d.labels[3 * 7 + 5]).toBe(1);
    expect(applyOp('sub', 2, 5, 7)).toBe(4);
    expect(applyOp('mul', 3, 5, 7)).toBe(1);
    expect(applyOp('mul', 210, 210, 211)).toBe(1);
    const sub = makeDataset(5, 'sub', 0.5, 0);
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) expect((sub.labels[a * 5 + b]! + b) % 5).toBe(a);
  });

  it('splits into round(frac·p²) training pairs and the rest, disjoint and complete', () => {
    const d = makeDataset(47, 'add', 0.4, 0);
    expect(d.trainIdx).toHaveLength(884);
    expect(d.testIdx).toHaveLength(2209 - 884);
    const all = [...d.trainIdx, ...d.testIdx].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 2209 }, (_, i) => i));
    for (let i = 0; i < 2209; i++) expect(d.isTrain[i]).toBe(d.trainIdx.includes(i) ? 1 : 0);
  });

  it('reproduces the split from (p, fraction, seed) alone', () => {
    const a = makeDataset(31, 'add', 0.3, 5);
    const b = makeDataset(31, 'mul', 0.3, 5);
    expect(b.trainIdx).toEqual(a.trainIdx);
    expect(makeDataset(31, 'add', 0.3, 6).trainIdx).not.toEqual(a.trainIdx);
    // The first round(f·p²) of one permutation: a larger fraction extends the smaller one's training set.
    const bigger = makeDataset(31, 'add', 0.5, 5);
    expect(Array.from(bigger.trainIdx.slice(0, a.trainIdx.length))).toEqual(Array.from(a.trainIdx));
  });
});
