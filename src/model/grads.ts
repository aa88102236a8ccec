/**
 * Losses and the hand-written backward pass. Autodiff on wasm emits transposed
 * BatchMatMuls, about 10× slower there than the same product with an explicit
 * tf.transpose of one operand (perf.md; re-measured for this layout: p = 97,
 * N = 2823: 36 ms against 3.5 ms). Every function here returns fresh tensors and
 * expects to run inside the caller's tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, LossKind } from './config.ts';
import {
  activate,
  activationDerivative,
  modelOutput,
  type PairIndex,
  type Params,
} from './model.ts';

/**
 * StableMax's s(x) = x + 1 for x ≥ 0 and 1/(1 − x) for x < 0 (Prieto et al.
 * 2025). Each branch is fed only its own half-line so that neither produces
 * Inf/NaN where it is not selected (that would leak into autodiff through where).
 */
export function stablemaxS(x: tf.Tensor): tf.Tensor {
  return tf.where(
    tf.greaterEqual(x, 0),
    tf.add(tf.relu(x), 1),
    tf.reciprocal(tf.sub(1, tf.minimum(x, 0))),
  );
}

/**
 * Loss of every row, given the model output and one-hot targets (same shape).
 *
 * - ce: softmax cross-entropy, logsumexp(f) − f_y. In float32 it is exactly 0
 *   once the other classes' exp(f_c − f_y) all fall below ~6e-8 relative to 1
 *   (softmax collapse), which is what zero-loss fractions count.
 * - stablemax: −log(s(f_y) / Σ_c s(f_c)).
 * - mse: ½‖f − e_y‖², i.e. squared error against one-hot targets of height 1
 *   (not p as in Mohamadi et al.'s regression), halved so the gradient is f − e_y.
 */
export function perSampleLoss(kind: LossKind, out: tf.Tensor2D, onehot: tf.Tensor2D): tf.Tensor1D {
  switch (kind) {
    case 'ce':
      return tf.sub(tf.logSumExp(out, 1), tf.sum(tf.mul(out, onehot), 1));
    case 'stablemax': {
      const s = stablemaxS(out);
      return tf.sub(tf.log(tf.sum(s, 1)), tf.log(tf.sum(tf.mul(s, onehot), 1)));
    }
    case 'mse':
      return tf.mul(tf.sum(tf.square(tf.sub(out, onehot)), 1), 0.5);
  }
}

/**
 * Softmax cross-entropy of every row from quantities the caller already has:
 * the row maximum m, the target's output f_y and the softmax probabilities P.
 * logsumexp(f) = m − log(max P), because the largest probability is
 * exp(0)/Σexp(f − m). On wasm, tf.exp over a p²×p block costs 5–8× what the
 * whole (vectorized) softmax does, so metrics and step reports read the loss
 * this way. The sum is taken in logsumexp's order, (m + log Σ) − f_y, because
 * that order decides which losses round to exactly 0 in float32 (softmax
 * collapse): a small log Σ vanishes against a large m.
 */
export function crossEntropyFromSoftmax(rowMax: tf.Tensor1D, fy: tf.Tensor1D, probs: tf.Tensor2D): tf.Tensor1D {
  return tf.sub(tf.sub(rowMax, tf.log(tf.max(probs, 1))), fy);
}

/** Gradient of the mean softmax cross-entropy over n rows, given the softmax probabilities of some of them. */
function crossEntropyGradient(probs: tf.Tensor2D, onehot: tf.Tensor2D, n: number): tf.Tensor2D {
  return tf.div(tf.sub(probs, onehot), n);
}

/**
 * Gradient, with respect to the output, of the mean of perSampleLoss over n
 * rows, of which these are some (all of them by default; a slice of a step
 * summed over row slices passes the step's row count).
 */
export function lossGradient(kind: LossKind, out: tf.Tensor2D, onehot: tf.Tensor2D, n: number = out.shape[0]): tf.Tensor2D {
  switch (kind) {
    case 'ce':
      return crossEntropyGradient(tf.softmax(out), onehot, n);
    case 'stablemax': {
      // s'(x) = 1 for x ≥ 0 and 1/(1 − x)² = s(x)² for x < 0.
      const s = stablemaxS(out);
      const ds = tf.where(tf.greaterEqual(out, 0), tf.onesLike(out), tf.square(s));
      const fromSum = tf.div(ds, tf.sum(s, 1, true));
      const fromTarget = tf.mul(onehot, tf.div(ds, s));
      return tf.div(tf.sub(fromSum, fromTarget), n);
    }
    case 'mse':
      return tf.div(tf.sub(out, onehot), n);
  }
}

export interface LossSpec {
  readonly activation: Activation;
  readonly loss: LossKind;
  readonly alpha: number | null;
}

/** Training rows: their index, one-hot targets and, when centered, f(θ₀) on them. */
export interface Batch {
  readonly index: PairIndex;
  readonly onehot: tf.Tensor2D;
  readonly f0: tf.Tensor2D | null;
}

export interface GradResult {
  readonly grads: Params;
  /** Per-row loss at the current θ (before the update). */
  readonly rowLoss: tf.Tensor1D | null;
}

/**
 * Gradients of the mean loss over the batch with respect to W_a, W_b and V.
 * With `total`, the batch is a slice of a step over that many rows, and the
 * gradients are its share of the step's: summed over the slices they give the
 * step's gradients.
 * With out = α(act(Z)V − f₀) and G = ∂L/∂out:
 *   ∂L/∂V = act(Z)ᵀ·αG,  ∂L/∂Z = (αG·Vᵀ) ∘ act'(Z),
 *   ∂L/∂W_a[r] = Σ over rows with a = r of ∂L/∂Z (likewise W_b).
 */
export function computeGrads(
  params: Params,
  batch: Batch,
  spec: LossSpec,
  withLoss: boolean,
  total?: number,
): GradResult {
  const n = total ?? batch.onehot.shape[0];
  const Z = batch.index.embed(params.Wa, params.Wb);
  const hidden = activate(Z, spec.activation);
  const out = modelOutput(tf.matMul(hidden, params.V), batch.f0, spec.alpha);
  // Cross-entropy shares its softmax between the gradient and the reported loss.
  const probs = spec.loss === 'ce' ? tf.softmax(out) : null;
  const dOut = probs ? crossEntropyGradient(probs, batch.onehot, n) : lossGradient(spec.loss, out, batch.onehot, n);
  const dRaw: tf.Tensor2D = spec.alpha === null ? dOut : tf.mul(dOut, spec.alpha);
  // Transposing the N×p factor, then the small p×h product, beats transposing the N×h one.
  const gVt: tf.Tensor2D = tf.matMul(tf.transpose(dRaw), hidden);
  const gV = tf.transpose(gVt);
  const dH = tf.matMul(dRaw, tf.transpose(params.V));
  const dZ: tf.Tensor2D = tf.mul(dH, activationDerivative(Z, spec.activation));
  const { gWa, gWb } = batch.index.scatter(dZ);
  return {
    grads: { Wa: gWa, Wb: gWb, V: gV },
    rowLoss: !withLoss
      ? null
      : probs
        ? crossEntropyFromSoftmax(tf.max(out, 1), tf.sum(tf.mul(out, batch.onehot), 1), probs)
        : perSampleLoss(spec.loss, out, batch.onehot),
  };
}
