/**
 * Seeded pseudo-random numbers. Nothing in src/model touches Math.random: a run
 * must be reproducible from its seed (reference trajectories, seeking, and
 * restarting on another backend all depend on it).
 */

export interface Rng {
  /** Uniform integer in [0, 2^32). */
  uint32(): number;
  /** Uniform float in [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Fisher–Yates shuffle, in place; returns its argument. */
  shuffle<T extends { [i: number]: unknown; length: number }>(xs: T): T;
}

/**
 * Independent streams derived from one seed, so that changing how many numbers
 * one consumer draws (e.g. the width, for init) does not change another
 * consumer's numbers (e.g. the split).
 */
export type RngStream = 'split' | 'init' | 'probe' | 'batch';

const STREAM_SALT: Readonly<Record<RngStream, number>> = {
  split: 0x5eed_0001,
  init: 0x5eed_0002,
  probe: 0x5eed_0003,
  batch: 0x5eed_0004,
};

/** 32-bit finalizer of MurmurHash3: decorrelates nearby seeds before mulberry32 uses them. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function deriveSeed(seed: number, stream: RngStream): number {
  return mix32(mix32(seed >>> 0) ^ STREAM_SALT[stream]);
}

/** mulberry32: tiny, fast, passes the statistical tests that matter at this scale. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spare: number | null = null;

  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const uniform = (): number => uint32() / 4294967296;

  return {
    uint32,
    uniform,
    normal(): number {
      if (spare !== null) {
        const z = spare;
        spare = null;
        return z;
      }
      // 1 - u lies in (0, 1], so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - uniform()));
      const theta = 2 * Math.PI * uniform();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    shuffle<T extends { [i: number]: unknown; length: number }>(xs: T): T {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        const tmp = xs[i];
        xs[i] = xs[j];
        xs[j] = tmp;
      }
      return xs;
    },
  };
}

export function streamRng(seed: number, stream: RngStream): Rng {
  return createRng(deriveSeed(seed, stream));
}
