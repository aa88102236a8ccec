/**
 * Optimizers, regularizers and gradient transforms. The pure functions take and
 * return tensors (to be called inside tf.tidy) so each can be checked on tiny
 * hand-worked examples; `Optimizer` strings them together for W_a, W_b, V and
 * owns their state.
 *
 * Per step, for each matrix: g ← transform(g) (Grokfast or ⊥Grad act on the raw
 * loss gradient, as in regpresets.md) → g ← g + ∇λ‖θ‖_q (smooth ℓ∞) → update
 * with decoupled weight decay → exact ℓ∞ prox.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradTransform, OptimizerKind, Regularizer } from './config.ts';
import { PARAM_NAMES, type ParamName, type Params } from './model.ts';

export interface AdamHyper {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly wd: number;
}

/**
 * One AdamW step, PyTorch's order: θ ← θ(1 − lr·wd) first, then
 * θ ← θ − lr·m̂/(√v̂ + eps) with bias-corrected m̂, v̂. `t` counts from 1.
 */
export function adamwUpdate(
  theta: tf.Tensor,
  g: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  t: number,
  hp: AdamHyper,
): { theta: tf.Tensor; m: tf.Tensor; v: tf.Tensor } {
  const m1 = tf.add(tf.mul(m, hp.beta1), tf.mul(g, 1 - hp.beta1));
  const v1 = tf.add(tf.mul(v, hp.beta2), tf.mul(tf.square(g), 1 - hp.beta2));
  const bc1 = 1 - Math.pow(hp.beta1, t);
  const bc2 = 1 - Math.pow(hp.beta2, t);
  const denom = tf.add(tf.div(tf.sqrt(v1), Math.sqrt(bc2)), hp.eps);
  const decayed = hp.wd === 0 ? theta : tf.mul(theta, 1 - hp.lr * hp.wd);
  return { theta: tf.sub(decayed, tf.mul(tf.div(m1, denom), hp.lr / bc1)), m: m1, v: v1 };
}

/** Plain gradient descent with the same decoupled weight decay. */
export function gdUpdate(theta: tf.Tensor, g: tf.Tensor, lr: number, wd: number): tf.Tensor {
  const decayed = wd === 0 ? theta : tf.mul(theta, 1 - lr * wd);
  return tf.sub(decayed, tf.mul(g, lr));
}

/**
 * Normalized GD (Mohamadi et al.): θ ← θ − η·g/‖g‖₂ with ‖g‖ taken over all
 * matrices together, so the step has length η whatever the gradient's scale.
 */
export function normalizedGdUpdate(
  thetas: readonly tf.Tensor[],
  gs: readonly tf.Tensor[],
  lr: number,
  wd: number,
): tf.Tensor[] {
  const sq = tf.addN(gs.map((g) => tf.sum(tf.square(g))));
  // The floor keeps a zero gradient a zero step instead of 0/0.
  const scale = tf.div(lr, tf.maximum(tf.sqrt(sq), 1e-30));
  return thetas.map((theta, i) => {
    const decayed = wd === 0 ? theta : tf.mul(theta, 1 - lr * wd);
    return tf.sub(decayed, tf.mul(gs[i] as tf.Tensor, scale));
  });
}

/**
 * Gradient of λ‖θ‖_q: λ·sign(θ)·(|θ|/‖θ‖_q)^(q−1). Computed from |θ|/max|θ| so
 * that |θ|^q cannot overflow float32 (|θ| > 250 would at q = 16).
 */
export function lqPenaltyGrad(theta: tf.Tensor, lambda: number, q: number): tf.Tensor {
  const abs = tf.abs(theta);
  const r = tf.div(abs, tf.maximum(tf.max(abs), 1e-30));
  const rNorm = tf.maximum(tf.pow(tf.sum(tf.pow(r, q)), 1 / q), 1e-30);
  return tf.mul(tf.mul(tf.sign(theta), tf.pow(tf.div(r, rNorm), q - 1)), lambda);
}

/**
 * prox of t‖·‖∞: θ − proj onto the ℓ1 ball of radius t (Moreau). It clips the
 * largest |θ| to a common level τ chosen so that the ℓ1 mass removed is t; when
 * ‖θ‖₁ ≤ t everything goes to 0. τ is found on the device from the sorted |θ|
 * (Duchi et al. 2008): k = #{j : u_j > (Σ_{i≤j} u_i − t)/j}, τ = (Σ_{i≤k} u_i − t)/k.
 * The full sort is native on wasm and cpu; webgl and webgpu hand a TopK this
 * size to the CPU (a synchronous readback per matrix per step), which only
 * runs with this regularizer chosen.
 */
export function proxLinf(theta: tf.Tensor, t: number): tf.Tensor {
  if (t <= 0) return theta;
  const u = tf.abs(tf.reshape(theta, [-1]));
  const n = u.shape[0] ?? 0;
  const sorted = tf.topk(u, n).values;
  const cs = tf.cumsum(sorted);
  const j = tf.range(1, n + 1);
  const k = tf.sum(tf.cast(tf.greater(sorted, tf.div(tf.sub(cs, t), j)), 'int32'));
  const csK = tf.gather(cs, tf.sub(k, tf.scalar(1, 'int32')));
  const tau = tf.maximum(tf.div(tf.sub(csK, t), tf.cast(k, 'float32')), 0);
  return tf.maximum(tf.minimum(theta, tau), tf.neg(tau));
}

/**
 * ⊥Grad (Prieto et al. 2025): drop the component of g along θ, which only
 * scales the weights (the naive-loss-minimization direction). With `rescale`,
 * the result keeps ‖g‖, as the official ⊥AdamW code does.
 */
export function orthogonalize(theta: tf.Tensor, g: tf.Tensor, rescale: boolean): tf.Tensor {
  const proj = tf.div(tf.sum(tf.mul(theta, g)), tf.add(tf.sum(tf.square(theta)), 1e-30));
  const gPerp = tf.sub(g, tf.mul(proj, theta));
  if (!rescale) return gPerp;
  const ratio = tf.div(tf.norm(g), tf.add(tf.norm(gPerp), 1e-30));
  return tf.mul(gPerp, ratio);
}

/** Grokfast-EMA: μ ← αμ + (1−α)g (μ = g on the first step), ĝ = g + λμ. */
export function emaFilter(
  mu: tf.Tensor | null,
  g: tf.Tensor,
  alpha: number,
  lambda: number,
): { g: tf.Tensor; mu: tf.Tensor } {
  const mu1 = mu === null ? g : tf.add(tf.mul(mu, alpha), tf.mul(g, 1 - alpha));
  return { g: tf.add(g, tf.mul(mu1, lambda)), mu: mu1 };
}

/** Grokfast-MA on a full window (which includes g itself): ĝ = g + λ·mean(window). */
export function maFilter(window: readonly tf.Tensor[], g: tf.Tensor, lambda: number): tf.Tensor {
  return tf.add(g, tf.mul(tf.addN(window as tf.Tensor[]), lambda / window.length));
}

export interface OptimizerConfig {
  readonly optimizer: OptimizerKind;
  /** Already scaled for the laziness knob (config.effectiveLr). */
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly regularizer: Regularizer;
  readonly transform: GradTransform;
}

/** Optimizer state as plain data: counters plus one array per state tensor. */
export interface OptimizerState {
  readonly t: number;
  /** Gradients pushed into the MA window so far (it is full from `window` on). */
  readonly maCount: number;
  readonly tensors: Readonly<Record<string, Float32Array>>;
}

type Slots = Params<tf.Variable<tf.Rank.R2>>;

/** Zero-filled state; tidy frees the zeros, which a variable would otherwise keep alive as a second tensor. */
function makeSlots(shapes: Params<[number, number]>): Slots {
  const v = (name: ParamName): tf.Variable<tf.Rank.R2> =>
    tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R2>(shapes[name]), false));
  return { Wa: v('Wa'), Wb: v('Wb'), V: v('V') };
}

export class Optimizer {
  readonly config: OptimizerConfig;
  private t = 0;
  private maCount = 0;
  private readonly m: Slots | null;
  private readonly v: Slots | null;
  private readonly ema: Slots | null;
  private readonly maWindow: Slots[];

  constructor(config: OptimizerConfig, shapes: Params<[number, number]>) {
    this.config = config;
    const adam = config.optimizer === 'adamw';
    this.m = adam ? makeSlots(shapes) : null;
    this.v = adam ? makeSlots(shapes) : null;
    const tr = config.transform;
    this.ema = tr.kind === 'grokfast-ema' ? makeSlots(shapes) : null;
    this.maWindow = [];
    if (tr.kind === 'grokfast-ma') {
      for (let i = 0; i < tr.window; i++) this.maWindow.push(makeSlots(shapes));
    }
  }

  private transform(params: Slots, grads: Params): Params {
    const tr = this.config.transform;
    switch (tr.kind) {
      case 'none':
        return grads;
      case 'orthograd':
        return mapParams((k) => orthogonalize(params[k], grads[k], tr.rescale) as tf.Tensor2D);
      case 'grokfast-ema': {
        const ema = this.ema as Slots;
        const first = this.t === 0;
        return mapParams((k) => {
          const r = emaFilter(first ? null : ema[k], grads[k], tr.alpha, tr.lambda);
          ema[k].assign(r.mu as tf.Tensor2D);
          return r.g as tf.Tensor2D;
        });
      }
      case 'grokfast-ma': {
        const slot = this.maWindow[this.maCount % tr.window] as Slots;
        for (const k of PARAM_NAMES) slot[k].assign(grads[k]);
        this.maCount += 1;
        if (this.maCount < tr.window) return grads;
        return mapParams((k) => maFilter(this.maWindow.map((s) => s[k]), grads[k], tr.lambda) as tf.Tensor2D);
      }
    }
  }

  /** Applies one update to `params` in place. Call inside tf.tidy. */
  apply(params: Slots, rawGrads: Params): void {
    const c = this.config;
    const reg = c.regularizer;
    let grads = this.transform(params, rawGrads);
    if (reg.kind === 'linf-smooth') {
      const g = grads;
      grads = mapParams((k) => tf.add(g[k], lqPenaltyGrad(params[k], reg.lambda, reg.q)) as tf.Tensor2D);
    }
    this.t += 1;
    const wd = reg.kind === 'l2' ? reg.wd : 0;
    let next: Params;
    switch (c.optimizer) {
      case 'adamw': {
        const m = this.m as Slots;
        const v = this.v as Slots;
        const hp = { lr: c.lr, beta1: c.beta1, beta2: c.beta2, eps: c.eps, wd };
        const g = grads;
        next = mapParams((k) => {
          const r = adamwUpdate(params[k], g[k], m[k], v[k], this.t, hp);
          m[k].assign(r.m as tf.Tensor2D);
          v[k].assign(r.v as tf.Tensor2D);
          return r.theta as tf.Tensor2D;
        });
        break;
      }
      case 'gd': {
        const g = grads;
        next = mapParams((k) => gdUpdate(params[k], g[k], c.lr, wd) as tf.Tensor2D);
        break;
      }
      case 'ngd': {
        const out = normalizedGdUpdate(
          PARAM_NAMES.map((k) => params[k]),
          PARAM_NAMES.map((k) => grads[k]),
          c.lr,
          wd,
        );
        next = mapParams((k) => out[PARAM_NAMES.indexOf(k)] as tf.Tensor2D);
        break;
      }
    }
    if (reg.kind === 'linf-prox') {
      const n = next;
      next = mapParams((k) => proxLinf(n[k], c.lr * reg.lambda) as tf.Tensor2D);
    }
    for (const k of PARAM_NAMES) params[k].assign(next[k]);
  }

  /** The state tensors by name ('adam.m.Wa', 'ma.3.V', …), for snapshots. */
  stateEntries(): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    const add = (prefix: string, s: Slots | null): void => {
      if (s === null) return;
      for (const k of PARAM_NAMES) out.push([`${prefix}.${k}`, s[k]]);
    };
    add('adam.m', this.m);
    add('adam.v', this.v);
    add('ema', this.ema);
    this.maWindow.forEach((s, i) => add(`ma.${i}`, s));
    return out;
  }

  /** The counters that go with stateEntries() into an OptimizerState. */
  get counters(): { readonly t: number; readonly maCount: number } {
    return { t: this.t, maCount: this.maCount };
  }

  /** Restores state taken from an optimizer with the same config and shapes. */
  importState(state: OptimizerState): void {
    for (const [name, variable] of this.stateEntries()) {
      const data = state.tensors[name];
      if (data === undefined || data.length !== variable.size) {
        throw new Error(`Optimizer state "${name}" is missing or has the wrong size.`);
      }
      tf.tidy(() => variable.assign(tf.tensor(data, variable.shape)));
    }
    this.t = state.t;
    this.maCount = state.maCount;
  }

  dispose(): void {
    for (const [, variable] of this.stateEntries()) variable.dispose();
  }
}

function mapParams(f: (k: ParamName) => tf.Tensor2D): Params {
  return { Wa: f('Wa'), Wb: f('Wb'), V: f('V') };
}
