/**
 * Everything the figures plot, computed from the current weights in one
 * batched pass over all p² pairs and read back in a single transfer (each
 * readback is a GPU sync on webgl/webgpu).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, LossKind } from './config.ts';
import type { Dataset } from './data.ts';
import { perSampleLoss } from './grads.ts';
import {
  activate,
  activationDerivative,
  createPairIndex,
  embedAll,
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

  async measure(params: Params, step: number): Promise<Metrics> {
    const theta0 = this.theta0;
    const K0 = this.K0;
    if (theta0 === null || K0 === null) throw new Error('MetricsContext.setInit was not called.');
    const { p } = this.dataset;
    const nPairs = p * p;
    const nF = this.basis.frequencies;
    const h = params.Wa.shape[1];

    const packed = tf.tidy(() => {
      const raw = logitsFromEmbedding(embedAll(params.Wa, params.Wb), params.V, this.spec.activation);
      const out = modelOutput(raw, this.f0All, this.spec.alpha);
      const isTarget = tf.cast(tf.oneHot(this.labels, p), 'bool');
      const onehot = tf.cast(isTarget, 'float32') as tf.Tensor2D;
      const rowLoss = perSampleLoss(this.spec.loss, out, onehot);
      const predicted = tf.cast(tf.argMax(out, 1), 'float32');
      // A masked max. On wasm tf.topk(out, 2) is 5–10× slower, and so is letting tf.where broadcast a scalar (Tile).
      const fy = tf.sum(tf.mul(out, onehot), 1);
      const others = tf.where(isTarget, tf.fill(out.shape, Number.NEGATIVE_INFINITY), out);
      const margin = tf.sub(fy, tf.max(others, 1));

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
      return tf.concat([rowLoss, predicted, margin, ...spectra.map((s) => tf.reshape(s, [-1])), scalars]);
    });
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
        neurons: neuronTuning(perNeuron, nF, h),
      },
      grid: { predicted, correct },
    };
  }

  dispose(): void {
    tf.dispose([this.labels, this.basis.cos, this.basis.sin, this.basis.weight, this.S]);
    this.probe.dispose();
    this.K0?.dispose();
    this.K0 = null;
  }
}
