/**
 * Everything the figures plot, computed from the current weights in one
 * batched pass over all p² pairs and read back in a single transfer (each
 * readback is a GPU sync on webgl/webgpu).
 */
import * as tf from '@tensorflow/tfjs-core';
import { metricsBlockInputs, type Activation, type LossKind } from './config.ts';
import type { Dataset } from './data.ts';
import { crossEntropyFromSoftmax, perSampleLoss } from './grads.ts';
import {
  activate,
  activationDerivative,
  createPairIndex,
  embedAll,
  logitsOfInputs,
  yieldTask,
  logitsFromEmbedding,
  modelOutput,
  PARAM_NAMES,
  type PairIndex,
  type ParamName,
  type Params,
} from './model.ts';
import { streamRng } from './rng.ts';

/**
 * A neuron is "tuned" to its dominant frequency when that frequency holds at
 * least this share of its non-constant Fourier power (summed over W_a, W_b and
 * V, each normalised so the layers count equally). At init a neuron's
 * strongest frequency holds 7–22% at p = 47 (12–34% at p = 23, so the test is
 * loose below p ≈ 20); after grokking over 90% of neurons pass it.
 */
export const TUNED_NEURON_SHARE = 0.5;
/** regpresets.md calls it collapse once more than half the training rows have loss exactly 0. */
export const COLLAPSE_ZERO_LOSS_FRACTION = 0.5;

export interface Spectrum {
  /**
   * Power per frequency k = 0…⌊p/2⌋ summed over neurons; k and p − k are
   * merged (the weights are real), so Σ_k power = p·‖W‖²_F (Parseval).
   */
  readonly power: Float64Array;
  /** Mean over neurons of the inverse participation ratio of their power spectrum (1 = one frequency). */
  readonly ipr: number;
}

export interface LayerNorms {
  readonly l2: number;
  readonly linf: number;
}

export interface Metrics {
  readonly step: number;
  readonly train: {
    readonly loss: number;
    readonly accuracy: number;
    /** Share of training pairs whose float32 loss is exactly 0 (softmax collapse). */
    readonly zeroLossFraction: number;
    /** Mean over training pairs of f_y − max_{c≠y} f_c (on the output the loss sees). */
    readonly margin: number;
  };
  readonly test: { readonly loss: number; readonly accuracy: number };
  readonly softmaxCollapse: boolean;
  readonly norms: Params<LayerNorms> & { readonly total: LayerNorms };
  /** ‖θ − θ₀‖ / ‖θ₀‖ over all weights. */
  readonly distanceFromInit: number;
  /** ‖K_t − K₀‖_F / ‖K₀‖_F for the output-trace eNTK on the probe pairs (see ntkKernel). */
  readonly ntkChange: number;
  /** W_a, W_b along the input axis; V along the output axis. */
  readonly fourier: Params<Spectrum> & { readonly neurons: NeuronTuning };
  /** The most tuned neurons' input weights as waves, and the embedding drawn as circles (see computeWaves). */
  readonly waves: Waves;
  /** By pair index a·p + b: the predicted class, and whether it is right. */
  readonly grid: { readonly predicted: Int32Array; readonly correct: Uint8Array };
}

/**
 * Empirical NTK of the outputs summed over classes — the trace of each p×p
 * block of the full (n·p)² kernel — on pairs x = (a, b), x' = (a', b'):
 *
 *   K(x, x') = α² [ p·Φ(x)·Φ(x') + S(x, x')·Σ_i s_i·act'(Z_i(x))·act'(Z_i(x')) ]
 *
 * with Z = W_a[a] + W_b[b], Φ = act(Z), s_i = Σ_c V_ic² and
 * S = [a = a'] + [b = b']. The first term is the V-Jacobian's, the second the
 * W_a- and W_b-Jacobians'. For the square act' = 2Z (lazyrich.md's formula).
 * Mohamadi et al. track ‖Θ_t − Θ₀‖_F of the full kernel; the metric here is the
 * same change for this class-summed kernel, divided by ‖K₀‖_F so that it is
 * scale-free (α² cancels), as in lazyrich.md. Closed form: O(n²h) for n probes,
 * against O(n²p²·params) for the full Jacobian kernel.
 */
export function ntkKernel(
  Z: tf.Tensor2D,
  V: tf.Tensor2D,
  S: tf.Tensor2D,
  act: Activation,
  alpha: number | null,
): tf.Tensor2D {
  const p = V.shape[1];
  const phi = activate(Z, act);
  const vTerm = tf.mul(tf.matMul(phi, tf.transpose(phi)), p);
  const D = activationDerivative(Z, act);
  const s = tf.sum(tf.square(V), 1);
  const wTerm = tf.mul(tf.matMul(tf.mul(D, s), tf.transpose(D)), S);
  const K: tf.Tensor2D = tf.add(vTerm, wTerm);
  return alpha === null ? K : tf.mul(K, alpha * alpha);
}

/** S(x, x') = [a = a'] + [b = b'] for the probe pairs. */
export function sharedInputCounts(pairs: Int32Array, p: number): Float32Array {
  const n = pairs.length;
  const S = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const x = pairs[i] ?? 0;
    for (let j = 0; j < n; j++) {
      const y = pairs[j] ?? 0;
      S[i * n + j] = (Math.floor(x / p) === Math.floor(y / p) ? 1 : 0) + (x % p === y % p ? 1 : 0);
    }
  }
  return S;
}

/** Real DFT basis along an axis of length p, rows k = 0…⌊p/2⌋. */
export interface FourierBasis {
  readonly cos: tf.Tensor2D;
  readonly sin: tf.Tensor2D;
  /** 2 for k with a distinct mirror p − k, else 1. */
  readonly weight: tf.Tensor2D;
  readonly frequencies: number;
}

export function createFourierBasis(p: number): FourierBasis {
  const nF = Math.floor(p / 2) + 1;
  const c = new Float32Array(nF * p);
  const s = new Float32Array(nF * p);
  const w = new Float32Array(nF);
  for (let k = 0; k < nF; k++) {
    // (k·x) mod p keeps the angle small, so float32 sin/cos of it stay accurate.
    for (let x = 0; x < p; x++) {
      const angle = (2 * Math.PI * ((k * x) % p)) / p;
      c[k * p + x] = Math.cos(angle);
      s[k * p + x] = Math.sin(angle);
    }
    w[k] = k === 0 || 2 * k === p ? 1 : 2;
  }
  return {
    cos: tf.tensor2d(c, [nF, p]),
    sin: tf.tensor2d(s, [nF, p]),
    weight: tf.tensor2d(w, [nF, 1]),
    frequencies: nF,
  };
}

/** Power of each column of W (p×h, the axis of length p transformed): (⌊p/2⌋+1)×h. */
export function fourierPower(W: tf.Tensor2D, basis: FourierBasis): tf.Tensor2D {
  const re = tf.matMul(basis.cos, W);
  const im = tf.matMul(basis.sin, W);
  return tf.mul(tf.add(tf.square(re), tf.square(im)), basis.weight);
}

/** Σ_k q_k² of a non-negative vector normalised to sum 1; NaN for an all-zero vector. */
export function inverseParticipationRatio(power: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < power.length; k++) total += power[k] ?? 0;
  if (!(total > 0)) return Number.NaN;
  let acc = 0;
  for (let k = 0; k < power.length; k++) {
    const q = (power[k] ?? 0) / total;
    acc += q * q;
  }
  return acc;
}

/** Per-frequency totals and the mean per-neuron IPR of an nF×h power matrix (row-major). */
export function summarizeSpectrum(perNeuron: ArrayLike<number>, nF: number, h: number): Spectrum {
  const power = new Float64Array(nF);
  const column = new Float64Array(nF);
  let iprSum = 0;
  let counted = 0;
  for (let i = 0; i < h; i++) {
    for (let k = 0; k < nF; k++) {
      const v = perNeuron[k * h + i] ?? 0;
      column[k] = v;
      power[k] = (power[k] ?? 0) + v;
    }
    const ipr = inverseParticipationRatio(column);
    if (!Number.isNaN(ipr)) {
      iprSum += ipr;
      counted += 1;
    }
  }
  return { power, ipr: counted > 0 ? iprSum / counted : Number.NaN };
}

export interface NeuronTuning {
  /** Per neuron, its strongest frequency k ≥ 1 (0 for a neuron with no non-constant power). */
  readonly frequency: Int32Array;
  /** Per neuron, that frequency's share of its non-constant power. */
  readonly share: Float32Array;
  /** Share of neurons that are tuned (see TUNED_NEURON_SHARE). */
  readonly tunedFraction: number;
  /**
   * Frequencies that tuned neurons use, most neurons first (ties: lower k). In
   * this MLP a grokked solution spreads its neurons over many frequencies (at
   * p = 47, h = 128 nearly all 23), unlike the handful a transformer keeps, so
   * the layer-summed spectrum stays nearly flat: tuning shows in the neurons.
   */
  readonly keyFrequencies: readonly number[];
}

/**
 * Dominant frequency per neuron from per-neuron power matrices (nF×h,
 * row-major, one per layer). k = 0 is left out: a constant offset says nothing
 * about a mod p.
 */
export function neuronTuning(perNeuron: readonly ArrayLike<number>[], nF: number, h: number): NeuronTuning {
  const frequency = new Int32Array(h);
  const share = new Float32Array(h);
  const counts = new Int32Array(nF);
  const combined = new Float64Array(nF);
  let tuned = 0;
  for (let i = 0; i < h; i++) {
    combined.fill(0);
    for (const layer of perNeuron) {
      let total = 0;
      for (let k = 1; k < nF; k++) total += layer[k * h + i] ?? 0;
      if (!(total > 0)) continue;
      for (let k = 1; k < nF; k++) combined[k] = (combined[k] ?? 0) + (layer[k * h + i] ?? 0) / total;
    }
    let best = 0;
    let bestPower = 0;
    let sum = 0;
    for (let k = 1; k < nF; k++) {
      const v = combined[k] ?? 0;
      sum += v;
      if (v > bestPower) {
        bestPower = v;
        best = k;
      }
    }
    frequency[i] = best;
    share[i] = sum > 0 ? bestPower / sum : 0;
    if (best > 0 && (share[i] ?? 0) >= TUNED_NEURON_SHARE) {
      tuned += 1;
      counts[best] = (counts[best] ?? 0) + 1;
    }
  }
  const keyFrequencies: number[] = [];
  for (let k = 1; k < nF; k++) if ((counts[k] ?? 0) > 0) keyFrequencies.push(k);
  keyFrequencies.sort((x, y) => (counts[y] ?? 0) - (counts[x] ?? 0) || x - y);
  return { frequency, share, tunedFraction: h > 0 ? tuned / h : 0, keyFrequencies };
}

/** Neurons shown as waves per measurement. */
export const WAVE_NEURONS = 4;
/** Frequencies whose circle is computed per measurement: the dominant one first. */
export const WAVE_CIRCLES = 3;
/**
 * A neuron "fits a cosine closely" when the fitted cosine explains at least
 * this share of its weights' variance over a (R²). A chosen threshold, not a
 * measured fact: at init the best frequency explains about its share of the
 * power, well under a half.
 */
export const CLOSE_FIT = 0.8;
/**
 * The points "form a circle" at or above this circularity (an ellipse whose
 * axes differ by a factor 2 scores 0.8). A chosen threshold, like CLOSE_FIT.
 */
export const CIRCLE_SHAPE = 0.8;

/** A least-squares fit offset + amplitude·cos(2πka/p + phase) of a sequence over a = 0…p−1. */
export interface CosineFit {
  readonly amplitude: number;
  /** Radians in (−π, π]. */
  readonly phase: number;
  /** The mean over a (the k = 0 term, orthogonal to the cosine). */
  readonly offset: number;
  /** R²: share of the variance about the mean that the cosine explains (0 for a constant sequence). */
  readonly fit: number;
}

export interface NeuronWave extends CosineFit {
  /** Hidden unit. */
  readonly index: number;
  /** Its dominant frequency (neuronTuning), the one fitted. */
  readonly k: number;
  /** That frequency's share of its non-constant power (neuronTuning). */
  readonly share: number;
  /** Its input weights W_a[a][index], a = 0…p−1. */
  readonly weights: number[];
}

export interface Circle {
  readonly k: number;
  /** How many neurons the projection uses (see embeddingCircle). */
  readonly neurons: number;
  /** Position of each a = 0…p−1, centred on 0 with root-mean-square radius 1. */
  readonly x: number[];
  readonly y: number[];
  /** See `circularity`: 1 for a circle travelled in step with a, 0 for a line, near 0 for a cloud. */
  readonly circularity: number;
}

export interface Waves {
  readonly p: number;
  /** The dominant frequency k*: the key frequency with most tuned neurons; before any neuron is tuned, the one with most W_a power. */
  readonly k: number;
  /** Up to WAVE_NEURONS neurons, most tuned first. */
  readonly neurons: NeuronWave[];
  /** Circles for k* first, then further key frequencies (and any asked for), distinct. */
  readonly circles: Circle[];
}

/** Angle 2π·(k·a mod p)/p; the reduction keeps it small so cos/sin stay accurate. */
function angle(k: number, a: number, p: number): number {
  return (2 * Math.PI * ((k * a) % p)) / p;
}

export function cosineFit(values: ArrayLike<number>, k: number): CosineFit {
  const p = values.length;
  let mean = 0;
  for (let a = 0; a < p; a++) mean += values[a] ?? 0;
  mean /= Math.max(p, 1);
  let re = 0;
  let im = 0;
  for (let a = 0; a < p; a++) {
    const v = (values[a] ?? 0) - mean;
    re += v * Math.cos(angle(k, a, p));
    im += v * Math.sin(angle(k, a, p));
  }
  // cos and sin at k have squared norm p/2, except at the Nyquist frequency of an even p (cos only, norm p).
  const nyquist = 2 * k === p;
  const alpha = (nyquist ? 1 : 2) * (re / p);
  const beta = nyquist ? 0 : (2 * im) / p;
  let total = 0;
  let residual = 0;
  for (let a = 0; a < p; a++) {
    const v = (values[a] ?? 0) - mean;
    const model = alpha * Math.cos(angle(k, a, p)) + beta * Math.sin(angle(k, a, p));
    total += v * v;
    residual += (v - model) ** 2;
  }
  return {
    amplitude: Math.hypot(alpha, beta),
    phase: Math.atan2(-beta, alpha),
    offset: mean,
    fit: total > 0 ? Math.max(0, 1 - residual / total) : 0,
  };
}

/**
 * How well points z[a] = (x[a], y[a]) go once round a circle in step with a
 * at frequency k: with F± = (1/p)·Σ_a z[a]·e^(∓iωa) (ω = 2πk/p, z centred),
 *
 *   circularity = | |F₊|² − |F₋|² | / ((1/p)·Σ_a |z[a]|²).
 *
 * A circle z = r·e^(±i(ωa + θ)) scores 1; an ellipse with axes r₁, r₂ scores
 * 2r₁r₂/(r₁² + r₂²) (0.8 at 2:1); points on a line, or a shape that does not
 * follow a, score near 0 (random points about 2/p). Direction and starting
 * angle do not matter.
 */
export function circularity(x: ArrayLike<number>, y: ArrayLike<number>, k: number): number {
  const p = x.length;
  let mx = 0;
  let my = 0;
  for (let a = 0; a < p; a++) {
    mx += x[a] ?? 0;
    my += y[a] ?? 0;
  }
  mx /= Math.max(p, 1);
  my /= Math.max(p, 1);
  let pr = 0;
  let pi = 0;
  let mr = 0;
  let mi = 0;
  let energy = 0;
  for (let a = 0; a < p; a++) {
    const u = (x[a] ?? 0) - mx;
    const v = (y[a] ?? 0) - my;
    const c = Math.cos(angle(k, a, p));
    const s = Math.sin(angle(k, a, p));
    // (u + iv)·e^(−iωa) and (u + iv)·e^(+iωa)
    pr += u * c + v * s;
    pi += v * c - u * s;
    mr += u * c - v * s;
    mi += v * c + u * s;
    energy += u * u + v * v;
  }
  if (!(energy > 0)) return 0;
  return Math.abs(pr * pr + pi * pi - (mr * mr + mi * mi)) / (p * energy);
}

/** Fewest neurons a circle is drawn from: one neuron alone can only draw a line. */
export const CIRCLE_MIN_NEURONS = 2;

/**
 * The embedding W_a (row-major p×h) seen in the plane of frequency k
 * (ω = 2πk/p), through the neurons that use k: those whose dominant frequency
 * (neuronTuning) is k, or, when fewer than CIRCLE_MIN_NEURONS are, that many
 * with the largest share of their W_a power at k. With w_a the row a of those
 * columns, mean over a removed, x[a] = w_a·e₁ along c = Σ_b w_b·cos(ωb) and
 * y[a] = w_a·e₂ along the part of s = Σ_b w_b·sin(ωb) orthogonal to c (a true
 * orthogonal projection, so an ellipse is the weights' shape, not a shear).
 *
 * Why only those neurons: with all h ≥ p columns, random rows are nearly
 * orthogonal, and each row's own term ‖w_a‖²·(cos ωa, sin ωa) would draw a
 * ring already at initialization. A handful of columns cannot: random weights
 * give a cloud, and a circle appears only when those neurons' weights become
 * waves at k with phases spread round the circle. Returned centred, scaled to
 * root-mean-square radius 1 (all zeros for constant weights).
 */
export function embeddingCircle(Wa: ArrayLike<number>, p: number, h: number, k: number, frequency: ArrayLike<number>): Circle {
  const cosA = Float64Array.from({ length: p }, (_, a) => Math.cos(angle(k, a, p)));
  const sinA = Float64Array.from({ length: p }, (_, a) => Math.sin(angle(k, a, p)));
  const mean = new Float64Array(h);
  const c = new Float64Array(h);
  const s = new Float64Array(h);
  const energy = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    let m = 0;
    for (let a = 0; a < p; a++) m += Wa[a * h + i] ?? 0;
    m /= p;
    mean[i] = m;
    for (let a = 0; a < p; a++) {
      const v = (Wa[a * h + i] ?? 0) - m;
      c[i] = (c[i] ?? 0) + v * (cosA[a] ?? 0);
      s[i] = (s[i] ?? 0) + v * (sinA[a] ?? 0);
      energy[i] = (energy[i] ?? 0) + v * v;
    }
  }
  let members = [...mean.keys()].filter((i) => frequency[i] === k);
  if (members.length < CIRCLE_MIN_NEURONS) {
    const shareAtK = (i: number) => ((c[i] ?? 0) ** 2 + (s[i] ?? 0) ** 2) / ((energy[i] ?? 0) || 1);
    members = [...mean.keys()].sort((i, j) => shareAtK(j) - shareAtK(i) || i - j).slice(0, CIRCLE_MIN_NEURONS);
  }
  let cc = 0;
  let sc = 0;
  for (const i of members) {
    cc += (c[i] ?? 0) ** 2;
    sc += (s[i] ?? 0) * (c[i] ?? 0);
  }
  // Gram–Schmidt: the second direction is d = s − μc.
  const mu = cc > 0 ? sc / cc : 0;
  let dd = 0;
  for (const i of members) dd += ((s[i] ?? 0) - mu * (c[i] ?? 0)) ** 2;
  const cn = Math.sqrt(cc) || 1;
  const dn = Math.sqrt(dd) || 1;
  const x = new Array<number>(p).fill(0);
  const y = new Array<number>(p).fill(0);
  let r2 = 0;
  for (let a = 0; a < p; a++) {
    let u = 0;
    let v = 0;
    for (const i of members) {
      const w = (Wa[a * h + i] ?? 0) - (mean[i] ?? 0);
      u += w * (c[i] ?? 0);
      v += w * ((s[i] ?? 0) - mu * (c[i] ?? 0));
    }
    x[a] = u / cn;
    y[a] = v / dn;
    r2 += ((u / cn) ** 2 + (v / dn) ** 2) / p;
  }
  // The rows were centred, so the points already are.
  const scale = r2 > 0 ? 1 / Math.sqrt(r2) : 0;
  for (let a = 0; a < p; a++) {
    x[a] = (x[a] ?? 0) * scale;
    y[a] = (y[a] ?? 0) * scale;
  }
  return { k, neurons: members.length, x, y, circularity: circularity(x, y, k) };
}

/** k*: the key frequency with most tuned neurons, or before any neuron is tuned the k ≥ 1 with most W_a power. */
export function dominantFrequency(tuning: NeuronTuning, waPower: ArrayLike<number>): number {
  const key = tuning.keyFrequencies[0];
  if (key !== undefined) return key;
  let best = 1;
  for (let k = 2; k < waPower.length; k++) if ((waPower[k] ?? 0) > (waPower[best] ?? 0)) best = k;
  return best;
}

/**
 * The neurons-as-waves and circle data of one measurement, from W_a (row-major
 * p×h, read back with the other metrics) and the tuning already computed.
 * W_a rather than W_b: the two play the same role for a + b, and one input
 * is enough to show the shape. Neurons: the WAVE_NEURONS with the highest
 * tuning share (equal to 0.1%: larger W_a column norm first), each fitted at its own
 * frequency. Circles: k*, the next key frequencies (then the strongest by
 * W_a power) up to `own` in all, and `extra` frequencies on top.
 */
export function computeWaves(
  Wa: ArrayLike<number>,
  p: number,
  h: number,
  tuning: NeuronTuning,
  waPower: ArrayLike<number>,
  extra: readonly number[] = [],
  own = WAVE_CIRCLES,
): Waves {
  const norms = new Float64Array(h);
  for (let a = 0; a < p; a++) for (let i = 0; i < h; i++) norms[i] = (norms[i] ?? 0) + (Wa[a * h + i] ?? 0) ** 2;
  // Shares compared to 0.1%: float32 noise should not outrank a clearly larger neuron.
  const share = (i: number) => Math.round(1000 * (tuning.share[i] ?? 0));
  const order = [...norms.keys()]
    .filter((i) => (tuning.frequency[i] ?? 0) > 0)
    .sort((i, j) => share(j) - share(i) || (norms[j] ?? 0) - (norms[i] ?? 0) || i - j);
  const neurons = order.slice(0, WAVE_NEURONS).map((index): NeuronWave => {
    const weights = Array.from({ length: p }, (_, a) => Wa[a * h + index] ?? 0);
    const k = tuning.frequency[index] ?? 0;
    return { index, k, share: tuning.share[index] ?? 0, weights, ...cosineFit(weights, k) };
  });

  const k = dominantFrequency(tuning, waPower);
  const nF = Math.floor(p / 2) + 1;
  const byPower = Array.from({ length: Math.max(0, nF - 1) }, (_, i) => i + 1).sort((i, j) => (waPower[j] ?? 0) - (waPower[i] ?? 0) || i - j);
  const wanted: number[] = [k];
  for (const f of [...tuning.keyFrequencies, ...byPower]) {
    if (wanted.length >= own) break;
    if (!wanted.includes(f)) wanted.push(f);
  }
  for (const f of extra) if (f >= 1 && f < nF && !wanted.includes(f)) wanted.push(f);
  return { p, k, neurons, circles: wanted.map((f) => embeddingCircle(Wa, p, h, f, tuning.frequency)) };
}

/** Distinct random pairs for the eNTK, from the seed's probe stream (all pairs if n ≥ p²). */
export function probePairs(p: number, n: number, seed: number): Int32Array {
  const all = new Int32Array(p * p);
  for (let i = 0; i < all.length; i++) all[i] = i;
  return streamRng(seed, 'probe').shuffle(all).slice(0, Math.min(n, all.length));
}

export interface MetricsSpec {
  readonly activation: Activation;
  readonly loss: LossKind;
  readonly alpha: number | null;
  readonly probeSize: number;
  readonly seed: number;
}

/**
 * Constants for measuring one run: labels, DFT bases, probe pairs, and K₀.
 * `setInit` must be called before `measure`, and again whenever θ₀ changes.
 */
export class MetricsContext {
  private readonly dataset: Dataset;
  private readonly spec: MetricsSpec;
  private readonly labels: tf.Tensor1D;
  /** (pair, label) of every pair, to gather the target's output. */
  private readonly targets: tf.Tensor2D;
  /** −∞ at each pair's target and 0 elsewhere (p²×p): adding it masks the target out of a row max. */
  private readonly targetMask: tf.Tensor2D;
  private readonly basis: FourierBasis;
  private readonly probe: PairIndex;
  private readonly S: tf.Tensor2D;
  private K0: tf.Tensor2D | null = null;
  private theta0: Params | null = null;
  private f0All: tf.Tensor2D | null = null;

  constructor(dataset: Dataset, spec: MetricsSpec, backend: string) {
    this.dataset = dataset;
    this.spec = spec;
    const pairs = probePairs(dataset.p, spec.probeSize, spec.seed);
    this.labels = tf.tensor1d(dataset.labels, 'int32');
    const nPairs = dataset.labels.length;
    const targets = new Int32Array(2 * nPairs);
    const mask = new Float32Array(nPairs * dataset.p);
    dataset.labels.forEach((y, i) => {
      targets[2 * i] = i;
      targets[2 * i + 1] = y;
      mask[i * dataset.p + y] = Number.NEGATIVE_INFINITY;
    });
    this.targets = tf.tensor2d(targets, [nPairs, 2], 'int32');
    this.targetMask = tf.tensor2d(mask, [nPairs, dataset.p]);
    this.basis = createFourierBasis(dataset.p);
    this.probe = createPairIndex(pairs, dataset.p, backend);
    this.S = tf.tensor2d(sharedInputCounts(pairs, dataset.p), [pairs.length, pairs.length]);
  }

  /** θ₀ (kept by the caller) and, when centered, f(θ₀) on all pairs. */
  setInit(theta0: Params, f0All: tf.Tensor2D | null): void {
    this.theta0 = theta0;
    this.f0All = f0All;
    this.K0?.dispose();
    this.K0 = tf.tidy(() => this.kernel(theta0));
  }

  private kernel(params: Params): tf.Tensor2D {
    const Z = this.probe.embed(params.Wa, params.Wb);
    return ntkKernel(Z, params.V, this.S, this.spec.activation, this.spec.alpha);
  }

  /**
   * Raw logits of all p² pairs in blocks of first inputs, yielding between
   * blocks; null when `shouldStop` said so between two of them. Only models
   * too large for one block (none of the presets) come here.
   */
  private async blockedLogits(params: Params, block: number, shouldStop?: () => boolean): Promise<tf.Tensor2D | null> {
    const { p } = this.dataset;
    const parts: tf.Tensor2D[] = [];
    for (let a0 = 0; a0 < p; a0 += block) {
      if (a0 > 0) {
        await yieldTask();
        if (shouldStop?.()) {
          tf.dispose(parts);
          return null;
        }
      }
      const a1 = Math.min(p, a0 + block);
      parts.push(tf.tidy(() => logitsOfInputs(params.Wa, params.Wb, params.V, this.spec.activation, a0, a1)));
    }
    const raw = tf.concat(parts);
    tf.dispose(parts);
    return raw;
  }

  /**
   * Every metric at these weights. A model too large for one forward block is
   * measured block by block; then `shouldStop` is asked between blocks, and a
   * true answer abandons the measurement (null).
   */
  async measure(params: Params, step: number): Promise<Metrics>;
  async measure(params: Params, step: number, shouldStop: () => boolean): Promise<Metrics | null>;
  async measure(params: Params, step: number, shouldStop?: () => boolean): Promise<Metrics | null> {
    const theta0 = this.theta0;
    const K0 = this.K0;
    if (theta0 === null || K0 === null) throw new Error('MetricsContext.setInit was not called.');
    const { p } = this.dataset;
    const nPairs = p * p;
    const nF = this.basis.frequencies;
    const h = params.Wa.shape[1];
    const block = metricsBlockInputs(p, h);
    const blocked = block < p ? await this.blockedLogits(params, block, shouldStop) : null;
    if (block < p && blocked === null) return null;

    const packed = tf.tidy(() => {
      const raw = blocked ?? logitsFromEmbedding(embedAll(params.Wa, params.Wb), params.V, this.spec.activation);
      const out = modelOutput(raw, this.f0All, this.spec.alpha);
      const fy = tf.gatherND(out, this.targets) as tf.Tensor1D;
      const rowLoss =
        this.spec.loss === 'ce'
          ? crossEntropyFromSoftmax(tf.max(out, 1), fy, tf.softmax(out))
          : perSampleLoss(this.spec.loss, out, tf.cast(tf.oneHot(this.labels, p), 'float32') as tf.Tensor2D);
      const predicted = tf.cast(tf.argMax(out, 1), 'float32');
      // A masked max: on wasm tf.topk(out, 2) is 5–10× slower, and tf.where with a fill 3× slower than one add.
      const margin = tf.sub(fy, tf.max(tf.add(out, this.targetMask), 1));

      const spectra = [
        fourierPower(params.Wa, this.basis),
        fourierPower(params.Wb, this.basis),
        fourierPower(tf.transpose(params.V), this.basis),
      ];
      const K = this.kernel(params);
      // sqrt(Σx²) rather than tf.norm, which goes through a slower Pow kernel.
      const l2 = (x: tf.Tensor): tf.Tensor => tf.sqrt(tf.sum(tf.square(x)));
      const totalNorm = (f: (k: ParamName) => tf.Tensor): tf.Tensor =>
        tf.sqrt(tf.addN(PARAM_NAMES.map((k) => tf.sum(tf.square(f(k))))));
      const scalars = tf.stack([
        ...PARAM_NAMES.flatMap((k) => [l2(params[k]), tf.max(tf.abs(params[k]))]),
        totalNorm((k) => tf.sub(params[k], theta0[k])),
        totalNorm((k) => theta0[k]),
        l2(tf.sub(K, K0)),
        l2(K0),
      ]);
      // W_a itself (p·h values) for the waves: smaller than the p² rows above, and it saves a second sync.
      return tf.concat([rowLoss, predicted, margin, ...spectra.map((s) => tf.reshape(s, [-1])), scalars, tf.reshape(params.Wa, [-1])]);
    });
    blocked?.dispose();
    const data = (await packed.data()) as Float32Array;
    packed.dispose();

    let offset = 0;
    const take = (n: number): Float32Array => {
      const part = data.subarray(offset, offset + n);
      offset += n;
      return part;
    };
    const rowLoss = take(nPairs);
    const predictedF = take(nPairs);
    const margin = take(nPairs);
    const perNeuron = PARAM_NAMES.map(() => take(nF * h));
    const spectra = perNeuron.map((power) => summarizeSpectrum(power, nF, h));
    const sc = take(PARAM_NAMES.length * 2 + 4);
    const wa = take(p * h);

    const { labels, trainIdx, testIdx } = this.dataset;
    const predicted = Int32Array.from(predictedF);
    const correct = new Uint8Array(nPairs);
    for (let i = 0; i < nPairs; i++) correct[i] = predicted[i] === labels[i] ? 1 : 0;
    const aggregate = (idx: Int32Array) => {
      let loss = 0;
      let right = 0;
      let zeros = 0;
      let marginSum = 0;
      for (const i of idx) {
        const l = rowLoss[i] ?? 0;
        loss += l;
        right += correct[i] ?? 0;
        if (l === 0) zeros += 1;
        marginSum += margin[i] ?? 0;
      }
      const n = Math.max(idx.length, 1);
      return { loss: loss / n, accuracy: right / n, zeroLossFraction: zeros / n, margin: marginSum / n };
    };
    const train = aggregate(trainIdx);
    const test = aggregate(testIdx);

    const layer = (i: number): LayerNorms => ({ l2: sc[2 * i] ?? 0, linf: sc[2 * i + 1] ?? 0 });
    const layers = { Wa: layer(0), Wb: layer(1), V: layer(2) };
    const total: LayerNorms = {
      l2: Math.hypot(layers.Wa.l2, layers.Wb.l2, layers.V.l2),
      linf: Math.max(layers.Wa.linf, layers.Wb.linf, layers.V.linf),
    };
    const base = PARAM_NAMES.length * 2;
    const spectrum = (k: ParamName): Spectrum => spectra[PARAM_NAMES.indexOf(k)] as Spectrum;
    const neurons = neuronTuning(perNeuron, nF, h);
    return {
      step,
      train,
      test: { loss: test.loss, accuracy: test.accuracy },
      softmaxCollapse: train.zeroLossFraction > COLLAPSE_ZERO_LOSS_FRACTION,
      norms: { ...layers, total },
      distanceFromInit: (sc[base] ?? 0) / (sc[base + 1] ?? 1),
      ntkChange: (sc[base + 2] ?? 0) / (sc[base + 3] ?? 1),
      fourier: {
        Wa: spectrum('Wa'),
        Wb: spectrum('Wb'),
        V: spectrum('V'),
        neurons,
      },
      waves: computeWaves(wa, p, h, neurons, spectrum('Wa').power),
      grid: { predicted, correct },
    };
  }

  dispose(): void {
    tf.dispose([this.labels, this.targets, this.targetMask, this.basis.cos, this.basis.sin, this.basis.weight, this.S]);
    this.probe.dispose();
    this.K0?.dispose();
    this.K0 = null;
  }
}
