/**
 * One training run: owns its weights, optimizer state and constants on the
 * current tf backend. Set the backend (tf.setBackend + tf.ready) before
 * constructing; to move a run to another backend, snapshot it, dispose it, switch
 * backends and build a new Trainer with Trainer.fromSnapshot.
 */
import * as tf from '@tensorflow/tfjs-core';
import { effectiveLr, InvalidConfigError, metricsBlockInputs, sliceRows, validateConfig, type RunConfig } from './config.ts';
import { makeDataset, type Dataset } from './data.ts';
import { computeGrads, type Batch, type GradResult, type LossSpec } from './grads.ts';
import { COLLAPSE_ZERO_LOSS_FRACTION, MetricsContext, type Metrics } from './metrics.ts';
import {
  createPairIndex,
  embedAll,
  initParamValues,
  logitsFromEmbedding,
  logitsOfInputs,
  PARAM_NAMES,
  paramShapes,
  type PairIndex,
  type ParamName,
  type Params,
  yieldTask,
} from './model.ts';
import { Optimizer, type OptimizerState } from './optim.ts';
import { createRng, deriveSeed } from './rng.ts';

export type FaultCause = 'softmax-collapse' | 'divergence';

/** probeStepMs times at least PROBE_MIN and at most PROBE_MAX slices, stopping once PROBE_MS are spent. */
const PROBE_MIN = 3;
const PROBE_MAX = 9;
const PROBE_MS = 300;

/** Training stopped because a weight or the loss stopped being a finite number. */
export interface Fault {
  readonly kind: 'non-finite';
  /**
   * 'softmax-collapse' when, just before, more than half the training rows had
   * a float32 loss of exactly 0 (Prieto et al.'s softmax collapse); otherwise
   * 'divergence' (typically too large a learning rate).
   */
  readonly cause: FaultCause;
  /** The step count at which it was detected (end of the step(n) chunk). */
  readonly step: number;
  readonly zeroLossFraction: number;
  readonly message: string;
}

export interface StepReport {
  readonly step: number;
  /**
   * Mean loss over the rows the last step of the chunk trained on (its
   * minibatch when batchSize is set), before its update. Zero-loss shares
   * below are over the same rows.
   */
  readonly trainLoss: number;
  readonly zeroLossFraction: number;
  readonly softmaxCollapse: boolean;
  readonly fault: Fault | null;
}

/** Everything needed to resume a run exactly, as plain structured-cloneable data. */
export interface TrainerSnapshot {
  readonly config: RunConfig;
  readonly step: number;
  readonly params: Params<Float32Array>;
  readonly init: Params<Float32Array>;
  readonly optimizer: OptimizerState;
  readonly lastReport: StepReport;
}

type Vars = Params<tf.Variable<tf.Rank.R2>>;

/**
 * Which training rows (positions in Dataset.trainIdx) each step of a
 * minibatch run trains on. Epoch e visits all n rows in an order of its own,
 * seeded by the run's seed and e; step t takes positions tB … tB + B − 1 of
 * those orders laid end to end, so every row is seen once per epoch and a
 * batch may straddle two epochs. The rows depend on the step alone: seeking,
 * resuming a snapshot and moving to another backend need no sampler state.
 */
export class BatchSampler {
  readonly n: number;
  readonly size: number;
  private readonly base: number;
  /** The last two epochs' orders: consecutive steps need at most these. */
  private readonly orders = new Map<number, Int32Array>();

  constructor(n: number, size: number, seed: number) {
    if (!(Number.isInteger(size) && size >= 1 && size <= n)) throw new RangeError(`Batch size ${size} is not in 1…${n}.`);
    this.n = n;
    this.size = size;
    this.base = deriveSeed(seed, 'batch');
  }

  /** The visiting order of epoch e, a permutation of 0…n−1. */
  order(epoch: number): Int32Array {
    const cached = this.orders.get(epoch);
    if (cached) return cached;
    const perm = Int32Array.from({ length: this.n }, (_, i) => i);
    // Hashing base + e gives each epoch an unrelated stream (mulberry32 seeds that differ by a
    // constant would give overlapping sequences).
    createRng(deriveSeed((this.base + epoch) >>> 0, 'batch')).shuffle(perm);
    this.orders.set(epoch, perm);
    for (const e of this.orders.keys()) if (e !== epoch && e !== epoch - 1) this.orders.delete(e);
    return perm;
  }

  /** Rows of step t (counting from 0). */
  rows(step: number): Int32Array {
    const out = new Int32Array(this.size);
    const start = step * this.size;
    let epoch = Math.floor(start / this.n);
    let pos = start - epoch * this.n;
    let order = this.order(epoch);
    for (let i = 0; i < this.size; i++, pos++) {
      if (pos === this.n) {
        epoch += 1;
        pos = 0;
        order = this.order(epoch);
      }
      out[i] = order[pos] ?? 0;
    }
    return out;
  }
}

/** The fault for a non-finite state found at `step`, given the latest zero-loss share. */
export function faultFor(step: number, zeroLossFraction: number): Fault {
  const collapsed = zeroLossFraction > COLLAPSE_ZERO_LOSS_FRACTION;
  const pct = (100 * zeroLossFraction).toFixed(0);
  return {
    kind: 'non-finite',
    cause: collapsed ? 'softmax-collapse' : 'divergence',
    step,
    zeroLossFraction,
    message: collapsed
      ? `Training stopped at step ${step}: the weights or the loss became NaN/Inf after softmax collapse ` +
        `(${pct}% of training pairs had a float32 loss of exactly 0, so only rounding error drove the updates).`
      : `Training stopped at step ${step}: the weights or the loss became NaN/Inf; the updates diverged ` +
        `(a smaller learning rate usually fixes this).`,
  };
}

/**
 * The minibatch of the given rows of a training set (its pair indices, labels
 * and, when centered, f(θ₀) on it). Call inside tf.tidy: its tensors belong to
 * the caller's tidy. It gets an index of its own because the gradient scatter
 * on wasm and cpu needs its rows sorted by a and by b, which differ for every
 * batch; a row may appear twice (a batch straddling two epochs) and then
 * counts twice, as it would in a gradient over those rows.
 */
export function cutBatch(
  pairs: Int32Array,
  labels: Int32Array,
  rows: Int32Array,
  p: number,
  backend: string,
  f0: tf.Tensor2D | null,
): Batch {
  const picked = Int32Array.from(rows, (r) => pairs[r] ?? 0);
  const y = Int32Array.from(rows, (r) => labels[r] ?? 0);
  return {
    index: createPairIndex(picked, p, backend),
    onehot: tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), p), 'float32') as tf.Tensor2D,
    f0: f0 === null ? null : tf.gather(f0, tf.tensor1d(rows, 'int32')),
  };
}

export class Trainer {
  readonly config: RunConfig;
  readonly dataset: Dataset;
  /** The tf backend the run's tensors live on. */
  readonly backend: string;
  private readonly spec: LossSpec;
  private readonly params: Vars;
  private readonly optimizer: Optimizer;
  /** The whole training set; minibatches are cut from it step by step. */
  private readonly batch: { index: PairIndex; onehot: tf.Tensor2D; f0: tf.Tensor2D | null };
  /** null: full batch. */
  private readonly sampler: BatchSampler | null;
  /**
   * Training rows per slice when a step's rows are more than one slice's
   * (config.sliceRows); null when every step is taken in one piece, as every
   * preset's is.
   */
  private readonly sliceRows: number | null;
  /** Positions 0…nTrain−1 of the training set: a full-batch step's rows. */
  private readonly allRows: Int32Array;
  private readonly trainLabels: Int32Array;
  private readonly metricsCtx: MetricsContext;
  private init: Params<Float32Array>;
  private theta0: Params;
  private f0All: tf.Tensor2D | null = null;
  private steps = 0;
  private last: StepReport;
  private disposed = false;

  constructor(config: RunConfig) {
    const errors = validateConfig(config);
    if (errors.length > 0) throw new InvalidConfigError(errors);
    this.config = config;
    this.backend = tf.getBackend();
    const { p, width: h } = config;
    this.dataset = makeDataset(p, config.op, config.trainFraction, config.seed);
    this.spec = { activation: config.activation, loss: config.loss, alpha: config.alpha };

    this.init = initParamValues(p, h, config.initScale, config.seed);
    const shapes = paramShapes(p, h);
    const variable = (k: ParamName): tf.Variable<tf.Rank.R2> =>
      tf.tidy(() => tf.variable(tf.tensor2d(this.init[k], shapes[k]), true));
    this.params = { Wa: variable('Wa'), Wb: variable('Wb'), V: variable('V') };
    this.theta0 = this.constants(this.init);

    const trainLabels = Int32Array.from(this.dataset.trainIdx, (i) => this.dataset.labels[i] ?? 0);
    this.trainLabels = trainLabels;
    const nTrain = this.dataset.trainIdx.length;
    const size = config.batchSize ?? 0;
    // A batch of the whole training set is the full batch, and takes its exact path.
    this.sampler = size > 0 && size < nTrain ? new BatchSampler(nTrain, size, config.seed) : null;
    const rowsPerSlice = sliceRows(p, h);
    this.sliceRows = (this.sampler?.size ?? nTrain) > rowsPerSlice ? rowsPerSlice : null;
    this.allRows = Int32Array.from({ length: nTrain }, (_, i) => i);
    this.batch = {
      index: createPairIndex(this.dataset.trainIdx, p, this.backend),
      onehot: tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(trainLabels, 'int32'), p), 'float32') as tf.Tensor2D),
      f0: null,
    };
    this.optimizer = new Optimizer(
      {
        optimizer: config.optimizer,
        lr: effectiveLr(config),
        beta1: config.beta1,
        beta2: config.beta2,
        eps: config.eps,
        regularizer: config.regularizer,
        transform: config.transform,
      },
      shapes,
    );
    this.metricsCtx = new MetricsContext(this.dataset, { ...this.spec, probeSize: config.probeSize, seed: config.seed }, this.backend);
    this.refreshInitDependents();
    this.last = { step: 0, trainLoss: Number.NaN, zeroLossFraction: 0, softmaxCollapse: false, fault: null };
  }

  static fromSnapshot(snapshot: TrainerSnapshot): Trainer {
    const trainer = new Trainer(snapshot.config);
    trainer.restore(snapshot);
    return trainer;
  }

  get stepCount(): number {
    return this.steps;
  }

  get fault(): Fault | null {
    return this.last.fault;
  }

  get lastReport(): StepReport {
    return this.last;
  }

  private constants(values: Params<Float32Array>): Params {
    const shapes = paramShapes(this.config.p, this.config.width);
    return {
      Wa: tf.tensor2d(values.Wa, shapes.Wa),
      Wb: tf.tensor2d(values.Wb, shapes.Wb),
      V: tf.tensor2d(values.V, shapes.V),
    };
  }

  /** f(θ₀) for centering and K₀ for the eNTK both follow θ₀. */
  private refreshInitDependents(): void {
    tf.dispose([this.batch.f0, this.f0All].filter((t): t is tf.Tensor2D => t !== null));
    this.batch.f0 = null;
    this.f0All = null;
    if (this.config.alpha !== null && this.sliceRows !== null) {
      // Too large for one pass: f(θ₀) on all pairs block by block, and the training rows' share gathered from it.
      const t0 = this.theta0;
      const act = this.config.activation;
      const { p, width } = this.config;
      const block = metricsBlockInputs(p, width);
      const parts: tf.Tensor2D[] = [];
      for (let a0 = 0; a0 < p; a0 += block) parts.push(tf.tidy(() => logitsOfInputs(t0.Wa, t0.Wb, t0.V, act, a0, Math.min(p, a0 + block))));
      this.f0All = tf.concat(parts);
      tf.dispose(parts);
      const all = this.f0All;
      this.batch.f0 = tf.tidy(() => tf.gather(all, tf.tensor1d(this.dataset.trainIdx, 'int32')));
    } else if (this.config.alpha !== null) {
      const t0 = this.theta0;
      const act = this.config.activation;
      this.batch.f0 = tf.tidy(() => logitsFromEmbedding(this.batch.index.embed(t0.Wa, t0.Wb), t0.V, act));
      this.f0All = tf.tidy(() => logitsFromEmbedding(embedAll(t0.Wa, t0.Wb), t0.V, act));
    }
    this.metricsCtx.setInit(this.theta0, this.f0All);
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('This Trainer has been disposed.');
  }

  /** The rows of the step about to be taken: the whole training set, or the sampler's minibatch. */
  private stepBatch(): Batch {
    if (this.sampler === null) return this.batch;
    const rows = this.sampler.rows(this.steps);
    return cutBatch(this.dataset.trainIdx, this.trainLabels, rows, this.config.p, this.backend, this.batch.f0);
  }

  private gradients(withLoss: boolean): GradResult {
    return computeGrads(this.params, this.stepBatch(), this.spec, withLoss);
  }

  /**
   * Runs up to n steps (full batch, or one minibatch each) and reports on the
   * last one. Reads back three scalars once per call, not per step, so call it
   * with chunks (e.g. the steps of one animation frame). After a fault it does
   * nothing until `restore`.
   */
  async step(n: number, shouldStop?: () => boolean): Promise<StepReport> {
    this.assertLive();
    const count = Math.floor(n);
    if (this.last.fault !== null || !(count >= 1)) return this.last;
    if (this.sliceRows !== null) {
      for (let i = 0; i < count && this.last.fault === null; i++) {
        if (!(await this.slicedStep(this.sliceRows, shouldStop))) break;
      }
      return this.last;
    }
    // Only the last step of the chunk computes its loss and reads anything back.
    for (let i = 1; i < count; i++) {
      tf.tidy(() => {
        this.optimizer.apply(this.params, this.gradients(false).grads);
      });
      this.steps += 1;
    }
    const check = tf.tidy(() => {
      const { grads, rowLoss } = this.gradients(true);
      this.optimizer.apply(this.params, grads);
      const loss = rowLoss as tf.Tensor1D;
      // Σ|θ| is NaN/Inf as soon as any weight is.
      const health = tf.addN(PARAM_NAMES.map((k) => tf.sum(tf.abs(this.params[k]))));
      return tf.stack([tf.mean(loss), tf.mean(tf.cast(tf.equal(loss, 0), 'float32')), health]);
    });
    this.steps += 1;
    return this.report(check);
  }

  /**
   * One step of a model too large to take in one piece: its gradients summed
   * over slices of its rows, with the event loop turning between slices. When
   * `shouldStop` says so between two slices, the partial sums are dropped and
   * nothing has changed (false); otherwise the update is applied and reported
   * like the last step of a chunk.
   */
  private async slicedStep(rowsPerSlice: number, shouldStop?: () => boolean): Promise<boolean> {
    const rows = this.sampler === null ? this.allRows : this.sampler.rows(this.steps);
    const total = rows.length;
    let sum: Params | null = null;
    const losses: tf.Tensor1D[] = [];
    const release = () => {
      if (sum) tf.dispose(PARAM_NAMES.map((k) => sum![k]));
      tf.dispose(losses);
    };
    for (let start = 0; start < total; start += rowsPerSlice) {
      if (start > 0) {
        await yieldTask();
        if (this.disposed || shouldStop?.()) {
          release();
          return false;
        }
      }
      const part = rows.subarray(start, Math.min(total, start + rowsPerSlice));
      const prev: Params | null = sum;
      const next: Params & { loss: tf.Tensor1D } = tf.tidy(() => {
        const batch = cutBatch(this.dataset.trainIdx, this.trainLabels, part, this.config.p, this.backend, this.batch.f0);
        const { grads, rowLoss } = computeGrads(this.params, batch, this.spec, true, total);
        const summed: Params = prev === null ? grads : mapParams((k) => tf.add(prev[k], grads[k]));
        return { Wa: summed.Wa, Wb: summed.Wb, V: summed.V, loss: rowLoss as tf.Tensor1D };
      });
      if (prev) tf.dispose(PARAM_NAMES.map((k) => prev[k]));
      sum = { Wa: next.Wa, Wb: next.Wb, V: next.V };
      losses.push(next.loss);
    }
    const grads = sum as Params;
    const check = tf.tidy(() => {
      this.optimizer.apply(this.params, grads);
      const loss = tf.concat(losses);
      const health = tf.addN(PARAM_NAMES.map((k) => tf.sum(tf.abs(this.params[k]))));
      return tf.stack([tf.mean(loss), tf.mean(tf.cast(tf.equal(loss, 0), 'float32')), health]);
    });
    release();
    this.steps += 1;
    await this.report(check);
    return true;
  }

  /**
   * Times slices of a step's gradients (the whole step's when it is taken in
   * one piece), without updating anything, and scales them to a step: what a
   * step is expected to take on this machine, before any is trained. The
   * median of a few, since one slice of a large model is 1/58 of its step and
   * a single hiccup of a busy machine would otherwise be multiplied by 58.
   */
  async probeStepMs(): Promise<number> {
    this.assertLive();
    const rows = this.sampler === null ? this.allRows : this.sampler.rows(this.steps);
    const per = this.sliceRows ?? rows.length;
    const slices = Math.ceil(rows.length / per);
    const times: number[] = [];
    let spent = 0;
    for (let i = 0; times.length < PROBE_MAX && (times.length < PROBE_MIN || spent < PROBE_MS); i++) {
      const part = rows.subarray((i % slices) * per, Math.min(rows.length, ((i % slices) + 1) * per));
      const t0 = performance.now();
      const probe = tf.tidy(() => {
        const batch =
          this.sliceRows === null ? this.stepBatch() : cutBatch(this.dataset.trainIdx, this.trainLabels, part, this.config.p, this.backend, this.batch.f0);
        const { grads } = computeGrads(this.params, batch, this.spec, false, rows.length);
        return tf.addN(PARAM_NAMES.map((k) => tf.sum(grads[k])));
      });
      await probe.data();
      probe.dispose();
      const ms = performance.now() - t0;
      spent += ms;
      times.push((ms * rows.length) / part.length);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] ?? 0;
  }

  /** Reads a step's [loss, zero-loss share, Σ|θ|] and makes it the last report. */
  private async report(check: tf.Tensor): Promise<StepReport> {
    const values = (await check.data()) as Float32Array;
    check.dispose();
    const [trainLoss = Number.NaN, zeroLossFraction = 0, health = Number.NaN] = values;
    const zeros = Number.isFinite(zeroLossFraction) ? zeroLossFraction : 0;
    // Once the weights are NaN no row has loss 0, so the previous chunk's share tells whether collapse preceded it.
    const fault =
      Number.isFinite(trainLoss) && Number.isFinite(health)
        ? null
        : faultFor(this.steps, Math.max(zeros, this.last.zeroLossFraction));
    const reported = fault?.zeroLossFraction ?? zeros;
    this.last = {
      step: this.steps,
      trainLoss,
      zeroLossFraction: reported,
      softmaxCollapse: reported > COLLAPSE_ZERO_LOSS_FRACTION,
      fault,
    };
    return this.last;
  }

  /** All metrics at the current weights (one forward pass over the p² pairs, one readback). */
  async metrics(): Promise<Metrics>;
  /** The same, abandoned (null) when `shouldStop` says so between blocks of a model too large for one. */
  async metrics(shouldStop: () => boolean): Promise<Metrics | null>;
  async metrics(shouldStop?: () => boolean): Promise<Metrics | null> {
    this.assertLive();
    return shouldStop ? this.metricsCtx.measure(this.params, this.steps, shouldStop) : this.metricsCtx.measure(this.params, this.steps);
  }

  /**
   * All state, read in one transfer: the values are fixed when this is called,
   * so steps requested while the read is under way cannot tear it.
   */
  async snapshot(): Promise<TrainerSnapshot> {
    this.assertLive();
    const entries: [string, tf.Tensor][] = [
      ...PARAM_NAMES.map((k): [string, tf.Tensor] => [k, this.params[k]]),
      ...this.optimizer.stateEntries(),
    ];
    const packed = tf.tidy(() => tf.concat(entries.map(([, t]) => tf.reshape(t, [-1]))));
    const step = this.steps;
    const counters = this.optimizer.counters;
    const lastReport = this.last;
    const init = { Wa: this.init.Wa.slice(), Wb: this.init.Wb.slice(), V: this.init.V.slice() };
    const data = (await packed.data()) as Float32Array;
    packed.dispose();
    const values: Record<string, Float32Array> = {};
    let offset = 0;
    for (const [name, t] of entries) {
      // slice() copies: the snapshot must not alias a backend buffer that a transfer could detach.
      values[name] = data.slice(offset, offset + t.size);
      offset += t.size;
    }
    const param = (k: ParamName): Float32Array => values[k] ?? new Float32Array(0);
    const optimizerTensors = Object.fromEntries(Object.entries(values).filter(([name]) => !PARAM_NAMES.includes(name as ParamName)));
    return {
      config: this.config,
      step,
      params: { Wa: param('Wa'), Wb: param('Wb'), V: param('V') },
      init,
      optimizer: { ...counters, tensors: optimizerTensors },
      lastReport,
    };
  }

  /** Resumes from a snapshot of a run with the same config (e.g. to seek, or after a device loss). */
  restore(snapshot: TrainerSnapshot): void {
    this.assertLive();
    if (JSON.stringify(snapshot.config) !== JSON.stringify(this.config)) {
      throw new Error('Cannot restore a snapshot taken with different settings.');
    }
    const shapes = paramShapes(this.config.p, this.config.width);
    for (const k of PARAM_NAMES) {
      const size = shapes[k][0] * shapes[k][1];
      if (snapshot.params[k].length !== size || snapshot.init[k].length !== size) {
        throw new Error(`Snapshot weights "${k}" have the wrong size.`);
      }
    }
    this.optimizer.importState(snapshot.optimizer);
    for (const k of PARAM_NAMES) {
      const values = snapshot.params[k];
      tf.tidy(() => this.params[k].assign(tf.tensor2d(values, shapes[k])));
    }
    tf.dispose(PARAM_NAMES.map((k) => this.theta0[k]));
    this.init = { Wa: snapshot.init.Wa.slice(), Wb: snapshot.init.Wb.slice(), V: snapshot.init.V.slice() };
    this.theta0 = this.constants(this.init);
    this.refreshInitDependents();
    this.steps = snapshot.step;
    this.last = snapshot.lastReport;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([
      ...PARAM_NAMES.map((k) => this.params[k]),
      ...PARAM_NAMES.map((k) => this.theta0[k]),
      this.batch.onehot,
      ...[this.batch.f0, this.f0All].filter((t): t is tf.Tensor2D => t !== null),
    ]);
    this.batch.index.dispose();
    this.optimizer.dispose();
    this.metricsCtx.dispose();
  }
}

function mapParams(f: (k: ParamName) => tf.Tensor2D): Params {
  return { Wa: f('Wa'), Wb: f('Wb'), V: f('V') };
}
