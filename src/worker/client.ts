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

const LOADING = '#engine-loading';

export class EngineClient {
  private static instance: EngineClient | undefined;
  readonly ready: Promise<EngineInfo>;
  private readonly worker: Worker;
  private readonly groupListeners = new Map<string, Set<Listener>>();
  private readonly globalListeners = new Set<Listener>();
  private backendName: BackendName | undefined;
  /**
   * Groups training or about to (asked to play, no snapshot since), and the
   * engine itself while TF.js loads: page work that waits for quiet (the
   * precache) must not slip into the seconds between a figure's mount and its
   * first step.
   */
  private readonly training = new Set<string>([LOADING]);

  static shared(): EngineClient {
    EngineClient.instance ??= new EngineClient();
    return EngineClient.instance;
  }

  private constructor() {
    const asked = performance.now();
    this.worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'grokking-trainer' });
    this.ready = new Promise<EngineInfo>((resolve, reject) => {
      const onReady = (reply: Reply) => {
        if (reply.type === 'ready') {
          this.globalListeners.delete(onReady);
          this.noteTraining(LOADING, false);
          this.backendName = reply.backend.name;
          resolve({ backend: reply.backend, initMs: reply.initMs, readyAfterMs: performance.now() - asked });
        } else if (reply.type === 'error' && reply.group === undefined) {
          this.globalListeners.delete(onReady);
          this.noteTraining(LOADING, false);
          reject(new Error(reply.message));
        }
      };
      this.globalListeners.add(onReady);
      this.worker.addEventListener('error', (event) => {
        this.noteTraining(LOADING, false);
        reject(new Error(event.message || 'The training worker failed to start.'));
      });
    });
    this.worker.addEventListener('message', (event: MessageEvent<Reply>) => this.dispatch(event.data));
    document.documentElement.toggleAttribute('data-training', true);
    document.addEventListener('visibilitychange', () => this.send({ type: 'page', visible: document.visibilityState === 'visible' }));
    const loseAt = Number(new URLSearchParams(location.search).get('lose-device-at'));
    this.send({ type: 'init', backend: forcedBackend(location.search), loseDeviceAt: Number.isInteger(loseAt) && loseAt > 0 ? loseAt : undefined });
  }

  get backend(): BackendName | undefined {
    return this.backendName;
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

  private dispatch(reply: Reply): void {
    if (reply.type === 'backend-changed') this.backendName = reply.backend.name;
    if (reply.type === 'snapshot') this.noteTraining(reply.group, reply.status === 'playing');
    const group = 'group' in reply ? reply.group : undefined;
    const targets = group !== undefined ? this.groupListeners.get(group) : undefined;
    if (targets && targets.size > 0) for (const l of targets) l(reply);
    if (group === undefined || reply.type === 'error') for (const l of [...this.globalListeners]) l(reply);
  }
}
