/**
 * The task: all p² pairs (a, b) labelled c = (a ∘ b) mod p, and a train/test
 * split reproducible from (p, trainFraction, seed). Pair (a, b) has index a·p + b
 * everywhere in src/model, which is also its cell in the p×p prediction grid.
 */
import { splitSizes, type Op } from './config.ts';
import { streamRng } from './rng.ts';

export interface Dataset {
  readonly p: number;
  readonly op: Op;
  /** c for every pair index a·p + b. */
  readonly labels: Int32Array;
  /** 1 where the pair is in the training set, by pair index. */
  readonly isTrain: Uint8Array;
  /** Training pair indices, in split-permutation order. */
  readonly trainIdx: Int32Array;
  /** Test pair indices, in split-permutation order. */
  readonly testIdx: Int32Array;
}

export function applyOp(op: Op, a: number, b: number, p: number): number {
  switch (op) {
    case 'add':
      return (a + b) % p;
    case 'sub':
      return (((a - b) % p) + p) % p;
    case 'mul':
      // a·b < 211² fits a double exactly, so no modular-multiplication trick is needed.
      return (a * b) % p;
  }
}

export function makeDataset(p: number, op: Op, trainFraction: number, seed: number): Dataset {
  const n = p * p;
  const labels = new Int32Array(n);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) labels[a * p + b] = applyOp(op, a, b, p);
  }
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  streamRng(seed, 'split').shuffle(perm);

  const { nTrain } = splitSizes(p, trainFraction);
  const trainIdx = perm.slice(0, nTrain);
  const testIdx = perm.slice(nTrain);
  const isTrain = new Uint8Array(n);
  for (const i of trainIdx) isTrain[i] = 1;
  return { p, op, labels, isTrain, trainIdx, testIdx };
}
