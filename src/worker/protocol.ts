/**
 * The only bridge between the page and the training worker. Every message in
 * either direction is one of these plain, structured-cloneable shapes.
 */
import type { ConfigError, RunConfig } from '../model/config.ts';
import type { Metrics } from '../model/metrics.ts';
import type { PresetId } from '../model/presets.ts';
import type { Fault } from '../model/train.ts';
import type { KernelPoint } from '../model/separation.ts';
import type { BackendChoice, BackendName, WasmUrls } from './backendNames.ts';

/** One run of a group: a preset's run, optionally with settings changed. */
export interface RunSpec {
  /** Stable name within the group, e.g. `main`, `softmax`. */
  key: string;
  config: RunConfig;
}

export type GroupStatus = 'idle' | 'playing' | 'paused' | 'done' | 'faulted';

/** Why a group is not training even though it was asked to play. */
export type HoldReason = 'offscreen' | 'hidden' | 'preempted';

export type Speed = number | 'max';

/** How the `?kill-worker-at=` / `?crash-worker-at=` diagnostics end the worker. */
export interface WorkerFault {
  step: number;
  /** `close`: it goes silent (only the heartbeat notices); `throw`: an uncaught error reaches the page. */
  how: 'close' | 'throw';
}

export type Request =
  | {
      type: 'init';
      backend?: BackendName | undefined;
      wasmUrls?: WasmUrls | undefined;
      /** Diagnostic: destroy the GPU device once a run reaches this step, to exercise the fallback. */
      loseDeviceAt?: number | undefined;
      /** Diagnostic: the worker closes itself or throws once a group reaches this step, to exercise the restart. */
      workerFault?: WorkerFault | undefined;
    }
  /** Creates (or replaces) a group of up to three runs trained in lockstep. */
  | { type: 'create'; group: string; preset?: PresetId | undefined; runs: RunSpec[]; maxSteps: number }
  | { type: 'play'; group: string }
  | { type: 'pause'; group: string }
  /** Back to step 0 with the same settings. */
  | { type: 'reset'; group: string }
  /** Trains exactly n more steps, then pauses. */
  | { type: 'step'; group: string; n: number }
  | { type: 'speed'; group: string; speed: Speed }
  /** Jumps to a step already trained (replays from the nearest checkpoint). */
  | { type: 'seek'; group: string; step: number }
  /** The group's figure entered or left the viewport. */
  | { type: 'visible'; group: string; visible: boolean }
  /** The tab was hidden or shown. */
  | { type: 'page'; visible: boolean }
  | { type: 'dispose'; group: string }
  /** Kernel regression on the addition table with the expected or the initial eNTK (the kernel lab). */
  | { type: 'kernel'; id: string; method: 'expected' | 'entk0'; p: number; width: number; fraction: number; seed: number };

/**
 * Metrics of one run, as sent: the prediction grid only on the newest record
 * of a batch. `offCadence` marks a record taken where training stopped (pause,
 * seek, step button) rather than on the run's metrics steps: drawn, not exported.
 */
export type MetricsRecord = Omit<Metrics, 'grid'> & { grid?: Metrics['grid']; offCadence?: true };

export interface GroupSnapshot {
  type: 'snapshot';
  group: string;
  step: number;
  status: GroupStatus;
  hold: HoldReason | null;
  /** Measured training speed over the last second (steps per second). */
  stepsPerSecond: number;
  /** Per run key: every metrics record taken since the previous snapshot, oldest first. */
  records: Record<string, MetricsRecord[]>;
  /** Highest step that can be sought to without training further. */
  trainedTo: number;
  /** Tensors alive in the worker's TF.js engine (all groups). */
  tensors: number;
}

export type Reply =
  | {
      type: 'ready';
      backend: BackendChoice;
      /** Time to load and initialise TF.js and the backend. */
      initMs: number;
    }
  | {
      type: 'created';
      group: string;
      runs: { key: string; nTrain: number; nTest: number }[];
      /** Expected training time per step of the group on this machine, from one timed slice of each run's gradients. */
      msPerStep: number;
      /** What one metrics measurement of the group took (at step 0). */
      msPerMetrics: number;
    }
  | GroupSnapshot
  | { type: 'fault'; group: string; run: string; fault: Fault }
  /** Settings that cannot be used: each error names the valid range. */
  | { type: 'invalid'; group: string; run: string; errors: ConfigError[] }
  /** The backend was lost (e.g. a WebGPU device loss); training moved to another one. */
  | { type: 'backend-changed'; from: BackendName; backend: BackendChoice; reason: string; resumedAt: Record<string, number> }
  | { type: 'error'; group?: string | undefined; message: string }
  /** Posted every HEARTBEAT_MS by the worker's own timer, busy or idle, so the page can tell a dead worker from a quiet one. */
  | { type: 'heartbeat' }
  | {
      type: 'kernel-result';
      id: string;
      point: KernelPoint;
      /** How many test pairs put the true class at each rank 1…p (1 = predicted, p = scored lowest). */
      rankCounts: number[];
      nTrain: number;
      nTest: number;
      ms: number;
    };

export const MAX_RUNS_PER_GROUP = 3;
/**
 * Snapshots are posted at most this often, and figures redraw only when one
 * arrives. Each frame costs the page ~18 ms of CPU across its main, compositor
 * and GPU threads (a trace of the prologue's run in headless Chromium); at 30
 * per second that left the training worker about half of the second core on a
 * two-core machine. 20 per second still reads as motion.
 */
export const SNAPSHOT_INTERVAL_MS = 1000 / 20;

/**
 * The worker's heartbeat period. Its training loop yields at least every
 * chunk (about 60 ms of work), so the timer fires on time unless one TF.js
 * call blocks the worker's thread for longer.
 */
export const HEARTBEAT_MS = 1000;
