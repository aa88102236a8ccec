import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, InvalidConfigError, sliceRows, splitSizes, type RunConfig } from './config.ts';
import { computeGrads } from './grads.ts';
import { PRESETS } from './presets.ts';
import { BatchSampler, cutBatch, faultFor, Trainer, type TrainerSnapshot } from './train.ts';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const small = (over: Partial<RunConfig> = {}): RunConfig => ({
  ...DEFAULT_CONFIG,
  p: 11,
  width: 16,
  trainFraction: 0.5,
  probeSize: 16,
  ...over,
});

/** FNV-1a over the bytes of the weights and the optimizer state: equal only when every bit is. */
function fingerprint(s: TrainerSnapshot): string {
  let h = 0x811c9dc5;
  for (const a of [s.params.Wa, s.params.Wb, s.params.V, ...Object.values(s.optimizer.tensors)]) {
    for (const b of new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Trains in chunks of 7, so both the chunk's inner steps and its checked last step are exercised. */
async function trained(config: RunConfig, steps: number): Promise<TrainerSnapshot> {
  const trainer = new Trainer(config);
  for (let done = 0; done < steps; done += 7) await trainer.step(Math.min(7, steps - done));
  const snap = await trainer.snapshot();
  trainer.dispose();
  return snap;
}

/** Direct float64 re-computation of the loss-side metrics from a snapshot. */
function reference(s: TrainerSnapshot) {
  const { p, width: h, alpha } = s.config;
  const outFor = (w: TrainerSnapshot['params'], a: number, b: number): number[] => {
    const out = new Array<number>(p).fill(0);
    for (let i = 0; i < h; i++) {
      const z = (w.Wa[a * h + i] ?? 0) + (w.Wb[b * h + i] ?? 0);
      for (let c = 0; c < p; c++) out[c]! += z * z * (w.V[i * p + c] ?? 0);
    }
    return out;
  };
  const rows = [];
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const raw = outFor(s.params, a, b);
      const f0 = outFor(s.init, a, b);
      const out = raw.map((v, c) => (alpha === null ? v : alpha * (v - (f0[c] ?? 0))));
      const y = (a + b) % p;
      const max = Math.max(...out);
      const lse = max + Math.log(out.reduce((acc, v) => acc + Math.exp(v - max), 0));
      const others = Math.max(...out.filter((_, c) => c !== y));
      rows.push({ loss: lse - (out[y] ?? 0), pred: out.indexOf(max), correct: out.indexOf(max) === y, margin: (out[y] ?? 0) - others });
    }
  }
  return rows;
}

describe('Trainer', () => {
  it('refuses invalid settings with the validation errors', () => {
    expect(() => new Trainer(small({ p: 1 }))).toThrow(InvalidConfigError);
    try {
      new Trainer(small({ width: 5000 }));
    } catch (e) {
      expect((e as InvalidConfigError).errors[0]).toMatchObject({ field: 'width', code: 'out-of-range' });
    }
  });

  it.each([0, 5])('measures what a direct computation gives, over the whole sets (batch size %s)', async (batchSize) => {
    const trainer = new Trainer(small({ alpha: 2, p: 7, width: 6, batchSize }));
    const m0 = await trainer.metrics();
    expect(m0.distanceFromInit).toBe(0);
    expect(m0.ntkChange).toBe(0);
    // Centered: the output starts at exactly 0, so every class ties and the loss is log p.
    expect(m0.train.loss).toBeCloseTo(Math.log(7), 5);

    await trainer.step(15);
    const m = await trainer.metrics();
    const snap = await trainer.snapshot();
    const rows = reference(snap);
    const { trainIdx, testIdx } = trainer.dataset;
    const mean = (idx: Int32Array, f: (r: (typeof rows)[number]) => number): number =>
      Array.from(idx).reduce((acc, i) => acc + f(rows[i]!), 0) / idx.length;
    expect(m.step).toBe(15);
    expect(m.train.loss).toBeCloseTo(mean(trainIdx, (r) => r.loss), 4);
    expect(m.test.loss).toBeCloseTo(mean(testIdx, (r) => r.loss), 4);
    expect(m.train.accuracy).toBeCloseTo(mean(trainIdx, (r) => Number(r.correct)), 10);
    expect(m.test.accuracy).toBeCloseTo(mean(testIdx, (r) => Number(r.correct)), 10);
    expect(m.train.margin).toBeCloseTo(mean(trainIdx, (r) => r.margin), 4);
    expect(Array.from(m.grid.predicted)).toEqual(rows.map((r) => r.pred));
    expect(Array.from(m.grid.correct)).toEqual(rows.map((r) => Number(r.correct)));

    const norm = (xs: Float32Array): number => Math.sqrt(xs.reduce((acc, v) => acc + v * v, 0));
    expect(m.norms.Wa.l2).toBeCloseTo(norm(snap.params.Wa), 4);
    expect(m.norms.V.linf).toBeCloseTo(Math.max(...snap.params.V.map(Math.abs)), 6);
    const d = (['Wa', 'Wb', 'V'] as const).reduce(
      (acc, k) => acc + snap.params[k].reduce((s, v, i) => s + (v - (snap.init[k][i] ?? 0)) ** 2, 0),
      0,
    );
    const n0 = (['Wa', 'Wb', 'V'] as const).reduce((acc, k) => acc + norm(snap.init[k]) ** 2, 0);
    expect(m.distanceFromInit).toBeCloseTo(Math.sqrt(d / n0), 5);
    expect(m.ntkChange).toBeGreaterThan(0);
    trainer.dispose();
  });

  it('resumes exactly from a snapshot, also in a fresh Trainer', async () => {
    const config = small({ transform: { kind: 'grokfast-ma', window: 4, lambda: 2 } });
    const a = new Trainer(config);
    await a.step(10);
    const snap = await a.snapshot();
    await a.step(7);
    const after = await a.snapshot();
    a.restore(snap);
    expect(a.stepCount).toBe(10);
    await a.step(7);
    const again = await a.snapshot();
    expect(again.params.Wa).toEqual(after.params.Wa);
    expect(again.params.V).toEqual(after.params.V);
    const b = Trainer.fromSnapshot(snap);
    await b.step(7);
    expect((await b.snapshot()).params.Wb).toEqual(after.params.Wb);
    expect(() => b.restore({ ...snap, config: { ...config, p: 13 } })).toThrow(/different settings/);
    a.dispose();
    b.dispose();
  });

  it('takes a snapshot that later steps cannot tear', async () => {
    const a = new Trainer(small());
    const b = new Trainer(small());
    await a.step(5);
    await b.step(5);
    const pending = a.snapshot();
    const stepping = a.step(5);
    const snap = await pending;
    await stepping;
    const ref = await b.snapshot();
    expect(snap.step).toBe(5);
    expect(snap.params).toEqual(ref.params);
    expect(snap.optimizer).toEqual(ref.optimizer);
    a.dispose();
    b.dispose();
  });

  it('moves to another backend through a snapshot', async () => {
    const a = new Trainer(small());
    await a.step(20);
    const snap = await a.snapshot();
    const ref = await a.metrics();
    a.dispose();
    await tf.setBackend('cpu');
    try {
      const b = Trainer.fromSnapshot(snap);
      expect(b.backend).toBe('cpu');
      const m = await b.metrics();
      expect(m.step).toBe(20);
      expect(m.train.loss).toBeCloseTo(ref.train.loss, 4);
      await b.step(5);
      expect(b.stepCount).toBe(25);
      b.dispose();
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('stops with a typed fault when the weights diverge', async () => {
    const trainer = new Trainer(small({ optimizer: 'gd', lr: 100, regularizer: { kind: 'none' } }));
    let report = await trainer.step(1);
    for (let i = 0; i < 50 && report.fault === null; i++) report = await trainer.step(5);
    expect(report.fault).toMatchObject({ kind: 'non-finite', cause: 'divergence' });
    expect(report.fault?.message).toMatch(/diverged/);
    const stopped = trainer.stepCount;
    await trainer.step(5);
    expect(trainer.stepCount).toBe(stopped);
    trainer.dispose();
  });

  it('names softmax collapse as the cause when most losses were exactly 0', () => {
    expect(faultFor(900, 0.8)).toMatchObject({ cause: 'softmax-collapse', step: 900 });
    expect(faultFor(900, 0.8).message).toMatch(/softmax collapse \(80%/);
    expect(faultFor(900, 0.1).cause).toBe('divergence');
  });

  it('reports the share of training rows with float32 loss exactly 0', async () => {
    const trainer = new Trainer(small({ p: 23, width: 64 }));
    await trainer.step(100);
    const fitted = await trainer.metrics();
    expect(fitted.train.accuracy).toBe(1);
    expect(fitted.train.zeroLossFraction).toBe(0);
    // Scaling V by 1000 scales the logits by 1000: the fitted rows' margins put their loss below float32's reach.
    const snap = await trainer.snapshot();
    trainer.restore({ ...snap, params: { ...snap.params, V: snap.params.V.map((v) => v * 1000) } });
    const m = await trainer.metrics();
    expect(m.train.zeroLossFraction).toBeGreaterThan(0.5);
    expect(m.softmaxCollapse).toBe(true);
    const report = await trainer.step(1);
    expect(report.zeroLossFraction).toBeCloseTo(m.train.zeroLossFraction, 10);
    expect(report.softmaxCollapse).toBe(true);
    trainer.dispose();
  });

  it.each([0, 16])('keeps the tensor count flat over 2,000 steps (batch size %s)', async (batchSize) => {
    const before = tf.memory().numTensors;
    const trainer = new Trainer(small({ batchSize, alpha: batchSize > 0 ? 1 : null }));
    await trainer.step(10);
    await trainer.metrics();
    const running = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      await trainer.step(20);
      if (i % 20 === 0) await trainer.metrics();
    }
    expect(trainer.stepCount).toBe(2010);
    expect(tf.memory().numTensors).toBe(running);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each<[string, Partial<RunConfig>]>([
    ['GD, centered MSE, Grokfast-EMA', { optimizer: 'gd', loss: 'mse', alpha: 0.5, transform: { kind: 'grokfast-ema', alpha: 0.9, lambda: 2 } }],
    ['normalized GD, StableMax, ReLU, ⊥Grad, smooth ℓ∞', { optimizer: 'ngd', loss: 'stablemax', activation: 'relu', transform: { kind: 'orthograd', rescale: true }, regularizer: { kind: 'linf-smooth', lambda: 0.1, q: 16 } }],
    ['AdamW, Grokfast-MA, ℓ∞ prox', { transform: { kind: 'grokfast-ma', window: 5, lambda: 5 }, regularizer: { kind: 'linf-prox', lambda: 10 } }],
  ])('leaks nothing with %s', async (_, over) => {
    const before = tf.memory().numTensors;
    const trainer = new Trainer(small(over));
    await trainer.step(10);
    await trainer.metrics();
    const running = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await trainer.step(20);
    const snap = await trainer.snapshot();
    trainer.restore(snap);
    await trainer.metrics();
    expect(tf.memory().numTensors).toBe(running);
    expect(trainer.lastReport.fault).toBeNull();
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('full batch', () => {
  // Fingerprints recorded with the engine as it was before minibatches existed.
  it.each<[string, RunConfig, number, string]>([
    ['small', small(), 40, 'e53b98eb'],
    ['small with Grokfast-EMA', small({ transform: { kind: 'grokfast-ema', alpha: 0.98, lambda: 2 } }), 40, 'b6e67c3a'],
    // The fast preset as it was then (it has since moved to lr 3e-2 and 45% of the table).
    ['p = 47 at lr 2e-2', { ...DEFAULT_CONFIG, lr: 2e-2 }, 30, '8696e387'],
  ])('trains %s bit for bit as before, with batchSize absent, 0 or the training-set size', async (_, config, steps, expected) => {
    const probe = new Trainer(config);
    const size = probe.dataset.trainIdx.length;
    probe.dispose();
    expect(fingerprint(await trained(config, steps))).toBe(expected);
    expect(fingerprint(await trained({ ...config, batchSize: 0 }, steps))).toBe(expected);
    expect(fingerprint(await trained({ ...config, batchSize: size }, steps))).toBe(expected);
  });
});

describe('minibatches', () => {
  it('visit every training row once per epoch, in an order set by the seed', () => {
    const n = 10;
    const sampler = new BatchSampler(n, 4, 3);
    const stream = Array.from({ length: 10 }, (_, t) => Array.from(sampler.rows(t))).flat();
    for (let e = 0; e < 4; e++) expect(stream.slice(e * n, (e + 1) * n).sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
    // Epochs are shuffled afresh; a batch straddles two of them (step 2 is rows 8, 9 of epoch 0 and 0, 1 of epoch 1).
    expect(Array.from(sampler.order(1))).not.toEqual(Array.from(sampler.order(0)));
    expect(Array.from(sampler.rows(2))).toEqual([...sampler.order(0).slice(8), ...sampler.order(1).slice(0, 2)]);
    // The rows depend on the step alone, not on which steps were asked for before.
    expect(Array.from(new BatchSampler(n, 4, 3).rows(9))).toEqual(stream.slice(36, 40));
    expect(Array.from(new BatchSampler(n, 4, 4).rows(0))).not.toEqual(stream.slice(0, 4));
    expect(() => new BatchSampler(n, 11, 0)).toThrow(RangeError);
  });

  it('are reproducible from the seed and differ from the full batch', async () => {
    const config = small({ batchSize: 12 });
    const a = await trained(config, 30);
    expect(fingerprint(await trained(config, 30))).toBe(fingerprint(a));
    expect(fingerprint(await trained(small(), 30))).not.toBe(fingerprint(a));
  });

  it('resume exactly from a snapshot, also in a fresh Trainer', async () => {
    const config = small({ batchSize: 7, transform: { kind: 'grokfast-ema', alpha: 0.9, lambda: 2 } });
    const a = new Trainer(config);
    await a.step(13);
    const snap = await a.snapshot();
    await a.step(9);
    const after = fingerprint(await a.snapshot());
    a.restore(snap);
    await a.step(9);
    expect(fingerprint(await a.snapshot())).toBe(after);
    const b = Trainer.fromSnapshot(snap);
    await b.step(4);
    await b.step(5);
    expect(fingerprint(await b.snapshot())).toBe(after);
    a.dispose();
    b.dispose();
  });

  it('still learn the task', async () => {
    const trainer = new Trainer(small({ p: 23, width: 64, batchSize: 32 }));
    await trainer.step(300);
    expect((await trainer.metrics()).train.accuracy).toBeGreaterThan(0.99);
    trainer.dispose();
  });
});

describe('a model too large to step in one piece', () => {
  // p 97, width 512: 3,764 training rows, more than the 2,702 of one slice (SLICE_WORK), so a step is two slices.
  const large = (over: Partial<RunConfig> = {}): RunConfig => ({ ...DEFAULT_CONFIG, p: 97, width: 512, probeSize: 32, ...over });

  it('sums its gradients over row slices into the same update as one full-batch gradient', async () => {
    const config = large({ optimizer: 'gd', lr: 0.5, regularizer: { kind: 'none' } });
    expect(sliceRows(97, 512)).toBeLessThan(splitSizes(97, 0.4).nTrain);
    const trainer = new Trainer(config);
    const before = await trainer.snapshot();
    // The same gradient in one piece, straight from computeGrads over the whole training set.
    const whole = tf.tidy(() => {
      const shapes = { Wa: [97, 512], Wb: [97, 512], V: [512, 97] } as const;
      const params = { Wa: tf.tensor2d(before.params.Wa, [...shapes.Wa]), Wb: tf.tensor2d(before.params.Wb, [...shapes.Wb]), V: tf.tensor2d(before.params.V, [...shapes.V]) };
      const rows = Int32Array.from(trainer.dataset.trainIdx.keys());
      const labels = Int32Array.from(trainer.dataset.trainIdx, (i) => trainer.dataset.labels[i]!);
      const batch = cutBatch(trainer.dataset.trainIdx, labels, rows, 97, tf.getBackend(), null);
      const { grads } = computeGrads(params, batch, { activation: 'square', loss: 'ce', alpha: null }, false);
      return { Wa: grads.Wa.dataSync().slice(), V: grads.V.dataSync().slice() };
    });
    await trainer.step(1);
    const after = await trainer.snapshot();
    expect(after.step).toBe(1);
    let worst = 0;
    let scale = 0;
    for (const k of ['Wa', 'V'] as const) {
      for (let i = 0; i < whole[k].length; i++) {
        const stepped = (before.params[k][i]! - after.params[k][i]!) / 0.5;
        worst = Math.max(worst, Math.abs(stepped - whole[k][i]!));
        scale = Math.max(scale, Math.abs(whole[k][i]!));
      }
    }
    expect(scale).toBeGreaterThan(0);
    expect(worst / scale).toBeLessThan(1e-4);
    trainer.dispose();
  });

  it('drops a step stopped between slices, changing nothing and leaking nothing', async () => {
    const trainer = new Trainer(large({ transform: { kind: 'grokfast-ema', alpha: 0.9, lambda: 2 } }));
    await trainer.step(1);
    const before = fingerprint(await trainer.snapshot());
    const tensors = tf.memory().numTensors;
    let asked = 0;
    const report = await trainer.step(3, () => ++asked > 0);
    expect(asked).toBe(1);
    expect(report.step).toBe(1);
    expect(trainer.stepCount).toBe(1);
    expect(fingerprint(await trainer.snapshot())).toBe(before);
    expect(tf.memory().numTensors).toBe(tensors);
    // Unstopped, the same step still comes out, and twice the same.
    await trainer.step(1);
    const a = fingerprint(await trainer.snapshot());
    const other = new Trainer(large({ transform: { kind: 'grokfast-ema', alpha: 0.9, lambda: 2 } }));
    await other.step(2);
    expect(fingerprint(await other.snapshot())).toBe(a);
    expect(await trainer.probeStepMs()).toBeGreaterThan(0);
    expect(trainer.stepCount).toBe(2);
    trainer.dispose();
    other.dispose();
  });
});

describe('the speed-tuned presets', () => {
  // The live demos' step budgets behind the speed targets (fast ≤ 1 s, classic ≤ 8 s in the browser):
  // seeds 0/1/2 grok at 185/175/175 and 305/290/285 steps. Every 5 steps until memorized, so the
  // 4× plateau is checked against the true memorization step, then every 25.
  it.each([
    ['fast', 250],
    ['classic', 400],
  ] as const)('%s memorizes, stalls, then groks within %i steps', async (id, budget) => {
    const trainer = new Trainer(PRESETS[id].runs[0]!.config);
    let memorized: number | null = null;
    let testAtMemorized = 0;
    let grokked: number | null = null;
    while (trainer.stepCount < budget && grokked === null) {
      await trainer.step(memorized === null ? 5 : 25);
      const m = await trainer.metrics();
      if (memorized === null && m.train.accuracy > 0.99) {
        memorized = m.step;
        testAtMemorized = m.test.accuracy;
      }
      if (grokked === null && m.test.accuracy > 0.95) grokked = m.step;
    }
    trainer.dispose();
    expect(memorized).not.toBeNull();
    expect(testAtMemorized).toBeLessThanOrEqual(0.1);
    expect(grokked, `no grok within ${budget} steps`).not.toBeNull();
    expect(grokked!).toBeGreaterThanOrEqual(4 * memorized!);
  }, 30_000);
});
