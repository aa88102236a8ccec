/**
 * Kernel regression with the network's eNTK on a p×p table (issue 4): the
 * "kernel regime" of Mohamadi et al. (2024) made computable in the worker.
 *
 * Which kernel. The full eNTK of the p-output network is an (n·p)×(n·p)
 * matrix of p×p class blocks,
 *
 *   Θ[(x,c),(x',c')] = δ_cc'·Φ(x)·Φ(x') + S(x,x')·Σ_i V_ic V_ic' act'(Z_i(x)) act'(Z_i(x')),
 *
 * with Z = W_a[a] + W_b[b], Φ = act(Z) and S = [a = a'] + [b = b']. We use
 * k(x,x') ⊗ I_p with k = tr(block)/p, the output-trace kernel of metrics.ts
 * divided by p, because:
 *  - the V part (the larger one at init: ≈ h against ≈ 2S² per class) already
 *    is exactly Φ·Φ' ⊗ I_p, at any θ;
 *  - at init E[V_ic V_ic'] = δ_cc'/h, so the *expected* eNTK is exactly
 *    k̄ ⊗ I_p (expectedKernelValues): the infinite-width kernel the paper's
 *    lower bounds are about has this form, and only finite-width noise sits
 *    off the block diagonal;
 *  - a shared kernel solves all p one-hot targets with one Cholesky factor,
 *    O(n³/3) instead of O((np)³/3), which is what makes p = 47 live. For
 *    p = 13, 17 scripts/separation.ts compares it with the full block kernel
 *    (blockKernelRegression) and stores the agreement.
 *  - permuting the classes permutes the target columns and nothing else, so
 *    argmax regression with k ⊗ I_p is equivariant in the sense of the
 *    paper's Thm 4.3 whenever k is (symmetry.ts checks it).
 *
 * The regression targets the centered output α(f(θ) − f(θ₀)) the engine's
 * lazy runs train, which starts at 0: the kernel predictor is then
 * K(x,X)(K + λI)⁻¹Y with no offset, i.e. where lazy training with MSE goes as
 * α → ∞. α² only rescales K, and the ridge is relative to the mean of
 * diag K, so α drops out.
 *
 * Plain float64 TypeScript and no tfjs: the results are the same bit for bit
 * on every backend (so stored data can be regenerated exactly), the ridge can
 * be tiny (float32 would not resolve it) and at these sizes a blocked JS
 * Cholesky is fast enough: p = 47 at fraction 0.9 (n = 1988, h = 128) took
 * 1.3 s in Node on a busy 2-core machine (0.26 s building K, 1.0 s to factor
 * and solve), p = 31 at 0.9 (n = 865, h = 256) 0.19 s.
 */
import type { Activation } from './config.ts';
import type { Params } from './model.ts';
import type { TrainerSnapshot } from './train.ts';

/** The task as the kernel sees it: any p×p table of classes and a split of its cells. */
export interface PairSplit {
  readonly p: number;
  /** Class of every pair index a·p + b (p² entries). */
  readonly labels: Int32Array;
  readonly trainIdx: Int32Array;
  readonly testIdx: Int32Array;
}

/** Network weights in the engine's layout: W_a, W_b p×h and V h×p, row-major. */
export interface NetworkWeights {
  readonly p: number;
  readonly h: number;
  readonly activation: Activation;
  readonly params: Params<ArrayLike<number>>;
}

export type KernelSource =
  /** The expected eNTK at init for width h (square activation): a function of S alone. */
  | { readonly kind: 'expected'; readonly width: number }
  /** The eNTK at these weights (θ₀, or any later snapshot). */
  | { readonly kind: 'empirical'; readonly weights: NetworkWeights };

/**
 * Ridge λ relative to the mean of diag K. Small enough that the fit is an
 * interpolation (train accuracy 1; the W part alone has eigenvalues ≈ 1e5×
 * larger), large enough to keep the factorization clear of rounding.
 * lazyrich.md used the same value.
 */
export const DEFAULT_RELATIVE_RIDGE = 1e-6;

/** θ₀ or the current weights of a trainer snapshot. */
export function weightsFromSnapshot(snapshot: TrainerSnapshot, which: 'init' | 'params'): NetworkWeights {
  return {
    p: snapshot.config.p,
    h: snapshot.config.width,
    activation: snapshot.config.activation,
    params: snapshot[which],
  };
}

/**
 * Expected per-class eNTK at init, E[k(x,x')], for S = 0, 1, 2, with
 * W ~ N(0, 1/2) and V ~ N(0, 1/h) (initScale 1; a scale s multiplies all three
 * by s⁴, which the relative ridge ignores). Z(x), Z(x') are standard normal
 * per neuron with covariance ρ = S/2, so
 *   V part:  Σ_i E[Z_i² Z_i'²] = h(1 + 2ρ²) = h(1 + S²/2),
 *   W part:  S·Σ_i E[V_ic²]·E[2Z_i·2Z_i'] = S·h·(1/h)·4ρ = 2S²,
 * and the V, W draws are independent. This is lazyrich.md's K∞ divided by p.
 */
export function expectedKernelValues(width: number): readonly [number, number, number] {
  const k = (S: number): number => width * (1 + (S * S) / 2) + 2 * S * S;
  return [k(0), k(1), k(2)];
}

/** Per-pair feature rows for the empirical kernel: k = F·F' + S·G·G'. */
interface Features {
  readonly h: number;
  /** Φ(x), one row of h per pair. */
  readonly F: Float64Array;
  /** act'(Z(x))·√(s/p), s_i = Σ_c V_ic². */
  readonly G: Float64Array;
}

function features(w: NetworkWeights, pairs: Int32Array): Features {
  const { p, h, activation, params } = w;
  const scale = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    let s = 0;
    for (let c = 0; c < p; c++) {
      const v = params.V[i * p + c] ?? 0;
      s += v * v;
    }
    scale[i] = Math.sqrt(s / p);
  }
  const n = pairs.length;
  const F = new Float64Array(n * h);
  const G = new Float64Array(n * h);
  for (let r = 0; r < n; r++) {
    const pair = pairs[r] ?? 0;
    const a = Math.floor(pair / p);
    const b = pair % p;
    for (let i = 0; i < h; i++) {
      const z = (params.Wa[a * h + i] ?? 0) + (params.Wb[b * h + i] ?? 0);
      const sq = activation === 'square';
      F[r * h + i] = sq ? z * z : Math.max(z, 0);
      G[r * h + i] = (sq ? 2 * z : z > 0 ? 1 : 0) * (scale[i] ?? 0);
    }
  }
  return { h, F, G };
}

function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < len; k += 2) {
    s0 += x[xo + k]! * y[yo + k]!;
    s1 += x[xo + k + 1]! * y[yo + k + 1]!;
  }
  if (k < len) s0 += x[xo + k]! * y[yo + k]!;
  return s0 + s1;
}

/**
 * out[i·n + j] = X_i · Y_j for i < m, j < n (rows of length h). With `lower`,
 * X = Y and only j ≤ i is written. 4×2 register blocks: each value loaded
 * is used 2–4 times; in V8 this ran at 0.65–0.75 ns per multiply-add against
 * 1.2 for 2×2 and 1.3 for 4×4 (which spills registers).
 */
function gram(X: Float64Array, m: number, Y: Float64Array, n: number, h: number, out: Float64Array, lower: boolean): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const x0 = i * h;
    const x1 = x0 + h;
    const x2 = x1 + h;
    const x3 = x2 + h;
    const o0 = i * n;
    // Pairs (j, j + 1) that every row of the block needs; the rest one by one.
    const lastPairEnd = lower ? i : n - 1;
    let j = 0;
    for (; j + 1 <= lastPairEnd; j += 2) {
      const y0 = j * h;
      const y1 = y0 + h;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      let s20 = 0;
      let s21 = 0;
      let s30 = 0;
      let s31 = 0;
      for (let k = 0; k < h; k++) {
        const b0 = Y[y0 + k]!;
        const b1 = Y[y1 + k]!;
        const a0 = X[x0 + k]!;
        const a1 = X[x1 + k]!;
        const a2 = X[x2 + k]!;
        const a3 = X[x3 + k]!;
        s00 += a0 * b0;
        s01 += a0 * b1;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s20 += a2 * b0;
        s21 += a2 * b1;
        s30 += a3 * b0;
        s31 += a3 * b1;
      }
      out[o0 + j] = s00;
      out[o0 + j + 1] = s01;
      out[o0 + n + j] = s10;
      out[o0 + n + j + 1] = s11;
      out[o0 + 2 * n + j] = s20;
      out[o0 + 2 * n + j + 1] = s21;
      out[o0 + 3 * n + j] = s30;
      out[o0 + 3 * n + j + 1] = s31;
    }
    const jEnd = lower ? i + 4 : n;
    for (; j < jEnd; j++) {
      for (let r = 0; r < 4; r++) {
        if (lower && j > i + r) continue;
        out[o0 + r * n + j] = dot(X, x0 + r * h, Y, j * h, h);
      }
    }
  }
  for (; i < m; i++) {
    const jEnd = lower ? i + 1 : n;
    for (let j = 0; j < jEnd; j++) out[i * n + j] = dot(X, i * h, Y, j * h, h);
  }
}

/** Kernel matrices per class: train n×n (lower triangle only: the solver reads no more) and test m×n. */
export interface KernelMatrices {
  readonly nTrain: number;
  readonly nTest: number;
  readonly train: Float64Array;
  readonly test: Float64Array;
}

/** S(x, x') = [a = a'] + [b = b'] for pair indices. */
export function sharedInputs(x: number, y: number, p: number): number {
  return (Math.floor(x / p) === Math.floor(y / p) ? 1 : 0) + (x % p === y % p ? 1 : 0);
}

/**
 * For each row pair, the pairs of `cols` that share its a or its b, found via
 * per-value buckets: the S > 0 entries are only ~2p of each row's n.
 */
function forEachShared(rows: Int32Array, cols: Int32Array, p: number, visit: (r: number, c: number, S: number) => void): void {
  const byA: number[][] = Array.from({ length: p }, () => []);
  const byB: number[][] = Array.from({ length: p }, () => []);
  cols.forEach((pair, c) => {
    byA[Math.floor(pair / p)]!.push(c);
    byB[pair % p]!.push(c);
  });
  rows.forEach((pair, r) => {
    const a = Math.floor(pair / p);
    const b = pair % p;
    for (const c of byA[a]!) visit(r, c, (cols[c]! % p === b ? 1 : 0) + 1);
    // Same b but a different a (same a was counted above).
    for (const c of byB[b]!) if (Math.floor(cols[c]! / p) !== a) visit(r, c, 1);
  });
}

export function buildKernels(source: KernelSource, split: PairSplit): KernelMatrices {
  const { p, trainIdx, testIdx } = split;
  const n = trainIdx.length;
  const m = testIdx.length;
  const train = new Float64Array(n * n);
  const test = new Float64Array(m * n);
  if (source.kind === 'expected') {
    const [k0, k1, k2] = expectedKernelValues(source.width);
    const kOf = [k0, k1, k2];
    train.fill(k0);
    test.fill(k0);
    forEachShared(trainIdx, trainIdx, p, (r, c, S) => {
      if (c <= r) train[r * n + c] = kOf[S]!;
    });
    forEachShared(testIdx, trainIdx, p, (r, c, S) => (test[r * n + c] = kOf[S]!));
    return { nTrain: n, nTest: m, train, test };
  }
  const w = source.weights;
  if (w.p !== p) throw new Error(`The weights are for p = ${w.p}, the task has p = ${p}.`);
  const tr = features(w, trainIdx);
  const te = features(w, testIdx);
  const h = w.h;
  gram(tr.F, n, tr.F, n, h, train, true);
  gram(te.F, m, tr.F, n, h, test, false);
  forEachShared(trainIdx, trainIdx, p, (r, c, S) => {
    if (c <= r) train[r * n + c]! += S * dot(tr.G, r * h, tr.G, c * h, h);
  });
  forEachShared(testIdx, trainIdx, p, (r, c, S) => (test[r * n + c]! += S * dot(te.G, r * h, tr.G, c * h, h)));
  return { nTrain: n, nTest: m, train, test };
}

/** Panel width of the Cholesky: the packed n×64 panel (1 MB at n = 2000) stays in L2. */
const NB = 64;

/**
 * In-place lower Cholesky A = LLᵀ of a symmetric positive-definite n×n
 * row-major matrix; only the lower triangle is read or written. Right-looking
 * and blocked: each panel of NB columns is copied to a contiguous buffer,
 * factored there, and the trailing update A −= PPᵀ (≈ n³/6 multiply-adds, all
 * the cost) reads only that buffer, in 4×2 register blocks. Against the
 * unblocked loop over A this was ~1.5× faster at n = 1988 (rows of A are
 * 16 KB apart, so column walks miss cache and TLB). Throws if a pivot is not
 * positive.
 */
export function choleskyInPlace(A: Float64Array, n: number): void {
  for (const _ of choleskyPanels(A, n));
}

/**
 * choleskyInPlace one panel at a time, yielding the share of the work done
 * (1 − (rows left / n)³) after each, so a worker can answer messages or
 * report progress between panels (≈ 31 yields at n = 1988).
 */
export function* choleskyPanels(A: Float64Array, n: number): Generator<number, void, void> {
  const P = new Float64Array(n * NB);
  for (let k0 = 0; k0 < n; k0 += NB) {
    const nb = Math.min(NB, n - k0);
    const rows = n - k0;
    for (let r = 0; r < rows; r++) {
      const src = (k0 + r) * n + k0;
      const len = Math.min(nb, r + 1);
      for (let k = 0; k < len; k++) P[r * nb + k] = A[src + k]!;
    }
    for (let j = 0; j < nb; j++) {
      const jr = j * nb;
      let d = P[jr + j]!;
      for (let k = 0; k < j; k++) d -= P[jr + k]! * P[jr + k]!;
      if (!(d > 0)) throw new Error(`The kernel matrix is not positive definite (pivot ${k0 + j}: ${d}).`);
      const ljj = Math.sqrt(d);
      P[jr + j] = ljj;
      const inv = 1 / ljj;
      for (let r = j + 1; r < rows; r++) {
        const rr = r * nb;
        let s = P[rr + j]!;
        for (let k = 0; k < j; k++) s -= P[rr + k]! * P[jr + k]!;
        P[rr + j] = s * inv;
      }
    }
    for (let r = 0; r < rows; r++) {
      const dst = (k0 + r) * n + k0;
      const len = Math.min(nb, r + 1);
      for (let k = 0; k < len; k++) A[dst + k] = P[r * nb + k]!;
    }
    trailingUpdate(A, n, k0, P, nb, rows);
    yield 1 - ((rows - nb) / n) ** 3;
  }
}

/** A[k0+i][k0+j] −= P_i·P_j for nb ≤ j ≤ i < rows (indices local to the panel). */
function trailingUpdate(A: Float64Array, n: number, k0: number, P: Float64Array, nb: number, rows: number): void {
  let i = nb;
  for (; i + 3 < rows; i += 4) {
    const p0 = i * nb;
    const p1 = p0 + nb;
    const p2 = p1 + nb;
    const p3 = p2 + nb;
    const a0 = (k0 + i) * n + k0;
    let j = nb;
    for (; j + 1 <= i; j += 2) {
      const q0 = j * nb;
      const q1 = q0 + nb;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      let s20 = 0;
      let s21 = 0;
      let s30 = 0;
      let s31 = 0;
      for (let k = 0; k < nb; k++) {
        const b0 = P[q0 + k]!;
        const b1 = P[q1 + k]!;
        const x0 = P[p0 + k]!;
        const x1 = P[p1 + k]!;
        const x2 = P[p2 + k]!;
        const x3 = P[p3 + k]!;
        s00 += x0 * b0;
        s01 += x0 * b1;
        s10 += x1 * b0;
        s11 += x1 * b1;
        s20 += x2 * b0;
        s21 += x2 * b1;
        s30 += x3 * b0;
        s31 += x3 * b1;
      }
      A[a0 + j]! -= s00;
      A[a0 + j + 1]! -= s01;
      A[a0 + n + j]! -= s10;
      A[a0 + n + j + 1]! -= s11;
      A[a0 + 2 * n + j]! -= s20;
      A[a0 + 2 * n + j + 1]! -= s21;
      A[a0 + 3 * n + j]! -= s30;
      A[a0 + 3 * n + j + 1]! -= s31;
    }
    for (; j <= i + 3; j++) {
      for (let r = Math.max(0, j - i); r < 4; r++) A[a0 + r * n + j]! -= dot(P, p0 + r * nb, P, j * nb, nb);
    }
  }
  for (; i < rows; i++) {
    const ar = (k0 + i) * n + k0;
    for (let j = nb; j <= i; j++) A[ar + j]! -= dot(P, i * nb, P, j * nb, nb);
  }
}

/**
 * out (m×k) = M (m×n, row stride n) · X (n×k), four rows of X per pass so
 * each read-modify-write of out carries four multiply-adds.
 */
function multiplyInto(M: Float64Array, m: number, n: number, X: Float64Array, k: number, out: Float64Array): void {
  for (let t = 0; t < m; t++) {
    const mr = t * n;
    const o = t * k;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const l0 = M[mr + j]!;
      const l1 = M[mr + j + 1]!;
      const l2 = M[mr + j + 2]!;
      const l3 = M[mr + j + 3]!;
      const b0 = j * k;
      for (let c = 0; c < k; c++) {
        out[o + c]! += l0 * X[b0 + c]! + l1 * X[b0 + k + c]! + l2 * X[b0 + 2 * k + c]! + l3 * X[b0 + 3 * k + c]!;
      }
    }
    for (; j < n; j++) {
      const l = M[mr + j]!;
      const b = j * k;
      for (let c = 0; c < k; c++) out[o + c]! += l * X[b + c]!;
    }
  }
}

/** Solves LLᵀX = B in place for B n×k row-major, L from choleskyInPlace. */
export function choleskySolveInPlace(L: Float64Array, n: number, B: Float64Array, k: number): void {
  // Forward, row by row: B_i −= Σ_{j<i} L_ij B_j reads row i of L, four j at a time.
  for (let i = 0; i < n; i++) {
    const ir = i * n;
    const bi = i * k;
    let j = 0;
    for (; j + 3 < i; j += 4) {
      const l0 = L[ir + j]!;
      const l1 = L[ir + j + 1]!;
      const l2 = L[ir + j + 2]!;
      const l3 = L[ir + j + 3]!;
      const b0 = j * k;
      for (let c = 0; c < k; c++) {
        B[bi + c]! -= l0 * B[b0 + c]! + l1 * B[b0 + k + c]! + l2 * B[b0 + 2 * k + c]! + l3 * B[b0 + 3 * k + c]!;
      }
    }
    for (; j < i; j++) {
      const l = L[ir + j]!;
      const bj = j * k;
      for (let c = 0; c < k; c++) B[bi + c]! -= l * B[bj + c]!;
    }
    const inv = 1 / L[ir + i]!;
    for (let c = 0; c < k; c++) B[bi + c]! *= inv;
  }
  // Backward with Lᵀ, four rows at a time: finish rows lo…hi−1, then push them
  // into every row j < lo (reading rows of L, never its columns).
  for (let hi = n; hi > 0; hi -= 4) {
    const lo = Math.max(0, hi - 4);
    for (let i = hi - 1; i >= lo; i--) {
      const ir = i * n;
      const bi = i * k;
      const inv = 1 / L[ir + i]!;
      for (let c = 0; c < k; c++) B[bi + c]! *= inv;
      for (let j = lo; j < i; j++) {
        const l = L[ir + j]!;
        const bj = j * k;
        for (let c = 0; c < k; c++) B[bj + c]! -= l * B[bi + c]!;
      }
    }
    if (hi - lo === 4) {
      const r0 = lo * n;
      const b0 = lo * k;
      for (let j = 0; j < lo; j++) {
        const l0 = L[r0 + j]!;
        const l1 = L[r0 + n + j]!;
        const l2 = L[r0 + 2 * n + j]!;
        const l3 = L[r0 + 3 * n + j]!;
        const bj = j * k;
        for (let c = 0; c < k; c++) {
          B[bj + c]! -= l0 * B[b0 + c]! + l1 * B[b0 + k + c]! + l2 * B[b0 + 2 * k + c]! + l3 * B[b0 + 3 * k + c]!;
        }
      }
    } else {
      for (let i = lo; i < hi; i++) {
        for (let j = 0; j < lo; j++) {
          const l = L[i * n + j]!;
          for (let c = 0; c < k; c++) B[j * k + c]! -= l * B[i * k + c]!;
        }
      }
    }
  }
}

export interface RegressionOptions {
  /** λ / mean(diag K); default DEFAULT_RELATIVE_RIDGE. */
  readonly relativeRidge?: number;
}

/** What the kernel predicts on the test pairs, and the evidence for why. */
export interface KernelRegressionResult {
  readonly p: number;
  readonly nTrain: number;
  readonly nTest: number;
  /** The absolute λ that was added to diag K. */
  readonly ridge: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  /** Per test pair, in split.testIdx order. */
  readonly predicted: Int32Array;
  /** Scores of the p classes per test pair, nTest×p row-major. */
  readonly scores: Float64Array;
  /**
   * Rank of the true class: 1 = predicted (ties go to the lower class, as in
   * argmax), p = scored lowest.
   */
  readonly trueRank: Int32Array;
  /** Score of the true class minus the best other one (> 0 iff correct). */
  readonly margin: Float32Array;
  /**
   * Training pairs that share the test pair's row a or column b and carry
   * class c, nTest×p row-major. For addition (any Latin square) the true
   * class's count is always 0: the only cell of row a with class a+b, and the
   * only one of column b, is (a, b) itself, which is a test pair.
   */
  readonly neighbourCounts: Uint8Array;
  /** neighbourCounts at the true class, per test pair. */
  readonly trueLabelNeighbours: Uint8Array;
  /** Share of test pairs whose true class scored lowest of all p. */
  readonly bottomShare: number;
  /** Mean score of (test pair, class) cells by their neighbour count 0, 1, 2, and that of the true class. */
  readonly meanScoreByNeighbours: readonly [number, number, number];
  readonly meanTrueScore: number;
  readonly ms: { readonly kernel: number; readonly solve: number; readonly predict: number };
}

export function kernelRegression(source: KernelSource, split: PairSplit, options: RegressionOptions = {}): KernelRegressionResult {
  const steps = kernelRegressionSteps(source, split, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * kernelRegression in slices, yielding progress in [0, 1] after building K
 * and after each Cholesky panel (≤ ~0.1 s each at n = 2000, the first panels
 * being the largest), so a worker can interleave messages; the generator's
 * return value is the result.
 */
export function* kernelRegressionSteps(
  source: KernelSource,
  split: PairSplit,
  options: RegressionOptions = {},
): Generator<number, KernelRegressionResult, void> {
  const t0 = performance.now();
  const K = buildKernels(source, split);
  const t1 = performance.now();
  // Building takes ~20% of the time at p = 47 (h = 128); the factorization most of the rest.
  yield 0.2;
  const { p } = split;
  const n = K.nTrain;
  const m = K.nTest;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += K.train[i * n + i]!;
  const ridge = (options.relativeRidge ?? DEFAULT_RELATIVE_RIDGE) * (n > 0 ? trace / n : 1);
  for (let i = 0; i < n; i++) K.train[i * n + i]! += ridge;
  const Y = oneHot(split.labels, split.trainIdx, p);
  const coef = Y.slice();
  for (const done of choleskyPanels(K.train, n)) yield 0.2 + 0.7 * done;
  choleskySolveInPlace(K.train, n, coef, p);
  const t2 = performance.now();

  // Train scores without a product: K·A = Y − λA since (K + λI)A = Y.
  let trainRight = 0;
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < p; c++) row[c] = Y[i * p + c]! - ridge * coef[i * p + c]!;
    if (argmax(row) === split.labels[split.trainIdx[i]!]) trainRight += 1;
  }

  const scores64 = new Float64Array(m * p);
  multiplyInto(K.test, m, n, coef, p, scores64);
  const diag = diagnose(split, scores64);
  const t3 = performance.now();
  return {
    p,
    nTrain: n,
    nTest: m,
    ridge,
    trainAccuracy: n > 0 ? trainRight / n : 0,
    ...diag,
    scores: scores64,
    ms: { kernel: t1 - t0, solve: t2 - t1, predict: t3 - t2 },
  };
}

function oneHot(labels: Int32Array, idx: Int32Array, p: number): Float64Array {
  const Y = new Float64Array(idx.length * p);
  idx.forEach((pair, i) => (Y[i * p + labels[pair]!] = 1));
  return Y;
}

function argmax(xs: ArrayLike<number>, offset = 0, len = xs.length): number {
  let best = 0;
  let bestV = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < len; c++) {
    const v = xs[offset + c]!;
    if (v > bestV) {
      bestV = v;
      best = c;
    }
  }
  return best;
}

/** Training pairs sharing row a or column b with each test pair, by class: nTest×p. */
export function neighbourCounts(split: PairSplit): Uint8Array {
  const { p, labels, trainIdx, testIdx } = split;
  const isTrain = new Uint8Array(p * p);
  for (const i of trainIdx) isTrain[i] = 1;
  const out = new Uint8Array(testIdx.length * p);
  testIdx.forEach((pair, t) => {
    const a = Math.floor(pair / p);
    const b = pair % p;
    for (let j = 0; j < p; j++) {
      // Row a, then column b; (a, b) itself is a test pair, so nothing is counted twice.
      const inRow = a * p + j;
      const inCol = j * p + b;
      if (isTrain[inRow]) out[t * p + labels[inRow]!]! += 1;
      if (isTrain[inCol]) out[t * p + labels[inCol]!]! += 1;
    }
  });
  return out;
}

type Diagnosis = Pick<
  KernelRegressionResult,
  | 'testAccuracy'
  | 'predicted'
  | 'trueRank'
  | 'margin'
  | 'neighbourCounts'
  | 'trueLabelNeighbours'
  | 'bottomShare'
  | 'meanScoreByNeighbours'
  | 'meanTrueScore'
>;

function diagnose(split: PairSplit, scores: Float64Array): Diagnosis {
  const { p, labels, testIdx } = split;
  const m = testIdx.length;
  const counts = neighbourCounts(split);
  const predicted = new Int32Array(m);
  const trueRank = new Int32Array(m);
  const margin = new Float32Array(m);
  const trueLabelNeighbours = new Uint8Array(m);
  const sumBy = [0, 0, 0];
  const nBy = [0, 0, 0];
  let right = 0;
  let bottom = 0;
  let trueSum = 0;
  for (let t = 0; t < m; t++) {
    const y = labels[testIdx[t]!]!;
    const o = t * p;
    predicted[t] = argmax(scores, o, p);
    if (predicted[t] === y) right += 1;
    const sy = scores[o + y]!;
    let above = 0;
    let lower = 0;
    let bestOther = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < p; c++) {
      const s = scores[o + c]!;
      const k = Math.min(counts[o + c]!, 2);
      sumBy[k]! += s;
      nBy[k]! += 1;
      if (c === y) continue;
      if (s > sy || (s === sy && c < y)) above += 1;
      if (s < sy) lower += 1;
      if (s > bestOther) bestOther = s;
    }
    trueRank[t] = above + 1;
    if (lower === 0 && p > 1) bottom += 1;
    margin[t] = sy - bestOther;
    trueLabelNeighbours[t] = counts[o + y]!;
    trueSum += sy;
  }
  const mean = (k: number): number => (nBy[k]! > 0 ? sumBy[k]! / nBy[k]! : Number.NaN);
  return {
    testAccuracy: m > 0 ? right / m : 0,
    predicted,
    trueRank,
    margin,
    neighbourCounts: counts,
    trueLabelNeighbours,
    bottomShare: m > 0 ? bottom / m : 0,
    meanScoreByNeighbours: [mean(0), mean(1), mean(2)],
    meanTrueScore: m > 0 ? trueSum / m : Number.NaN,
  };
}

/**
 * Regression with the full (n·p)×(n·p) class-block eNTK Θ (see the top of
 * this file), for checking that k ⊗ I_p predicts the same. O((np)³): tests and
 * scripts only, at p ≤ 17.
 */
export function blockKernelRegression(
  weights: NetworkWeights,
  split: PairSplit,
  options: RegressionOptions = {},
): { readonly testAccuracy: number; readonly predicted: Int32Array; readonly scores: Float64Array } {
  const { p, h, activation, params } = weights;
  const { trainIdx, testIdx } = split;
  const n = trainIdx.length;
  const m = testIdx.length;
  const rows = (pairs: Int32Array) => {
    const tmp: NetworkWeights = { p, h, activation, params: { ...params, V: new Float64Array(h * p).fill(1) } };
    // With V = 1 the features' G is act'(Z) (the √(s/p) factor is then 1).
    return features(tmp, pairs);
  };
  const tr = rows(trainIdx);
  const te = rows(testIdx);
  const V = params.V;
  const entry = (Fx: Features, x: number, Fy: Features, y: number, S: number, c: number, d: number): number => {
    let v = c === d ? dot(Fx.F, x * h, Fy.F, y * h, h) : 0;
    if (S > 0) {
      let w = 0;
      for (let i = 0; i < h; i++) w += V[i * p + c]! * V[i * p + d]! * Fx.G[x * h + i]! * Fy.G[y * h + i]!;
      v += S * w;
    }
    return v;
  };
  const N = n * p;
  const K = new Float64Array(N * N);
  let trace = 0;
  for (let x = 0; x < n; x++) {
    for (let y = 0; y <= x; y++) {
      const S = sharedInputs(trainIdx[x]!, trainIdx[y]!, p);
      for (let c = 0; c < p; c++) {
        for (let d = 0; d < p; d++) {
          const v = entry(tr, x, tr, y, S, c, d);
          K[(x * p + c) * N + y * p + d] = v;
          K[(y * p + d) * N + x * p + c] = v;
        }
      }
    }
  }
  for (let i = 0; i < N; i++) trace += K[i * N + i]!;
  const ridge = (options.relativeRidge ?? DEFAULT_RELATIVE_RIDGE) * (trace / N);
  for (let i = 0; i < N; i++) K[i * N + i]! += ridge;
  const coef = oneHot(split.labels, trainIdx, p);
  choleskyInPlace(K, N);
  choleskySolveInPlace(K, N, coef, 1);
  const scores = new Float64Array(m * p);
  const predicted = new Int32Array(m);
  let right = 0;
  for (let t = 0; t < m; t++) {
    for (let y = 0; y < n; y++) {
      const S = sharedInputs(testIdx[t]!, trainIdx[y]!, p);
      for (let c = 0; c < p; c++) {
        let s = 0;
        for (let d = 0; d < p; d++) {
          if (c !== d && S === 0) continue;
          s += entry(te, t, tr, y, S, c, d) * coef[y * p + d]!;
        }
        scores[t * p + c]! += s;
      }
    }
    predicted[t] = argmax(scores, t * p, p);
    if (predicted[t] === split.labels[testIdx[t]!]) right += 1;
  }
  return { testAccuracy: m > 0 ? right / m : 0, predicted, scores };
}
