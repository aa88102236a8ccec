/**
 * Runs training groups inside the worker: one TF.js, many figures. A group is
 * up to three runs trained in lockstep; only one group trains at a time (the
 * one most recently asked to play that is on screen), so scrolling stays
 * smooth and a reader's attention decides what the CPU or GPU works on.
 *
 * The loop trains in chunks of about one frame's worth of work, yields so that
 * pause/seek messages are handled promptly, measures metrics at steps set by
 * the runs' settings alone (cadence.ts: from a FLOP estimate and the step
 * budget, finer early in a run), and posts at most 20 snapshots per second.
 * Checkpoints kept in plain memory make seeking
 * exact (training is deterministic on one backend) and let a run survive the
 * loss of its GPU device by resuming on another backend; a group keeps only as
 * many as fit in its runs' memory budget (config.ts, runMemory). A model too
 * large to step in one piece steps in row slices (Trainer), and a message that
 * stops, replaces or preempts its group abandons the step between two slices
 * (`interrupts`), so a pause lands within one slice at any size.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkpointsThatFit, DEFAULT_CONFIG, validateConfig, type RunConfig } from '../model/config.ts';
import type { Metrics } from '../model/metrics.ts';
import { Trainer, type StepReport, type TrainerSnapshot } from '../model/train.ts';
import { kernelRegressionSteps } from '../model/kernel.ts';
import { affordableEvery, isMetricsStep, nextMetricsStep } from './cadence.ts';
import { kernelSource, separationDataset, summarizeKernel } from '../model/separation.ts';
import type { BackendChoice, BackendName, ChooseOptions } from './backend.ts';
import {
  MAX_RUNS_PER_GROUP,
  SNAPSHOT_INTERVAL_MS,
  type GroupSnapshot,
  type GroupStatus,
  type HoldReason,
  type MetricsRecord,
  type Reply,
  type Request,
  type RunSpec,
  type Speed,
} from './protocol.ts';

export type Post = (message: Reply, transfer?: Transferable[]) => void;
export type ChooseBackend = (options: ChooseOptions) => Promise<BackendChoice>;

/** Wall-clock work per chunk before yielding to the message queue. */
const CHUNK_MS = 60;
/** A checkpoint at least this often (in steps of the cadence), for seeking and device loss. */
const CHECKPOINT_EVERY_METRICS = 8;
/** At most this many checkpoints per group, and fewer when they would not fit in its runs' memory budget. */
const MAX_CHECKPOINTS = 48;

/**
 * Drops checkpoints until at most `limit` (≥ 2) are left: every other one of
 * the older half first, keeping step 0 and the newest ones dense, then the
 * oldest after step 0.
 */
export function thinCheckpoints<T>(list: readonly T[], limit: number): T[] {
  if (list.length <= limit) return [...list];
  const dense = Math.floor(limit / 2);
  const out = list.filter((_c, i) => i === 0 || i >= list.length - dense || i % 2 === 0);
  while (out.length > limit) out.splice(1, 1);
  return out;
}

/**
 * Whether a message arriving while `group` is in the middle of a sliced step
 * or a blocked metrics pass should abandon it: anything that stops, replaces,
 * moves or preempts that group. A large model's step takes seconds, and the
 * message could not be read before it ends.
 */
export function interrupts(msg: Request, group: string): boolean {
  switch (msg.type) {
    case 'pause':
    case 'reset':
    case 'dispose':
    case 'create':
    case 'seek':
    case 'step':
      return msg.group === group;
    case 'visible':
      return msg.group === group && !msg.visible;
    case 'page':
      return !msg.visible;
    case 'play':
      return msg.group !== group;
    default:
      return false;
  }
}

interface Run {
  key: string;
  config: RunConfig;
  trainer: Trainer;
  faulted: boolean;
}

interface Group {
  id: string;
  runs: Run[];
  maxSteps: number;
  status: GroupStatus;
  wantsPlay: boolean;
  /** Order of the last play request: the newest playable group trains. */
  playedAt: number;
  visible: boolean;
  speed: Speed;
  /** Exclusive upper bound of stepped-to steps (for `step n`). */
  stopAt: number | null;
  /** The cadence the runs' FLOPs and step budget allow (cadence.ts); metrics steps follow from it and the step alone. */
  affordableEvery: number;
  nextMetricsAt: number;
  msPerStep: number;
  /** Measured, for the page's time estimates only: it never sets which steps are recorded. */
  msPerMetrics: number;
  pending: Map<string, (Metrics & Pick<MetricsRecord, 'offCadence'>)[]>;
  lastPost: number;
  trainedTo: number;
  checkpoints: { step: number; snaps: TrainerSnapshot[] }[];
  /** How many checkpoints fit in the memory budget of the group's runs. */
  maxCheckpoints: number;
  metricsSinceCheckpoint: number;
  rate: { at: number; step: number; value: number };
  /** Steps owed under a speed limit, carried between chunks. */
  credit: number;
  /** Status, hold and activity last posted, to announce only changes. */
  announced: string;
  lastMeasured: number;
  lastTickAt: number;
}

const now = () => performance.now();

export class Engine {
  private readonly groups = new Map<string, Group>();
  private readonly post: Post;
  private readonly choose: ChooseBackend;
  private pageVisible = true;
  private playCounter = 0;
  private looping = false;
  private loopScheduled = false;
  private channel: MessageChannel | null = null;
  private backend: BackendChoice | null = null;
  private backendOptions: ChooseOptions = {};
  private failedBackends: BackendName[] = [];
  private recovering: Promise<void> | null = null;
  /** Messages and training chunks run one at a time: each awaits TF.js readbacks. */
  private queue: Promise<void> = Promise.resolve();
  private loseDeviceAt: number | null = null;
  /** The group whose step or metrics are being computed, and whether a message arrived that should cut them short. */
  private busy: { group: string; stop: boolean } | null = null;

  constructor(post: Post, choose: ChooseBackend) {
    this.post = post;
    this.choose = choose;
  }

  handle(msg: Request): Promise<void> {
    const busy = this.busy;
    if (busy && interrupts(msg, busy.group)) busy.stop = true;
    return this.exclusive(() => this.handleNow(msg));
  }

  /** Marks a group's long work (a sliced step or a blocked metrics pass) as under way, to be cut short by `interrupts`. */
  private beginBusy(g: Group): () => boolean {
    const busy = { group: g.id, stop: false };
    this.busy = busy;
    return () => busy.stop;
  }

  private exclusive(fn: () => Promise<void>): Promise<void> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async handleNow(msg: Request): Promise<void> {
    try {
      await this.dispatch(msg);
    } catch (error) {
      const group = 'group' in msg ? msg.group : undefined;
      if (this.isDeviceFailure(error)) {
        await this.recoverBackend(String((error as Error).message ?? error));
        return;
      }
      this.post({ type: 'error', group, message: (error as Error).message ?? String(error) });
    }
  }

  private async dispatch(msg: Request): Promise<void> {
    switch (msg.type) {
      case 'init':
        this.loseDeviceAt = msg.loseDeviceAt ?? null;
        return this.init(msg.backend, msg.wasmUrls);
      case 'create':
        return this.create(msg.group, msg.runs, msg.maxSteps);
      case 'play': {
        const g = this.get(msg.group);
        if (g.status === 'done' || g.status === 'faulted') return;
        g.wantsPlay = true;
        g.stopAt = null;
        g.playedAt = ++this.playCounter;
        await this.announce();
        this.reschedule();
        return;
      }
      case 'pause': {
        const g = this.get(msg.group);
        g.wantsPlay = false;
        g.stopAt = null;
        // Paused is said at once; the metrics of where it stopped follow (a large model's take seconds).
        await this.flush(g, true);
        await this.announce();
        if (g.lastMeasured !== this.step(g) && (await this.measure(g, this.beginBusy(g)))) await this.flush(g, true);
        this.busy = null;
        this.reschedule();
        return;
      }
      case 'reset': {
        const g = this.get(msg.group);
        const specs = g.runs.map((r) => ({ key: r.key, config: r.config }));
        return this.create(msg.group, specs, g.maxSteps);
      }
      case 'step': {
        const g = this.get(msg.group);
        if (g.status === 'done' || g.status === 'faulted') return;
        g.stopAt = Math.min(g.maxSteps, this.step(g) + Math.max(1, Math.floor(msg.n)));
        g.wantsPlay = true;
        g.playedAt = ++this.playCounter;
        await this.announce();
        this.reschedule();
        return;
      }
      case 'speed':
        this.get(msg.group).speed = msg.speed;
        return;
      case 'seek':
        return this.seek(this.get(msg.group), msg.step);
      case 'visible': {
        const g = this.groups.get(msg.group);
        if (!g) return;
        g.visible = msg.visible;
        await this.flush(g, true);
        await this.announce();
        this.reschedule();
        return;
      }
      case 'page':
        this.pageVisible = msg.visible;
        await this.announce();
        this.reschedule();
        return;
      case 'kernel':
        return this.kernel(msg);
      case 'dispose': {
        const g = this.groups.get(msg.group);
        if (!g) return;
        for (const r of g.runs) r.trainer.dispose();
        this.groups.delete(msg.group);
        await this.announce();
        this.reschedule();
        return;
      }
    }
  }

  /** One kernel-regression point; it yields between Cholesky panels so the worker's event loop keeps turning. */
  private async kernel(msg: Extract<Request, { type: 'kernel' }>): Promise<void> {
    const t0 = now();
    const errors = validateConfig({ ...DEFAULT_CONFIG, p: msg.p, width: msg.width, trainFraction: msg.fraction, seed: msg.seed });
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join(' '));
    const steps = kernelRegressionSteps(kernelSource(msg.method, msg.p, msg.width, msg.seed), separationDataset(msg.p, msg.fraction, msg.seed));
    let slice = now();
    for (;;) {
      const next = steps.next();
      if (next.done) {
        const result = next.value;
        const rankCounts = new Array<number>(result.p).fill(0);
        for (const r of result.trueRank) rankCounts[r - 1]! += 1;
        this.post({
          type: 'kernel-result',
          id: msg.id,
          point: summarizeKernel(result),
          rankCounts,
          nTrain: result.nTrain,
          nTest: result.nTest,
          ms: now() - t0,
        });
        return;
      }
      if (now() - slice > 40) {
        await new Promise((r) => setTimeout(r, 0));
        slice = now();
      }
    }
  }

  private async init(forced: BackendName | undefined, wasmUrls: ChooseOptions['wasmUrls']): Promise<void> {
    const t0 = now();
    this.backendOptions = { forced, wasmUrls };
    this.backend = await this.choose(this.backendOptions);
    this.watchDevice();
    this.post({ type: 'ready', backend: this.backend, initMs: now() - t0 });
  }

  private get(id: string): Group {
    const g = this.groups.get(id);
    if (!g) throw new Error(`Unknown group "${id}".`);
    return g;
  }

  private step(g: Group): number {
    return g.runs[0]?.trainer.stepCount ?? 0;
  }

  private async create(id: string, specs: RunSpec[], maxSteps: number): Promise<void> {
    if (!this.backend) throw new Error('The engine was asked to create runs before init.');
    if (specs.length < 1 || specs.length > MAX_RUNS_PER_GROUP) {
      throw new Error(`A group holds 1 to ${MAX_RUNS_PER_GROUP} runs; got ${specs.length}.`);
    }
    let invalid = false;
    for (const spec of specs) {
      const errors = validateConfig(spec.config);
      if (errors.length > 0) {
        invalid = true;
        this.post({ type: 'invalid', group: id, run: spec.key, errors });
      }
    }
    if (invalid) return;

    const old = this.groups.get(id);
    if (old) for (const r of old.runs) r.trainer.dispose();
    const runs = specs.map((s) => ({ key: s.key, config: s.config, trainer: new Trainer(s.config), faulted: false }));
    const g: Group = {
      id,
      runs,
      maxSteps: Math.max(1, Math.floor(maxSteps)),
      status: 'idle',
      wantsPlay: false,
      playedAt: 0,
      visible: old?.visible ?? true,
      speed: old?.speed ?? 'max',
      stopAt: null,
      affordableEvery: affordableEvery(specs.map((s) => s.config), Math.max(1, Math.floor(maxSteps))),
      nextMetricsAt: 0,
      msPerStep: 0,
      msPerMetrics: 0,
      pending: new Map(),
      lastPost: 0,
      trainedTo: 0,
      checkpoints: [],
      maxCheckpoints: checkpointsThatFit(specs.map((spec) => spec.config), MAX_CHECKPOINTS),
      metricsSinceCheckpoint: 0,
      rate: { at: now(), step: 0, value: 0 },
      credit: 0,
      lastTickAt: now(),
      announced: '',
      lastMeasured: -1,
    };
    this.groups.set(id, g);
    // A reset or a replaced run shows step 0 at once; a large model's first metrics take seconds.
    if (old) await this.flush(g, true);
    // Metrics and a checkpoint at step 0, so the figure has a starting point and seeking has a floor.
    await this.measure(g);
    await this.checkpoint(g);
    let estimate = 0;
    for (const r of runs) estimate += await r.trainer.probeStepMs();
    this.post({
      type: 'created',
      group: id,
      msPerStep: estimate,
      msPerMetrics: g.msPerMetrics,
      runs: runs.map((r) => ({ key: r.key, nTrain: r.trainer.dataset.trainIdx.length, nTest: r.trainer.dataset.testIdx.length })),
    });
    await this.flush(g, true);
  }

  /** The group that should train now, with why each other wanting group waits. */
  private pick(): Group | undefined {
    let best: Group | undefined;
    for (const g of this.groups.values()) {
      if (!g.wantsPlay || g.status === 'done' || g.status === 'faulted') continue;
      if (!g.visible || !this.pageVisible) continue;
      if (!best || g.playedAt > best.playedAt) best = g;
    }
    return best;
  }

  private hold(g: Group, active: Group | undefined): HoldReason | null {
    if (!g.wantsPlay || g.status === 'done' || g.status === 'faulted') return null;
    if (!this.pageVisible) return 'hidden';
    if (!g.visible) return 'offscreen';
    return active && active !== g ? 'preempted' : null;
  }

  /** Tells every group's figure where it stands after who-trains-now may have changed. */
  private async announce(): Promise<void> {
    const active = this.pick();
    for (const g of this.groups.values()) {
      const key = `${g.status}|${this.hold(g, active)}|${active === g}`;
      if (key !== g.announced) await this.flush(g, true);
    }
  }

  private reschedule(): void {
    if (this.loopScheduled || this.looping) return;
    if (!this.pick()) return;
    this.loopScheduled = true;
    if (!this.channel) {
      // A MessageChannel yields without the 4 ms clamp that nested setTimeout gets.
      this.channel = new MessageChannel();
      this.channel.port1.onmessage = () => void this.exclusive(() => this.loop());
    }
    this.channel.port2.postMessage(null);
  }

  private async loop(): Promise<void> {
    this.loopScheduled = false;
    if (this.looping) return;
    this.looping = true;
    try {
      const g = this.pick();
      if (g) await this.tick(g);
    } catch (error) {
      if (this.isDeviceFailure(error)) await this.recoverBackend(String((error as Error).message ?? error));
      else this.post({ type: 'error', message: (error as Error).message ?? String(error) });
    } finally {
      this.looping = false;
    }
    if (this.pick()) this.reschedule();
    else this.idle();
  }

  private idle(): void {
    if (this.channel) {
      this.channel.port1.close();
      this.channel.port2.close();
      this.channel = null;
    }
  }

  private chunkSize(g: Group): number {
    const elapsed = now() - g.lastTickAt;
    g.lastTickAt = now();
    const step = this.step(g);
    let n = g.msPerStep > 0 ? Math.max(1, Math.round(CHUNK_MS / g.msPerStep)) : 1;
    if (g.speed !== 'max') {
      // Under a speed limit, train what the clock owes (capped so a long pause does not burst).
      g.credit = Math.min(g.credit + (elapsed / 1000) * g.speed, Math.max(1, g.speed / 4));
      n = Math.min(n, Math.floor(g.credit));
    }
    const limit = Math.min(g.maxSteps, g.stopAt ?? Infinity);
    // Land exactly on metric steps so every run of every machine is sampled at the same steps.
    return Math.max(0, Math.min(n, limit - step, g.nextMetricsAt - step));
  }

  private async tick(g: Group): Promise<void> {
    if (g.status !== 'playing') {
      g.status = 'playing';
      g.lastTickAt = now();
      g.credit = 0;
    }
    const n = this.chunkSize(g);
    if (n > 0) {
      const t0 = now();
      const before = this.step(g);
      const stop = this.beginBusy(g);
      for (const r of g.runs) {
        if (!r.faulted) this.noteFault(g, r, await r.trainer.step(n, stop));
      }
      this.busy = null;
      await this.levelRuns(g);
      const trained = this.step(g) - before;
      if (trained > 0) {
        const ms = (now() - t0) / trained;
        g.msPerStep = g.msPerStep === 0 ? ms : 0.8 * g.msPerStep + 0.2 * ms;
      }
      g.trainedTo = Math.max(g.trainedTo, this.step(g));
      if (this.loseDeviceAt !== null && this.step(g) >= this.loseDeviceAt) this.loseDevice();
    } else if (g.speed !== 'max') {
      // Waiting for the speed limit's clock: yield briefly instead of spinning.
      await new Promise((r) => setTimeout(r, 8));
    }
    const step = this.step(g);
    const stopping = step >= g.maxSteps || (g.stopAt !== null && step >= g.stopAt);
    // Measure on the cadence, and wherever training stops, so the figure shows where it stands.
    if (step >= g.nextMetricsAt || (stopping && g.lastMeasured !== step)) {
      const measured = await this.measure(g, this.beginBusy(g));
      this.busy = null;
      if (measured && ++g.metricsSinceCheckpoint >= CHECKPOINT_EVERY_METRICS) await this.checkpoint(g);
    }
    if (g.runs.every((r) => r.faulted)) {
      g.status = 'faulted';
      g.wantsPlay = false;
    } else if (step >= g.maxSteps) {
      if (g.checkpoints.at(-1)?.step !== step) await this.checkpoint(g);
      g.status = 'done';
      g.wantsPlay = false;
    } else if (g.stopAt !== null && step >= g.stopAt) {
      g.stopAt = null;
      g.wantsPlay = false;
      g.status = 'paused';
    }
    await this.flush(g, g.status !== 'playing');
    if (g.status !== 'playing') await this.announce();
  }

  /** A stop may have come between two runs of a group; runs in lockstep matter more than a prompt pause there. */
  private async levelRuns(g: Group): Promise<void> {
    const target = Math.max(...g.runs.filter((r) => !r.faulted).map((r) => r.trainer.stepCount));
    for (const r of g.runs) {
      if (!r.faulted && r.trainer.stepCount < target) this.noteFault(g, r, await r.trainer.step(target - r.trainer.stepCount));
    }
  }

  private noteFault(g: Group, r: Run, report: StepReport): void {
    if (!report.fault || r.faulted) return;
    r.faulted = true;
    this.post({ type: 'fault', group: g.id, run: r.key, fault: report.fault });
  }

  /**
   * Metrics for every run at the current step. Off the cadence (a pause, a
   * seek, a step button) the record is marked: figures draw it, exports leave
   * it out, so what is recorded depends on the run alone. With `shouldStop`,
   * a large model's measurement may be abandoned between blocks: then nothing
   * is recorded (false).
   */
  private async measure(g: Group, shouldStop?: () => boolean): Promise<boolean> {
    const t0 = now();
    const step = this.step(g);
    const offCadence = !isMetricsStep(g.affordableEvery, step) && step !== g.maxSteps;
    const taken: [Run, Metrics][] = [];
    for (const r of g.runs) {
      if (r.faulted) continue;
      const m = shouldStop ? await r.trainer.metrics(shouldStop) : await r.trainer.metrics();
      if (m === null) return false;
      taken.push([r, m]);
    }
    for (const [r, m] of taken) {
      const list = g.pending.get(r.key) ?? [];
      list.push(offCadence ? { ...m, offCadence: true } : m);
      g.pending.set(r.key, list);
    }
    const ms = now() - t0;
    g.msPerMetrics = g.msPerMetrics === 0 ? ms : 0.7 * g.msPerMetrics + 0.3 * ms;
    g.lastMeasured = step;
    g.nextMetricsAt = nextMetricsStep(g.affordableEvery, step);
    return true;
  }

  private async checkpoint(g: Group): Promise<void> {
    g.metricsSinceCheckpoint = 0;
    const snaps = await Promise.all(g.runs.map((r) => r.trainer.snapshot()));
    const step = this.step(g);
    g.checkpoints = g.checkpoints.filter((c) => c.step !== step);
    g.checkpoints.push({ step, snaps });
    g.checkpoints = thinCheckpoints(g.checkpoints, g.maxCheckpoints);
  }

  /**
   * Shows the run at `target`: replayed from the nearest checkpoint when it was
   * already trained that far, otherwise trained on to exactly that step (so a
   * story step or a shared link lands on the same step every time).
   */
  private async seek(g: Group, target: number): Promise<void> {
    const wanted = Math.max(0, Math.min(Math.floor(target), g.maxSteps));
    if (wanted === this.step(g) && !g.wantsPlay) {
      await this.flush(g, true);
      return;
    }
    if (wanted > g.trainedTo) {
      if (this.step(g) !== g.trainedTo) await this.replayTo(g, g.trainedTo);
      g.stopAt = wanted;
      g.wantsPlay = true;
      g.playedAt = ++this.playCounter;
      await this.announce();
      this.reschedule();
      return;
    }
    await this.replayTo(g, wanted);
  }

  private async replayTo(g: Group, step: number): Promise<void> {
    g.wantsPlay = false;
    g.stopAt = null;
    const cp = [...g.checkpoints].reverse().find((c) => c.step <= step);
    if (!cp) throw new Error('No checkpoint to seek from.');
    for (const [i, r] of g.runs.entries()) {
      r.trainer.restore(cp.snaps[i]!);
      r.faulted = cp.snaps[i]!.lastReport.fault !== null;
    }
    // A large model's replay can be stopped like its training: it then stands where the stop found it.
    const stop = this.beginBusy(g);
    let remaining = step - cp.step;
    while (remaining > 0 && !stop()) {
      const n = Math.min(remaining, 200);
      for (const r of g.runs) if (!r.faulted) await r.trainer.step(n, stop);
      remaining -= n;
    }
    this.busy = null;
    await this.levelRuns(g);
    g.pending.clear();
    await this.measure(g, stop);
    g.status = this.step(g) >= g.maxSteps ? 'done' : 'paused';
    await this.flush(g, true);
    this.reschedule();
  }

  /** Posts pending metrics when the snapshot rate allows it, or at once when `force`. */
  private async flush(g: Group, force: boolean): Promise<void> {
    const t = now();
    if (!force && t - g.lastPost < SNAPSHOT_INTERVAL_MS) return;
    const step = this.step(g);
    if (t - g.rate.at >= 1000) {
      g.rate = { at: t, step, value: ((step - g.rate.step) * 1000) / (t - g.rate.at) };
    }
    if (g.status === 'playing' && !g.wantsPlay) g.status = 'paused';
    const active = this.pick();
    const records: Record<string, MetricsRecord[]> = {};
    const transfer: Transferable[] = [];
    for (const r of g.runs) {
      const list = g.pending.get(r.key) ?? [];
      // Only the newest record carries the p×p grid; older ones are superseded before they are drawn.
      records[r.key] = list.map((m, i) => {
        if (i === list.length - 1) {
          transfer.push(m.grid.predicted.buffer, m.grid.correct.buffer);
          return m;
        }
        const { grid: _grid, ...rest } = m;
        return rest;
      });
    }
    g.pending.clear();
    g.lastPost = t;
    g.announced = `${g.status}|${this.hold(g, active)}|${active === g}`;
    const snapshot: GroupSnapshot = {
      type: 'snapshot',
      group: g.id,
      step,
      status: g.status === 'playing' && active !== g ? 'paused' : g.status,
      hold: this.hold(g, active),
      stepsPerSecond: g.status === 'playing' ? g.rate.value : 0,
      records,
      trainedTo: g.trainedTo,
      // A counter, free to read: the soak benchmark watches it stay flat over thousands of steps.
      tensors: tf.memory().numTensors,
    };
    this.post(snapshot, transfer);
  }

  /** The `loseDeviceAt` diagnostic: takes the GPU away as a driver reset or a sleeping laptop would. */
  private loseDevice(): void {
    this.loseDeviceAt = null;
    const backend = tf.backend() as unknown as {
      device?: { destroy(): void };
      gpgpu?: { gl: WebGL2RenderingContext };
    };
    if (this.backend?.name === 'webgpu') backend.device?.destroy();
    if (this.backend?.name === 'webgl') backend.gpgpu?.gl.getExtension('WEBGL_lose_context')?.loseContext();
  }

  /**
   * On a GPU backend any failure is treated as the device's: errors after a
   * device loss or a lost WebGL context carry no reliable message, and moving
   * to WASM is always safe.
   */
  private isDeviceFailure(_error: unknown): boolean {
    const name = this.backend?.name;
    return name === 'webgpu' || name === 'webgl';
  }

  private watchDevice(): void {
    if (this.backend?.name !== 'webgpu') return;
    const current = () => (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string }> } }).device;
    const device = current();
    // A loss already handled through a failed operation must not move the run a second time.
    void device?.lost?.then((info) =>
      this.exclusive(async () => {
        if (this.backend?.name === 'webgpu' && current() === device) await this.recoverBackend(info?.message || 'WebGPU device lost');
      }),
    );
  }

  /** Moves every group to the next backend and resumes each from its newest checkpoint. */
  private async recoverBackend(reason: string): Promise<void> {
    if (this.recovering) return this.recovering;
    const from = this.backend?.name;
    if (!from) return;
    this.recovering = (async () => {
      this.failedBackends.push(from);
      const snapshots = new Map<string, { step: number; snaps: TrainerSnapshot[] }>();
      for (const g of this.groups.values()) {
        const cp = g.checkpoints.at(-1);
        if (cp) snapshots.set(g.id, cp);
        for (const r of g.runs) {
          try {
            r.trainer.dispose();
          } catch {
            /* its tensors died with the device */
          }
        }
      }
      this.backend = await this.choose({ ...this.backendOptions, forced: undefined, exclude: this.failedBackends });
      this.watchDevice();
      for (const g of this.groups.values()) {
        const cp = snapshots.get(g.id);
        g.runs = g.runs.map((r, i) => {
          const snap = cp?.snaps[i];
          const trainer = snap ? Trainer.fromSnapshot(snap) : new Trainer(r.config);
          return { ...r, trainer, faulted: snap ? snap.lastReport.fault !== null : false };
        });
        g.checkpoints = cp ? [cp] : [];
        g.trainedTo = cp?.step ?? 0;
        g.msPerStep = 0;
        g.msPerMetrics = 0;
        g.nextMetricsAt = this.step(g);
      }
      const resumedAt = Object.fromEntries([...this.groups.values()].map((g) => [g.id, this.step(g)]));
      this.post({ type: 'backend-changed', from, backend: this.backend, reason, resumedAt });
      for (const g of this.groups.values()) await this.flush(g, true);
      this.reschedule();
    })();
    try {
      await this.recovering;
    } finally {
      this.recovering = null;
    }
  }
}
