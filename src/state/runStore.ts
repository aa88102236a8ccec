/**
 * What the page knows about one training group, built from the worker's
 * replies: each run's metrics history (sorted by step; a seek and a replay
 * overwrite records at the same steps), the current step and status, faults.
 * Plain state for figures to read; it never talks to the worker itself.
 */
import type { ConfigError } from '../model/config.ts';
import type { Fault } from '../model/train.ts';
import type { GroupStatus, HoldReason, MetricsRecord, Reply } from '../worker/protocol.ts';

export interface RunView {
  key: string;
  nTrain: number;
  nTest: number;
  history: MetricsRecord[];
  /** The newest record carrying the prediction grid. */
  withGrid: MetricsRecord | undefined;
  fault: Fault | undefined;
  invalid: ConfigError[] | undefined;
}

export class RunStore {
  readonly group: string;
  step = 0;
  status: GroupStatus = 'idle';
  hold: HoldReason | null = null;
  stepsPerSecond = 0;
  trainedTo = 0;
  /** Tensors alive in the worker, as of the last snapshot. */
  tensors = 0;
  error: string | undefined;
  private readonly runs = new Map<string, RunView>();
  private readonly listeners = new Set<() => void>();

  constructor(group: string) {
    this.group = group;
  }

  get keys(): string[] {
    return [...this.runs.keys()];
  }

  run(key: string): RunView | undefined {
    return this.runs.get(key);
  }

  /** The record at or just before the current step (what the figures show). */
  current(key: string): MetricsRecord | undefined {
    const history = this.runs.get(key)?.history ?? [];
    let lo = 0;
    let hi = history.length - 1;
    let found: MetricsRecord | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const rec = history[mid]!;
      if (rec.step <= this.step) {
        found = rec;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Folds one reply into the state; returns whether anything changed. */
  apply(reply: Reply): boolean {
    if ('group' in reply && reply.group !== this.group) return false;
    switch (reply.type) {
      case 'created':
        this.runs.clear();
        for (const r of reply.runs) {
          this.runs.set(r.key, { ...r, history: [], withGrid: undefined, fault: undefined, invalid: undefined });
        }
        this.step = 0;
        this.trainedTo = 0;
        this.status = 'idle';
        this.error = undefined;
        break;
      case 'snapshot':
        this.step = reply.step;
        this.status = reply.status;
        this.hold = reply.hold;
        this.stepsPerSecond = reply.stepsPerSecond;
        this.trainedTo = reply.trainedTo;
        this.tensors = reply.tensors;
        for (const [key, records] of Object.entries(reply.records)) {
          const run = this.runs.get(key);
          if (!run) continue;
          for (const rec of records) upsert(run.history, rec);
          const last = records.at(-1);
          if (last?.grid) run.withGrid = last;
        }
        break;
      case 'fault': {
        const run = this.runs.get(reply.run);
        if (run) run.fault = reply.fault;
        break;
      }
      case 'invalid': {
        const run = this.runs.get(reply.run) ?? {
          key: reply.run,
          nTrain: 0,
          nTest: 0,
          history: [],
          withGrid: undefined,
          fault: undefined,
          invalid: undefined,
        };
        run.invalid = reply.errors;
        this.runs.set(reply.run, run);
        break;
      }
      case 'error':
        this.error = reply.message;
        break;
      default:
        return false;
    }
    for (const l of this.listeners) l();
    return true;
  }
}

/** Inserts a record in step order, replacing one at the same step; the grid is not kept in history. */
function upsert(history: MetricsRecord[], record: MetricsRecord): void {
  const { grid: _grid, ...slim } = record;
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (history[mid]!.step < slim.step) lo = mid + 1;
    else hi = mid;
  }
  if (history[lo]?.step === slim.step) history[lo] = slim;
  else history.splice(lo, 0, slim);
}
