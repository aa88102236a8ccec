/**
 * Benchmark measurements shared by Node and the browser (`npm run bench`):
 * training speed of a preset's formulation on the current TF.js backend, the
 * same backend's large-matmul throughput as a yardstick, and wall-clock time
 * from "play" to memorization and to grokking through the real Engine
 * (adaptive metrics included), the way a reader experiences it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../model/config.ts';
import { PRESETS, type PresetId } from '../model/presets.ts';
import { Trainer } from '../model/train.ts';
import { Engine, type ChooseBackend } from '../worker/engine.ts';
import type { Reply } from '../worker/protocol.ts';

export interface SpeedResult {
  preset: PresetId;
  msPerStep: number;
  stepsPerSecond: number;
  /** Matmul FLOPs per training step of the gather formulation: 6·N·h·p. */
  mflopPerStep: number;
  gflops: number;
  msPerMetrics: number;
}

export interface GrokResult {
  preset: PresetId;
  seed: number;
  memorizeStep: number | null;
  grokStep: number | null;
  memorizeSeconds: number | null;
  grokSeconds: number | null;
  /** From the play request to the first trained step reported back. */
  firstStepMs: number;
}

export function flopsPerStep(config: RunConfig, nTrain: number): number {
  return 6 * nTrain * config.width * config.p;
}

/** Throughput of a square matmul on the current backend, in GFLOP/s (best of a few). */
export async function matmulGflops(n = 512, repeats = 8): Promise<number> {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  try {
    tf.matMul(a, b).dispose();
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      let acc = tf.matMul(a, b);
      for (let i = 1; i < repeats; i++) {
        const next = tf.matMul(a, b);
        acc.dispose();
        acc = next;
      }
      await acc.data();
      acc.dispose();
      best = Math.min(best, (performance.now() - t0) / repeats);
    }
    return (2 * n ** 3) / (best * 1e6);
  } finally {
    tf.dispose([a, b]);
  }
}

/** ms per training step (median of blocks after a warm-up) and per metrics() call. */
export async function measureSpeed(preset: PresetId, blockMs = 600): Promise<SpeedResult> {
  const config = PRESETS[preset].runs[0]!.config;
  const trainer = new Trainer(config);
  try {
    await trainer.step(5);
    await trainer.metrics();
    // Size blocks to about blockMs from one timed probe.
    let t0 = performance.now();
    await trainer.step(5);
    const probe = (performance.now() - t0) / 5;
    const n = Math.max(2, Math.round(blockMs / Math.max(probe, 0.05)));
    const times: number[] = [];
    for (let b = 0; b < 3; b++) {
      t0 = performance.now();
      await trainer.step(n);
      times.push((performance.now() - t0) / n);
    }
    times.sort((x, y) => x - y);
    const msPerStep = times[1]!;
    const mt: number[] = [];
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      await trainer.metrics();
      mt.push(performance.now() - t0);
    }
    mt.sort((x, y) => x - y);
    const flops = flopsPerStep(config, trainer.dataset.trainIdx.length);
    return {
      preset,
      msPerStep,
      stepsPerSecond: 1000 / msPerStep,
      mflopPerStep: flops / 1e6,
      gflops: flops / (msPerStep * 1e6),
      msPerMetrics: mt[1]!,
    };
  } finally {
    trainer.dispose();
  }
}

/** Plays a preset through the Engine and times memorization and grokking from the play request. */
export async function timeToGrok(preset: PresetId, seed: number, choose: ChooseBackend): Promise<GrokResult> {
  const spec = PRESETS[preset];
  const config = { ...spec.runs[0]!.config, seed };
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  const result: GrokResult = { preset, seed, memorizeStep: null, grokStep: null, memorizeSeconds: null, grokSeconds: null, firstStepMs: NaN };
  let playAt = 0;
  const engine = new Engine((reply: Reply) => {
    if (reply.type !== 'snapshot') return;
    const t = (performance.now() - playAt) / 1000;
    if (reply.step > 0 && Number.isNaN(result.firstStepMs)) result.firstStepMs = t * 1000;
    for (const rec of reply.records.main ?? []) {
      if (result.memorizeStep === null && rec.train.accuracy > 0.99) {
        result.memorizeStep = rec.step;
        result.memorizeSeconds = t;
      }
      if (result.grokStep === null && rec.test.accuracy > 0.95) {
        result.grokStep = rec.step;
        result.grokSeconds = t;
      }
    }
    if (result.grokStep !== null || reply.status === 'done' || reply.status === 'faulted') resolveDone();
  }, choose);
  await engine.handle({ type: 'init' });
  await engine.handle({ type: 'create', group: 'bench', runs: [{ key: 'main', config }], maxSteps: spec.steps });
  playAt = performance.now();
  await engine.handle({ type: 'play', group: 'bench' });
  await done;
  await engine.handle({ type: 'dispose', group: 'bench' });
  return result;
}

export function median(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
}
