import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GradTransform, OptimizerKind, Regularizer } from './config.ts';
import type { Params } from './model.ts';
import {
  adamwUpdate,
  emaFilter,
  gdUpdate,
  lqPenaltyGrad,
  maFilter,
  normalizedGdUpdate,
  Optimizer,
  orthogonalize,
  proxLinf,
} from './optim.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t1 = (xs: number[]): tf.Tensor => tf.tensor1d(xs);
const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const expectClose = (got: number[], want: number[], digits = 6): void => {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i] ?? Number.NaN, digits));
};

describe('update rules', () => {
  it('AdamW: decay first, then the bias-corrected Adam step (two steps by hand)', () => {
    const hp = { lr: 0.1, beta1: 0.9, beta2: 0.98, eps: 1e-8, wd: 0.5 };
    const theta = t1([1, -2]);
    const g1 = t1([0.5, 0.1]);
    const s1 = adamwUpdate(theta, g1, t1([0, 0]), t1([0, 0]), 1, hp);
    // Step 1: m̂ = g, v̂ = g², so the step is lr·sign(g); decay multiplies by 1 − 0.1·0.5.
    expectClose(values(s1.m), [0.05, 0.01]);
    expectClose(values(s1.v), [0.005, 0.0002]);
    expectClose(values(s1.theta), [0.95 - 0.1, -1.9 - 0.1]);
    // Step 2 with g = (−0.5, 0.3):
    // m = (0.045 − 0.05, 0.009 + 0.03) = (−0.005, 0.039); m̂ = m / 0.19
    // v = (0.0049 + 0.005, 0.000196 + 0.0018) = (0.0099, 0.001996); v̂ = v / (1 − 0.9604)
    const s2 = adamwUpdate(s1.theta, t1([-0.5, 0.3]), s1.m, s1.v, 2, hp);
    const mHat = [-0.005 / 0.19, 0.039 / 0.19];
    const vHat = [0.0099 / 0.0396, 0.001996 / 0.0396];
    const want = [0.85, -2.0].map((th, i) => th * 0.95 - (0.1 * mHat[i]!) / (Math.sqrt(vHat[i]!) + 1e-8));
    expectClose(values(s2.theta), want, 5);
  });

  it('GD with decoupled weight decay', () => {
    expectClose(values(gdUpdate(t1([1, -2]), t1([0.5, 0.1]), 0.1, 0.5)), [0.95 - 0.05, -1.9 - 0.01]);
    expectClose(values(gdUpdate(t1([1, -2]), t1([0.5, 0.1]), 0.1, 0)), [0.95, -2.01]);
  });

  it('normalized GD divides by the norm of the whole gradient', () => {
    // ‖g‖ over both tensors = ‖(3, 0, 4)‖ = 5.
    const [a, b] = normalizedGdUpdate([t1([1, 1]), t1([2])], [t1([3, 0]), t1([4])], 0.5, 0);
    expectClose(values(a!), [1 - 0.3, 1]);
    expectClose(values(b!), [2 - 0.4]);
    const [z] = normalizedGdUpdate([t1([1])], [t1([0])], 0.5, 0);
    expectClose(values(z!), [1]);
  });
});

describe('regularizers', () => {
  it('ℓ_q penalty gradient: λ·sign(θ)(|θ|/‖θ‖_q)^(q−1)', () => {
    // q = 2: λθ/‖θ‖₂.
    expectClose(values(lqPenaltyGrad(t1([3, -4]), 2, 2)), [1.2, -1.6]);
    // q = 16, θ = (1, −1): ‖θ‖₁₆ = 2^(1/16), so each entry is ±λ·2^(−15/16).
    const c = Math.pow(2, -15 / 16);
    expectClose(values(lqPenaltyGrad(t1([1, -1]), 0.1, 16)), [0.1 * c, -0.1 * c]);
    // Huge weights must not overflow (|θ|^16 would).
    expectClose(values(lqPenaltyGrad(t1([1000, 0, -1000]), 1, 16)), [c, 0, -c]);
    expectClose(values(lqPenaltyGrad(t1([0, 0]), 1, 16)), [0, 0]);
  });

  it('ℓ_q penalty gradient matches a finite difference of λ‖θ‖_q', () => {
    const theta = [0.3, -0.7, 0.5, 0.65];
    const f = (x: number[]): number => 0.2 * Math.pow(x.reduce((s, v) => s + Math.abs(v) ** 16, 0), 1 / 16);
    const g = values(lqPenaltyGrad(t1(theta), 0.2, 16));
    theta.forEach((_, i) => {
      const up = theta.slice();
      const dn = theta.slice();
      up[i]! += 1e-5;
      dn[i]! -= 1e-5;
      expect(g[i]).toBeCloseTo((f(up) - f(dn)) / 2e-5, 4);
    });
  });

  it('ℓ∞ prox clips the largest entries so that t of ℓ1 mass is removed', () => {
    // |θ| sorted 3, 2, 1, 0.5; (3 − τ) + (2 − τ) = 1.5 gives τ = 1.75.
    expectClose(values(proxLinf(t1([3, -1, 2, 0.5]), 1.5)), [1.75, -1, 1.75, 0.5]);
    // Only the top entry: 3 − τ = 0.5.
    expectClose(values(proxLinf(t1([3, -1, 2, 0.5]), 0.5)), [2.5, -1, 2, 0.5]);
    // Ties are clipped together.
    expectClose(values(proxLinf(tf.tensor2d([[-2, 2], [1, 0]]), 1)), [-1.5, 1.5, 1, 0]);
    // t ≥ ‖θ‖₁ sends everything to zero.
    expectClose(values(proxLinf(t1([3, -1, 2, 0.5]), 6.5)), [0, 0, 0, 0]);
    expectClose(values(proxLinf(t1([3, -1]), 0)), [3, -1]);
  });
});

describe('gradient transforms', () => {
  it('⊥Grad removes the component along θ, optionally keeping ‖g‖', () => {
    expectClose(values(orthogonalize(t1([1, 0]), t1([1, 1]), false)), [0, 1]);
    expectClose(values(orthogonalize(t1([1, 0]), t1([1, 1]), true)), [0, Math.SQRT2]);
    // θ = (1, 1), g = (2, 0): θ·g/θ·θ = 1, g⊥ = (1, −1).
    expectClose(values(orthogonalize(t1([1, 1]), t1([2, 0]), false)), [1, -1]);
    expectClose(values(orthogonalize(t1([1, 1]), t1([2, 0]), true)), [Math.SQRT2, -Math.SQRT2]);
  });

  it('Grokfast-EMA starts from the first gradient', () => {
    const a = emaFilter(null, t1([1, 2]), 0.9, 2);
    expectClose(values(a.mu), [1, 2]);
    expectClose(values(a.g), [3, 6]);
    const b = emaFilter(a.mu, t1([3, 0]), 0.9, 2);
    expectClose(values(b.mu), [0.9 + 0.3, 1.8]);
    expectClose(values(b.g), [3 + 2.4, 3.6]);
  });

  it('Grokfast-MA adds λ·mean of the window', () => {
    expectClose(values(maFilter([t1([1, 0]), t1([3, 2])], t1([3, 2]), 5)), [3 + 10, 2 + 5]);
  });
});

const shapes: Params<[number, number]> = { Wa: [1, 2], Wb: [1, 2], V: [2, 1] };
const init = { Wa: [1, -2], Wb: [0.5, 0.5], V: [2, 0] };
function run(
  optimizer: OptimizerKind,
  regularizer: Regularizer,
  transform: GradTransform,
  grads: Params<number[]>[],
  lr = 0.1,
): { params: Params<number[]>; opt: Optimizer; vars: Params<tf.Variable<tf.Rank.R2>> } {
  const opt = new Optimizer({ optimizer, lr, beta1: 0.9, beta2: 0.98, eps: 1e-8, regularizer, transform }, shapes);
  const vars = {
    Wa: tf.variable(tf.tensor2d(init.Wa, shapes.Wa)),
    Wb: tf.variable(tf.tensor2d(init.Wb, shapes.Wb)),
    V: tf.variable(tf.tensor2d(init.V, shapes.V)),
  };
  for (const g of grads) {
    tf.tidy(() =>
      opt.apply(vars, {
        Wa: tf.tensor2d(g.Wa, shapes.Wa),
        Wb: tf.tensor2d(g.Wb, shapes.Wb),
        V: tf.tensor2d(g.V, shapes.V),
      }),
    );
  }
  return { params: { Wa: values(vars.Wa), Wb: values(vars.Wb), V: values(vars.V) }, opt, vars };
}

describe('Optimizer (transform → penalty → update → prox, per matrix)', () => {
  const none = { kind: 'none' } as const;
  const g1 = { Wa: [1, 0], Wb: [0, 2], V: [1, 1] };
  const g2 = { Wa: [3, 0], Wb: [2, 0], V: [0, 1] };
  const g3 = { Wa: [0, 1], Wb: [0, 0], V: [1, 0] };

  it('GD applies the raw gradient', () => {
    const { params } = run('gd', none, none, [g1]);
    expectClose(params.Wa, [0.9, -2]);
    expectClose(params.V, [1.9, -0.1]);
  });

  it('Grokfast-MA waits for a full window, then adds λ·mean', () => {
    const { params } = run('gd', none, { kind: 'grokfast-ma', window: 2, lambda: 5 }, [g1, g2, g3]);
    // W_a: step 1 plain (1, 0); step 2: (3, 0) + 5·(2, 0) = (13, 0); step 3: (0, 1) + 5·(1.5, 0.5) = (7.5, 3.5).
    expectClose(params.Wa, [1 - 0.1 * (1 + 13 + 7.5), -2 - 0.1 * 3.5], 5);
  });

  it('Grokfast-EMA filters each matrix', () => {
    const { params } = run('gd', none, { kind: 'grokfast-ema', alpha: 0.5, lambda: 1 }, [g1, g2]);
    // W_b: μ1 = (0, 2), ĝ1 = (0, 4); μ2 = (1, 1), ĝ2 = (3, 1).
    expectClose(params.Wb, [0.5 - 0.3, 0.5 - 0.5], 5);
  });

  it('⊥Grad uses θ before the update', () => {
    const { params } = run('gd', none, { kind: 'orthograd', rescale: false }, [g1]);
    // V = (2, 0), g = (1, 1) → (0, 1).
    expectClose(params.V, [2, -0.1]);
  });

  it('ℓ2 is decoupled weight decay for every optimizer', () => {
    const { params } = run('ngd', { kind: 'l2', wd: 2 }, none, [g1]);
    // ‖g‖ = √(1 + 4 + 2) = √7.
    const s = 0.1 / Math.sqrt(7);
    expectClose(params.Wa, [1 * 0.8 - s, -2 * 0.8], 5);
  });

  it('smooth ℓ∞ adds its gradient before the update; the prox runs after it', () => {
    const smooth = run('gd', { kind: 'linf-smooth', lambda: 1, q: 2 }, none, [g1]);
    // W_a: g + θ/‖θ‖ = (1 + 1/√5, −2/√5).
    expectClose(smooth.params.Wa, [1 - 0.1 * (1 + 1 / Math.sqrt(5)), -2 + 0.1 * (2 / Math.sqrt(5))], 5);
    const prox = run('gd', { kind: 'linf-prox', lambda: 5 }, none, [g1]);
    // W_a after GD: (0.9, −2); prox with t = lr·λ = 0.5 clips |−2| to 1.5.
    expectClose(prox.params.Wa, [0.9, -1.5], 5);
  });

  it('AdamW through the class matches the pure step', () => {
    const { params } = run('adamw', { kind: 'l2', wd: 1 }, none, [g1]);
    // First step: θ(1 − 0.1) − 0.1·sign(g) where g ≠ 0.
    expectClose(params.Wa, [0.9 - 0.1, -1.8], 5);
    expectClose(params.V, [1.8 - 0.1, -0.1], 5);
  });

  it('exports and re-imports its state exactly', () => {
    const a = run('adamw', none, { kind: 'grokfast-ma', window: 2, lambda: 1 }, [g1, g2]);
    const state = {
      ...a.opt.counters,
      tensors: Object.fromEntries(a.opt.stateEntries().map(([name, v]) => [name, Float32Array.from(v.dataSync())])),
    };
    expect(state.t).toBe(2);
    expect(state.maCount).toBe(2);
    expect(Object.keys(state.tensors).sort()).toEqual(
      ['adam.m', 'adam.v', 'ma.0', 'ma.1'].flatMap((s) => ['V', 'Wa', 'Wb'].map((k) => `${s}.${k}`)).sort(),
    );
    const b = run('adamw', none, { kind: 'grokfast-ma', window: 2, lambda: 1 }, []);
    b.opt.importState(state);
    for (const k of ['Wa', 'Wb', 'V'] as const) b.vars[k].assign(a.vars[k]);
    const step = (o: Optimizer, vars: Params<tf.Variable<tf.Rank.R2>>): number[] => {
      tf.tidy(() =>
        o.apply(vars, { Wa: tf.tensor2d(g3.Wa, shapes.Wa), Wb: tf.tensor2d(g3.Wb, shapes.Wb), V: tf.tensor2d(g3.V, shapes.V) }),
      );
      return values(vars.Wa);
    };
    expect(step(b.opt, b.vars)).toEqual(step(a.opt, a.vars));
    expect(() => b.opt.importState({ ...state, tensors: {} })).toThrow(/missing/);
  });

  it('keeps the tensor count flat', () => {
    const { opt, vars } = run('adamw', { kind: 'linf-prox', lambda: 1 }, { kind: 'grokfast-ma', window: 3, lambda: 1 }, [g1]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      tf.tidy(() => opt.apply(vars, { Wa: tf.ones(shapes.Wa), Wb: tf.ones(shapes.Wb), V: tf.ones(shapes.V) }));
    }
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    tf.dispose([vars.Wa, vars.Wb, vars.V]);
    // Adam's m and v, a window of 3, and the 3 weights: one tensor per matrix each.
    expect(tf.memory().numTensors).toBe(before - (2 * 3 + 3 * 3 + 3));
  });
});
