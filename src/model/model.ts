/**
 * The network f(a, b) = act(W_a[a] + W_b[b]) · V with no biases.
 * Shapes: W_a, W_b are p×h (row = input value), V is h×p (column = output class),
 * so the forward pass needs no transposes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './config.ts';
import { streamRng } from './rng.ts';

export type ParamName = 'Wa' | 'Wb' | 'V';
export const PARAM_NAMES: readonly ParamName[] = ['Wa', 'Wb', 'V'];
export type Params<T = tf.Tensor2D> = { readonly [K in ParamName]: T };

export function paramShapes(p: number, h: number): Params<[number, number]> {
  return { Wa: [p, h], Wb: [p, h], V: [h, p] };
}

/**
 * W_a, W_b ~ N(0, 1/2)·s so each pre-activation W_a[a] + W_b[b] has variance s²;
 * V ~ N(0, 1/h)·s. Drawn in the order W_a, W_b, V from the seed's init stream.
 */
export function initParamValues(p: number, h: number, scale: number, seed: number): Params<Float32Array> {
  const rng = streamRng(seed, 'init');
  const draw = (n: number, std: number): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = rng.normal() * std;
    return out;
  };
  const wStd = Math.sqrt(0.5) * scale;
  return { Wa: draw(p * h, wStd), Wb: draw(p * h, wStd), V: draw(h * p, scale / Math.sqrt(h)) };
}

export function activate(z: tf.Tensor2D, act: Activation): tf.Tensor2D {
  return act === 'square' ? tf.square(z) : tf.relu(z);
}

/** act'(z): 2z for the square; the ReLU's derivative is taken as 0 at z = 0, as autodiff does. */
export function activationDerivative(z: tf.Tensor2D, act: Activation): tf.Tensor2D {
  return act === 'square' ? tf.mul(z, 2) : tf.step(z);
}

/**
 * Pre-activations of all p² pairs in pair-index order, by broadcasting instead
 * of gathering; given only some rows of W_a (first inputs a0…a1−1), those
 * inputs' pairs, still in pair-index order.
 */
export function embedAll(Wa: tf.Tensor2D, Wb: tf.Tensor2D): tf.Tensor2D {
  const [rows, h] = Wa.shape;
  return tf.reshape(tf.add(tf.expandDims(Wa, 1), tf.expandDims(Wb, 0)), [rows * Wb.shape[0], h]);
}

/** Raw logits of the pairs whose first input is in [a0, a1): one block of a forward pass over all p² pairs. */
export function logitsOfInputs(Wa: tf.Tensor2D, Wb: tf.Tensor2D, V: tf.Tensor2D, act: Activation, a0: number, a1: number): tf.Tensor2D {
  return logitsFromEmbedding(embedAll(tf.slice(Wa, [a0, 0], [a1 - a0, -1]), Wb), V, act);
}

/** Lets the event loop turn (a worker's pause message gets in) between slices of long work. */
export const yieldTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Raw logits f(θ) for pre-activations Z. */
export function logitsFromEmbedding(Z: tf.Tensor2D, V: tf.Tensor2D, act: Activation): tf.Tensor2D {
  return tf.matMul(activate(Z, act), V);
}

/** The output the loss sees: f(θ), or α·(f(θ) − f(θ₀)) when centered. */
export function modelOutput(raw: tf.Tensor2D, f0: tf.Tensor2D | null, alpha: number | null): tf.Tensor2D {
  if (alpha === null || f0 === null) return raw;
  return tf.mul(tf.sub(raw, f0), alpha);
}

/**
 * A fixed list of pairs, with what is needed to gather their embeddings and to
 * scatter gradients back onto W_a and W_b.
 *
 * Kernels differ by backend because costs differ a lot. Measured in Node on
 * wasm, p = 47 / 97, h = 128, N = 884 / 2823 rows: tf.gather 5.1 / 16–19 ms
 * against tf.gatherND 0.34 / 2.3–2.7 ms; for the gradient, a one-hot (p×N)
 * matmul 0.46 / 2.9 ms against sparseSegmentSum 0.08–0.17 ms. wasm has no
 * UnsortedSegmentSum kernel, while WebGL implements sparseSegmentSum on the CPU
 * (a full readback), so GPU backends use gather + unsortedSegmentSum. The pure-JS
 * cpu backend takes the wasm path too: its unsortedSegmentSum made a fast-preset
 * step take 1,990 ms against 140 ms with gatherND + sparseSegmentSum (Node).
 */
export interface PairIndex {
  /** Z = W_a[a] + W_b[b], one row per pair. */
  embed(Wa: tf.Tensor2D, Wb: tf.Tensor2D): tf.Tensor2D;
  /** Gradients of W_a and W_b given the gradient of Z. */
  scatter(dZ: tf.Tensor2D): { gWa: tf.Tensor2D; gWb: tf.Tensor2D };
  dispose(): void;
}

/** `pairs` holds pair indices a·p + b. Call inside no tidy: the index keeps its tensors. */
export function createPairIndex(pairs: Int32Array, p: number, backend: string): PairIndex {
  const n = pairs.length;
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const pair = pairs[i] ?? 0;
    a[i] = Math.floor(pair / p);
    b[i] = pair % p;
  }
  return backend === 'wasm' || backend === 'cpu' ? wasmPairIndex(a, b, p) : segmentPairIndex(a, b, p);
}

function segmentPairIndex(a: Int32Array, b: Int32Array, p: number): PairIndex {
  const aT = tf.tensor1d(a, 'int32');
  const bT = tf.tensor1d(b, 'int32');
  return {
    embed: (Wa, Wb) => tf.add(tf.gather(Wa, aT), tf.gather(Wb, bT)),
    scatter: (dZ) => ({ gWa: tf.unsortedSegmentSum(dZ, aT, p), gWb: tf.unsortedSegmentSum(dZ, bT, p) }),
    dispose: () => {
      aT.dispose();
      bT.dispose();
    },
  };
}

interface SortedSegments {
  readonly rowOrder: tf.Tensor1D;
  readonly segmentIds: tf.Tensor1D;
  /** sparseSegmentSum returns max(id) + 1 rows; the missing tail rows are zeros to append. */
  readonly missingTail: number;
}

function sortedSegments(ids: Int32Array, p: number): SortedSegments {
  const order = Int32Array.from(ids.keys()).sort((i, j) => (ids[i] ?? 0) - (ids[j] ?? 0) || i - j);
  const sorted = order.map((i) => ids[i] ?? 0);
  const maxId = sorted.length > 0 ? (sorted[sorted.length - 1] ?? 0) : -1;
  return {
    rowOrder: tf.tensor1d(order, 'int32'),
    segmentIds: tf.tensor1d(sorted, 'int32'),
    missingTail: p - 1 - maxId,
  };
}

function wasmPairIndex(a: Int32Array, b: Int32Array, p: number): PairIndex {
  const n = a.length;
  const aT = tf.tensor2d(a, [n, 1], 'int32');
  const bT = tf.tensor2d(b, [n, 1], 'int32');
  const segA = sortedSegments(a, p);
  const segB = sortedSegments(b, p);
  const sum = (dZ: tf.Tensor2D, s: SortedSegments): tf.Tensor2D => {
    const g = tf.sparse.sparseSegmentSum(dZ, s.rowOrder, s.segmentIds) as tf.Tensor2D;
    return s.missingTail > 0 ? tf.concat([g, tf.zeros([s.missingTail, dZ.shape[1]])], 0) : g;
  };
  return {
    embed: (Wa, Wb) => tf.add(tf.gatherND(Wa, aT), tf.gatherND(Wb, bT)) as tf.Tensor2D,
    scatter: (dZ) => ({ gWa: sum(dZ, segA), gWb: sum(dZ, segB) }),
    dispose: () => {
      tf.dispose([aT, bT, segA.rowOrder, segA.segmentIds, segB.rowOrder, segB.segmentIds]);
    },
  };
}
