/**
 * Main-thread side of the protocol: one worker per page, created on first use
 * (so TF.js never loads before a live figure is near the viewport), with typed
 * send/subscribe. Tab visibility is forwarded so hidden tabs stop training.
 *
 * It also watches the worker: an uncaught error in it, or a heartbeat that
 * stops, is told to the figures (onHealth), and restart() replaces the worker
 * with a new one that the figures then fill again.
 */
import { isBackendName, type BackendChoice, type BackendName } from './backendNames.ts';
import { HEARTBEAT_MS, type Reply, type Request, type WorkerFault } from './protocol.ts';

export interface EngineInfo {
  backend: BackendChoice;
  initMs: number;
  /** From the page asking for the engine to the worker being ready. */
  readyAfterMs: number;
}

type Listener = (reply: Reply) => void;

/** What the figures hear about the worker itself. */
export type Health =
  /** An uncaught error reached the page: the worker is stopped and cannot be trusted to go on. */
  | { state: 'failed'; message: string }
  /** No heartbeat for `silentMs`: the worker died silently or one call blocks it; training does not advance. */
  | { state: 'silent'; silentMs: number }
  /** A heartbeat came again after `silent`. */
  | { state: 'alive' }
  /** restart() was called; a new worker is starting. */
  | { state: 'restarting' }
  /** The new worker is ready; every group of the old one is gone. */
  | { state: 'restarted'; info: EngineInfo }
  /** The new worker could not start either. */
  | { state: 'unavailable'; message: string };

type HealthListener = (health: Health) => void;

/**
 * After this long without a message the worker counts as silent. Heartbeats
 * come every second; the margin covers a single long TF.js call (a metrics
 * pass of a large model on the plain-JS CPU backend) and a busy machine.
 */
export const SILENT_AFTER_MS = 5 * HEARTBEAT_MS;

/**
 * Decides from heartbeat times whether the worker has gone silent. A check
 * that itself comes late (the page was frozen, or a hidden tab's timers were
 * throttled) starts the count again: the silence may be the page's, not the
 * worker's, and its messages may still be queued behind the check.
 */
export class Watchdog {
  private lastHeard: number;
  private lastCheck: number;

  constructor(
    now: number,
    private readonly silentAfterMs = SILENT_AFTER_MS,
    private readonly checkEveryMs = HEARTBEAT_MS,
  ) {
    this.lastHeard = now;
    this.lastCheck = now;
  }

  heard(now: number): void {
    this.lastHeard = now;
  }

  /** Milliseconds of silence when the worker counts as silent at `now`, else null. */
  check(now: number): number | null {
    const late = now - this.lastCheck > 2 * this.checkEveryMs;
    this.lastCheck = now;
    if (late) {
      this.lastHeard = now;
      return null;
    }
    const silent = now - this.lastHeard;
    return silent > this.silentAfterMs ? silent : null;
  }
}

/** `?backend=wasm` (or webgpu, webgl, cpu) forces a backend; anything else is ignored. */
export function forcedBackend(search: string): BackendName | undefined {
  const value = new URLSearchParams(search).get('backend');
  return isBackendName(value) ? value : undefined;
}

/** A positive whole step from a diagnostic query parameter, else undefined. */
function stepParam(params: URLSearchParams, key: string): number | undefined {
  const value = Number(params.get(key));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * The diagnostics in the address (not part of the shareable link schema):
 * `?lose-device-at=N` takes the GPU away at step N, `?kill-worker-at=N` makes
 * the worker close itself at step N, `?crash-worker-at=N` makes it throw.
 */
export function diagnostics(search: string): { loseDeviceAt?: number; workerFault?: WorkerFault } {
  const params = new URLSearchParams(search);
  const loseDeviceAt = stepParam(params, 'lose-device-at');
  const kill = stepParam(params, 'kill-worker-at');
  const crash = stepParam(params, 'crash-worker-at');
  const workerFault: WorkerFault | undefined = kill ? { step: kill, how: 'close' } : crash ? { step: crash, how: 'throw' } : undefined;
  return { ...(loseDeviceAt ? { loseDeviceAt } : {}), ...(workerFault ? { workerFault } : {}) };
}

export interface ClientOptions {
  /** Makes the worker (tests pass a fake). */
  spawn?: () => Worker;
  now?: () => number;
  /** The address the backend and the diagnostics are read from. */
  search?: string;
}

const LOADING = '#engine-loading';

export class EngineClient {
  private static instance: EngineClient | undefined;
  private readyPromise!: Promise<EngineInfo>;
  private worker!: Worker;
  private readonly groupListeners = new Map<string, Set<Listener>>();
  private readonly globalListeners = new Set<Listener>();
  private readonly healthListeners = new Set<HealthListener>();
  private backendName: BackendName | undefined;
  /**
   * Groups training or about to (asked to play, no snapshot since), and the
   * engine itself while TF.js loads: page work that waits for quiet (the
   * precache) must not slip into the seconds between a figure's mount and its
   * first step.
   */
  private readonly training = new Set<string>();
  private readonly spawn: () => Worker;
  private readonly now: () => number;
  private readonly search: string;
  private watchdog: Watchdog | null = null;
  private watchTimer: ReturnType<typeof setInterval> | undefined;
  private health: Health = { state: 'alive' };

  static shared(): EngineClient {
    EngineClient.instance ??= new EngineClient();
    return EngineClient.instance;
  }

  constructor(options: ClientOptions = {}) {
    this.spawn = options.spawn ?? (() => new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'grokking-trainer' }));
    this.now = options.now ?? (() => performance.now());
    this.search = options.search ?? location.search;
    document.addEventListener('visibilitychange', () => this.send({ type: 'page', visible: document.visibilityState === 'visible' }));
    this.start(true);
  }

  /** Resolves when the current worker is ready; a restart makes a new one. */
  get ready(): Promise<EngineInfo> {
    return this.readyPromise;
  }

  get backend(): BackendName | undefined {
    return this.backendName;
  }

  /** Starts a worker; the address's diagnostics apply to the first one only, so a restart does not fail again. */
  private start(first: boolean): void {
    const asked = this.now();
    this.noteTraining(LOADING, true);
    const worker = this.spawn();
    this.worker = worker;
    this.readyPromise = new Promise<EngineInfo>((resolve, reject) => {
      const onReady = (reply: Reply) => {
        if (reply.type === 'ready') {
          this.globalListeners.delete(onReady);
          this.noteTraining(LOADING, false);
          this.backendName = reply.backend.name;
          this.watch();
          resolve({ backend: reply.backend, initMs: reply.initMs, readyAfterMs: this.now() - asked });
        } else if (reply.type === 'error' && reply.group === undefined) {
          this.globalListeners.delete(onReady);
          this.noteTraining(LOADING, false);
          reject(new Error(reply.message));
        }
      };
      this.globalListeners.add(onReady);
      worker.addEventListener('error', (event) => {
        if (worker !== this.worker) return;
        this.noteTraining(LOADING, false);
        if (this.watchdog) this.fail(event.message || 'The training worker failed.');
        else reject(new Error(event.message || 'The training worker failed to start.'));
      });
    });
    // Nobody may be waiting for a restarted worker's promise but the health listeners.
    this.readyPromise.catch(() => undefined);
    worker.addEventListener('message', (event: MessageEvent<Reply>) => {
      if (worker !== this.worker) return;
      this.heard();
      if (event.data.type !== 'heartbeat') this.dispatch(event.data);
    });
    const { loseDeviceAt, workerFault } = first ? diagnostics(this.search) : {};
    this.send({ type: 'init', backend: forcedBackend(this.search), loseDeviceAt, workerFault });
    // A new worker believes the page visible; tell it otherwise if the reader restarted and left.
    if (!first && document.visibilityState === 'hidden') this.send({ type: 'page', visible: false });
  }

  /** Heartbeats are watched from the worker's `ready` on: loading TF.js may block it for seconds. */
  private watch(): void {
    this.watchdog = new Watchdog(this.now());
    clearInterval(this.watchTimer);
    this.watchTimer = setInterval(() => {
      const silentMs = this.watchdog?.check(this.now()) ?? null;
      if (silentMs !== null && this.health.state !== 'silent') this.setHealth({ state: 'silent', silentMs });
    }, HEARTBEAT_MS);
  }

  private heard(): void {
    this.watchdog?.heard(this.now());
    if (this.health.state === 'silent') this.setHealth({ state: 'alive' });
  }

  private fail(message: string): void {
    this.stopWatching();
    this.worker.terminate();
    this.setHealth({ state: 'failed', message });
  }

  private stopWatching(): void {
    clearInterval(this.watchTimer);
    this.watchdog = null;
  }

  /** The worker's health as last told, for a figure that mounts after it changed. */
  get currentHealth(): Health {
    return this.health;
  }

  private setHealth(health: Health): void {
    this.health = health;
    for (const l of [...this.healthListeners]) l(health);
  }

  /** Whether `group` is the only group anyone listens to, so that replacing the worker loses no one else's runs. */
  onlyGroup(group: string): boolean {
    return [...this.groupListeners].every(([g, set]) => g === group || set.size === 0);
  }

  /**
   * Replaces a healthy worker with a fresh one. A WASM heap never shrinks:
   * after the largest plain model the worker kept ~300 MB more than a fresh
   * one while training the fast preset, for as long as the page stayed open;
   * only ending the worker gives it back. Every group on the old worker is
   * gone, so only a caller that owns the sole group (onlyGroup) should do
   * this, and then create its run again once `ready` resolves.
   */
  recycle(): void {
    this.replaceWorker();
  }

  /** Ends the current worker, and with it every group and every training mark, and starts a new one. */
  private replaceWorker(): void {
    this.stopWatching();
    this.worker.terminate();
    this.training.clear();
    document.documentElement.removeAttribute('data-training');
    this.start(false);
  }

  /**
   * Replaces the worker with a new one. Its groups are gone with it: each
   * figure creates its group again when told `restarted`.
   */
  restart(): void {
    if (this.health.state === 'restarting') return;
    this.setHealth({ state: 'restarting' });
    this.replaceWorker();
    this.readyPromise.then(
      (info) => this.setHealth({ state: 'restarted', info }),
      (error: Error) => this.setHealth({ state: 'unavailable', message: error.message }),
    );
  }

  send(request: Request): void {
    if (request.type === 'play' || request.type === 'step') this.noteTraining(request.group, true);
    this.worker.postMessage(request);
  }

  /**
   * `data-training` on the root element while any group trains, for page work
   * that should wait its turn (the service worker's precache) without knowing
   * about the engine.
   */
  private noteTraining(group: string, playing: boolean): void {
    if (playing) this.training.add(group);
    else this.training.delete(group);
    document.documentElement.toggleAttribute('data-training', this.training.size > 0);
  }

  /** Replies about one group. */
  subscribe(group: string, listener: Listener): () => void {
    const set = this.groupListeners.get(group) ?? new Set();
    set.add(listener);
    this.groupListeners.set(group, set);
    return () => set.delete(listener);
  }

  /** Replies about the engine as a whole (backend changes, errors without a group). */
  onEngine(listener: Listener): () => void {
    this.globalListeners.add(listener);
    return () => this.globalListeners.delete(listener);
  }

  /** The worker's health: failed, silent, alive again, restarting, restarted. */
  onHealth(listener: HealthListener): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  private dispatch(reply: Reply): void {
    if (reply.type === 'backend-changed') this.backendName = reply.backend.name;
    if (reply.type === 'snapshot') this.noteTraining(reply.group, reply.status === 'playing');
    const group = 'group' in reply ? reply.group : undefined;
    const targets = group !== undefined ? this.groupListeners.get(group) : undefined;
    if (targets && targets.size > 0) for (const l of targets) l(reply);
    if (group === undefined || reply.type === 'error') for (const l of [...this.globalListeners]) l(reply);
  }
}
