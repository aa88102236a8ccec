/**
 * The format of the reference trajectories (public/data/presets/*.json and
 * *.waves.json) and its small codecs. Kept apart from the recorder in
 * trace.ts, which trains, so that the page can read the files without
 * loading TF.js: TF.js belongs to the worker.
 */
import type { RunConfig } from './config.ts';
import type { Waves } from './metrics.ts';
import type { PresetId } from './presets.ts';

export const TRACE_VERSION = 2;

export interface SeriesTrace {
  step: number[];
  trainAcc: number[];
  testAcc: number[];
  trainLoss: number[];
  testLoss: number[];
  zeroLoss: number[];
  margin: number[];
  ntk: number[];
  dist: number[];
  l2: number[];
  linf: number[];
  /** Share of neurons tuned to one frequency. */
  tuned: number[];
  ipr: number[];
}

export interface RunTrace {
  key: string;
  config: RunConfig;
  nTrain: number;
  nTest: number;
  series: SeriesTrace;
  /** Power per frequency k = 0…⌊p/2⌋ of W_a + W_b (summed), one row per record, row-major. */
  spectrum: { frequencies: number; power: number[] };
  /** Key frequencies at the end of the run. */
  keyFrequencies: number[];
  /** Correctness of all p² predictions at a few steps (bitset, base64). */
  grids: { step: number; correct: string }[];
  /**
   * Neurons as waves and the embedding's circles at the same steps as `grids`.
   * Each frame has the circle of its own dominant frequency and those of the
   * run's final top WAVE_CIRCLES key frequencies, so a figure can show one
   * frequency going from cloud to circle. Written to <id>.waves.json, not to
   * the main file.
   */
  waves?: StoredWaveFrame[];
  milestones: { memorize: number | null; grok: number | null; collapse: number | null };
}

export type WaveFrame = Waves & { step: number };

/** A neuron's wave, stored compactly: weights as whole percent of the largest |weight|. */
export interface StoredNeuron {
  index: number;
  k: number;
  share: number;
  amplitude: number;
  phase: number;
  offset: number;
  fit: number;
  /** The largest |weight|. */
  scale: number;
  /** round(100 · weight / scale) for a = 0…p−1. */
  w: number[];
}

/** A circle, stored compactly: coordinates in hundredths of the root-mean-square radius. */
export interface StoredCircle {
  k: number;
  neurons: number;
  circularity: number;
  x: number[];
  y: number[];
}

export interface StoredWaveFrame {
  step: number;
  k: number;
  neurons: StoredNeuron[];
  circles: StoredCircle[];
}

/** <id>.waves.json: the waves of every run of a preset. */
export interface PresetWaves {
  version: number;
  preset: PresetId;
  runs: { key: string; p: number; waves: StoredWaveFrame[] }[];
}

export interface PresetTrace {
  version: number;
  preset: PresetId;
  steps: number;
  every: number;
  backend: string;
  runs: RunTrace[];
}

export function round4(x: number): number {
  if (!Number.isFinite(x)) return x;
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

export function encodeBits(bits: ArrayLike<number>): string {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i]) bytes[i >> 3]! |= 1 << (i & 7);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function decodeBits(text: string, n: number): Uint8Array {
  const raw = atob(text);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (raw.charCodeAt(i >> 3) >> (i & 7)) & 1;
  return out;
}

export function encodeWaves(w: Waves, step: number): StoredWaveFrame {
  return {
    step,
    k: w.k,
    neurons: w.neurons.map((n) => {
      const scale = n.weights.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      return {
        index: n.index,
        k: n.k,
        share: round4(n.share),
        amplitude: round4(n.amplitude),
        phase: round4(n.phase),
        offset: round4(n.offset),
        fit: round4(n.fit),
        scale: round4(scale),
        w: n.weights.map((v) => (scale > 0 ? Math.round((100 * v) / scale) : 0)),
      };
    }),
    circles: w.circles.map((c) => ({
      k: c.k,
      neurons: c.neurons,
      circularity: round4(c.circularity),
      x: c.x.map((v) => Math.round(100 * v)),
      y: c.y.map((v) => Math.round(100 * v)),
    })),
  };
}

export function decodeWaves(s: StoredWaveFrame, p: number): WaveFrame {
  return {
    step: s.step,
    p,
    k: s.k,
    neurons: s.neurons.map(({ w, scale, ...n }) => ({ ...n, weights: w.map((v) => (v * scale) / 100) })),
    circles: s.circles.map((c) => ({ ...c, x: c.x.map((v) => v / 100), y: c.y.map((v) => v / 100) })),
  };
}

/** The trace without its waves, and the waves as their own file. */
export function splitWaves(trace: PresetTrace): { trace: PresetTrace; waves: PresetWaves } {
  return {
    trace: { ...trace, runs: trace.runs.map(({ waves: _waves, ...run }) => run) },
    waves: {
      version: trace.version,
      preset: trace.preset,
      runs: trace.runs.map((r) => ({ key: r.key, p: r.config.p, waves: r.waves ?? [] })),
    },
  };
}

