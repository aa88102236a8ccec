/**
 * The symmetry argument (Mohamadi et al. 2024, Def. 3.2, Prop. 4.2, Thm 4.3):
 * relabel the inputs a, b and the output c by independent permutations
 * σ_a, σ_b, σ_c. Addition becomes a scrambled table of the same shape (still a
 * Latin square), and a permutation-equivariant kernel method gives exactly the
 * relabeled predictions on it — so it cannot use anything that is specific to
 * addition, and from a small fraction of the table it has nothing to go on.
 *
 * - The expected eNTK at init depends only on S = [a = a'] + [b = b'], which
 *   relabeling keeps: equivariant for every σ.
 * - One finite-width draw θ₀ is not: its rows W_a[a] belong to particular
 *   values of a. It is equivariant only if θ₀ is permuted along (W_a'[σ_a(a)]
 *   = W_a[a], …) — which is why the theorem holds in distribution over the
 *   init, an i.i.d. draw being as likely as its permuted copy.
 * - A trained network's eNTK carries Fourier features of a and b; relabeling
 *   the task (but not the weights) breaks them (scripts/separation.ts measures it).
 */
import {
  kernelRegression,
  type KernelRegressionResult,
  type KernelSource,
  type NetworkWeights,
  type PairSplit,
  type RegressionOptions,
} from './kernel.ts';
import type { Rng } from './rng.ts';

/** σ_a, σ_b, σ_c as arrays: value v ↦ σ[v]. */
export interface Relabeling {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly c: Int32Array;
}

export function randomRelabeling(p: number, rng: Rng): Relabeling {
  const perm = (): Int32Array => rng.shuffle(Int32Array.from({ length: p }, (_, i) => i));
  return { a: perm(), b: perm(), c: perm() };
}

function mapPair(pair: number, p: number, s: Relabeling): number {
  return s.a[Math.floor(pair / p)]! * p + s.b[pair % p]!;
}

/**
 * The relabeled task: cell (σ_a(a), σ_b(b)) holds σ_c(label(a, b)), and the
 * split holds the same cells, moved. Pair lists come back sorted: a split is a
 * set, and the new order (unlike a mapped list) differs from the original, so
 * an equivariance check also exercises order independence.
 */
export function relabelSplit(split: PairSplit, s: Relabeling): PairSplit {
  const { p } = split;
  const labels = new Int32Array(p * p);
  for (let pair = 0; pair < p * p; pair++) labels[mapPair(pair, p, s)] = s.c[split.labels[pair]!]!;
  const move = (idx: Int32Array): Int32Array => Int32Array.from(idx, (pair) => mapPair(pair, p, s)).sort();
  return { p, labels, trainIdx: move(split.trainIdx), testIdx: move(split.testIdx) };
}

/** Weights moved with the relabeling: W_a'[σ_a(a)] = W_a[a], W_b'[σ_b(b)] = W_b[b], V'[:, σ_c(c)] = V[:, c]. */
export function relabelWeights(w: NetworkWeights, s: Relabeling): NetworkWeights {
  const { p, h } = w;
  const Wa = new Float64Array(p * h);
  const Wb = new Float64Array(p * h);
  const V = new Float64Array(h * p);
  for (let v = 0; v < p; v++) {
    for (let i = 0; i < h; i++) {
      Wa[s.a[v]! * h + i] = w.params.Wa[v * h + i]!;
      Wb[s.b[v]! * h + i] = w.params.Wb[v * h + i]!;
      V[i * p + s.c[v]!] = w.params.V[i * p + v]!;
    }
  }
  return { ...w, params: { Wa, Wb, V } };
}

export function relabelSource(source: KernelSource, s: Relabeling): KernelSource {
  return source.kind === 'expected' ? source : { kind: 'empirical', weights: relabelWeights(source.weights, s) };
}

export interface EquivarianceReport {
  /** max |score'(σx, σ_c c) − score(x, c)| over test pairs and classes, divided by max |score|. */
  readonly maxScoreDiff: number;
  /** Share of test pairs with pred'(σx) = σ_c(pred(x)). */
  readonly predictionAgreement: number;
  readonly accuracy: number;
  readonly relabeledAccuracy: number;
  readonly original: KernelRegressionResult;
  readonly relabeled: KernelRegressionResult;
}

/**
 * Kernel regression on `split` with `original`, and on the relabeled split
 * with `relabeled` (relabelSource(original, s) to move the weights along, or
 * `original` itself to keep them), compared cell by cell.
 */
export function equivariance(
  split: PairSplit,
  s: Relabeling,
  original: KernelSource,
  relabeled: KernelSource,
  options: RegressionOptions = {},
): EquivarianceReport {
  const { p } = split;
  const moved = relabelSplit(split, s);
  const r0 = kernelRegression(original, split, options);
  const r1 = kernelRegression(relabeled, moved, options);
  const where = new Int32Array(p * p).fill(-1);
  moved.testIdx.forEach((pair, t) => (where[pair] = t));
  let maxDiff = 0;
  let maxAbs = 0;
  let agree = 0;
  split.testIdx.forEach((pair, t) => {
    const t1 = where[mapPair(pair, p, s)]!;
    for (let c = 0; c < p; c++) {
      const v0 = r0.scores[t * p + c]!;
      const v1 = r1.scores[t1 * p + s.c[c]!]!;
      maxDiff = Math.max(maxDiff, Math.abs(v1 - v0));
      maxAbs = Math.max(maxAbs, Math.abs(v0));
    }
    if (r1.predicted[t1] === s.c[r0.predicted[t]!]) agree += 1;
  });
  const m = split.testIdx.length;
  return {
    maxScoreDiff: maxAbs > 0 ? maxDiff / maxAbs : maxDiff,
    predictionAgreement: m > 0 ? agree / m : 1,
    accuracy: r0.testAccuracy,
    relabeledAccuracy: r1.testAccuracy,
    original: r0,
    relabeled: r1,
  };
}

/**
 * The paper's Fourier network (App. F, Remark F.1): 8 neurons per frequency
 * k = 1…(p−1)/2 with pre-activations cos ωn ± cos ωm, sin ωn ± sin ωm,
 * sin ωn ± cos ωm, cos ωn ± sin ωm, so that by (x+y)² − (x−y)² = 4xy the
 * output is f_q = 4Σ_k cos ω_k(n + m − q) = 2(p·[n + m ≡ q] − 1), for odd p.
 * Its eNTK is an addition-specific kernel: the control that shows the
 * kernel code does generalize when the features are right.
 */
export function fourierConstructionWeights(p: number): NetworkWeights {
  const K = Math.floor((p - 1) / 2);
  const h = 8 * K;
  const Wa = new Float64Array(p * h);
  const Wb = new Float64Array(p * h);
  const V = new Float64Array(h * p);
  // Per neuron: (first input term, sign, second input term, output term, output sign).
  const kinds: readonly ['cos' | 'sin', number, 'cos' | 'sin', 'cos' | 'sin', number][] = [
    ['cos', 1, 'cos', 'cos', 1],
    ['cos', -1, 'cos', 'cos', -1],
    ['sin', 1, 'sin', 'cos', -1],
    ['sin', -1, 'sin', 'cos', 1],
    ['sin', 1, 'cos', 'sin', 1],
    ['sin', -1, 'cos', 'sin', -1],
    ['cos', 1, 'sin', 'sin', 1],
    ['cos', -1, 'sin', 'sin', -1],
  ];
  const trig = (f: 'cos' | 'sin', k: number, x: number): number => {
    // (k·x) mod p keeps the angle small and exact.
    const angle = (2 * Math.PI * ((k * x) % p)) / p;
    return f === 'cos' ? Math.cos(angle) : Math.sin(angle);
  };
  for (let k = 1; k <= K; k++) {
    kinds.forEach(([fa, sign, fb, fq, vs], j) => {
      const i = (k - 1) * 8 + j;
      for (let x = 0; x < p; x++) {
        Wa[x * h + i] = trig(fa, k, x);
        Wb[x * h + i] = sign * trig(fb, k, x);
        V[i * p + x] = vs * trig(fq, k, x);
      }
    });
  }
  return { p, h, activation: 'square', params: { Wa, Wb, V } };
}
