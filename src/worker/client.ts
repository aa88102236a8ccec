/**
 * Main-thread side of the protocol: one worker per page, created on first use
 * (so TF.js never loads before a live figure is near the viewport), with typed
 * send/subscribe. Tab visibility is forwarded so hidden tabs stop training.
 */
import { isBackendName, type BackendChoice, type BackendName } from './backendNames.ts';
import type { Reply, Request } from './protocol.ts';

export interface EngineInfo {
  backend: BackendChoice;
  initMs: number;
  /** From the page asking for the engine to the worker being ready. */
  readyAfterMs: number;
}

type Listener = (reply: Reply) => void;

/** `?backend=wasm` (or webgpu, webgl, cpu) forces a backend; anything else is ignored. */
export function forcedBackend(search: string): BackendName | undefined {
  const value = new URLSearchParams(search).get('backend');
  return isBackendName(value) ? value : undefined;
}

const spawnWorker = () => new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'grokking-trainer' });

export class EngineClient {
  private static instance: EngineClient | undefined;
  readonly ready: Promise<EngineInfo>;
  private worker: Worker;
  private readonly groupListeners = new Map<string, Set<Listener>>();
  private readonly globalListeners = new Set<Listener>();
  private backendName: BackendName | undefined;
  /** Groups whose latest snapshot said they were training. */
  private readonly training = new Set<string>();

  static shared(): EngineClient {
    EngineClient.instance ??= new EngineClient();
    return EngineClient.instance;
  }

  private constructor() {
    const asked = performance.now();
    this.worker = spawnWorker();
    this.ready = new Promise<EngineInfo>((resolve, reject) => {
      const onReady = (reply: Reply) => {
        if (reply.type === 'ready') {
          this.globalListeners.delete(onReady);
          this.backendName = reply.backend.name;
          resolve({ backend: reply.backend, initMs: reply.initMs, readyAfterMs: performance.now() - asked });
        } else if (reply.type === 'error' && reply.group === undefined) {
          this.globalListeners.delete(onReady);
          reject(new Error(reply.message));
        }
      };
      this.globalListeners.add(onReady);
      this.worker.addEventListener('error', (event) => reject(new Error(event.message || 'The training worker failed to start.')));
    });
    this.listen();
    document.addEventListener('visibilitychange', () => this.send({ type: 'page', visible: document.visibilityState === 'visible' }));
    this.send(this.initRequest());
  }

  private listen(): void {
    this.worker.addEventListener('message', (event: MessageEvent<Reply>) => this.dispatch(event.data));
  }

  private initRequest(): Request {
    const loseAt = Number(new URLSearchParams(location.search).get('lose-device-at'));
    return { type: 'init', backend: forcedBackend(location.search), loseDeviceAt: Number.isInteger(loseAt) && loseAt > 0 ? loseAt : undefined };
  }

  /** Whether `group` is the only group anyone listens to, so that replacing the worker loses no one else's runs. */
  onlyGroup(group: string): boolean {
    return [...this.groupListeners].every(([g, set]) => g === group || set.size === 0);
  }

  /**
   * Replaces the worker with a fresh one. A WASM heap never shrinks: after the
   * largest plain model the worker kept ~300 MB more than a fresh one while
   * training the fast preset, for as long as the page stayed open; only ending
   * the worker gives it back. Every group on the old worker is gone, so only
   * a caller that owns the sole group (onlyGroup) should do this, and then
   * create its run again.
   */
  recycle(): void {
    this.worker.terminate();
    this.training.clear();
    document.documentElement.toggleAttribute('data-training', false);
    this.worker = spawnWorker();
    this.listen();
    this.send(this.initRequest());
    if (document.visibilityState !== 'visible') this.send({ type: 'page', visible: false });
  }

  get backend(): BackendName | undefined {
    return this.backendName;
  }

  send(request: Request): void {
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

  private dispatch(reply: Reply): void {
    if (reply.type === 'backend-changed') this.backendName = reply.backend.name;
    if (reply.type === 'snapshot') this.noteTraining(reply.group, reply.status === 'playing');
    const group = 'group' in reply ? reply.group : undefined;
    const targets = group !== undefined ? this.groupListeners.get(group) : undefined;
    if (targets && targets.size > 0) for (const l of targets) l(reply);
    if (group === undefined || reply.type === 'error') for (const l of [...this.globalListeners]) l(reply);
  }
}
