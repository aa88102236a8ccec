/**
 * Chooses the TF.js backend inside the worker. Order of preference: WebGPU,
 * WebGL, WASM, CPU — but a GPU backend only counts when it runs on real
 * hardware: on software adapters (SwiftShader, llvmpipe, WARP) WebGPU and WebGL
 * were measured 15–100x slower than WASM for this model (research/perf.md).
 * When a real GPU is present, a short timed probe of this model's own kind of
 * work decides between it and WASM, since small matmuls often favour the CPU.
 * Only the backends that are tried are loaded.
 */
import * as tf from '@tensorflow/tfjs-core';

import type { BackendCandidate, BackendChoice, BackendName, WasmUrls } from './backendNames.ts';

export { BACKENDS, isBackendName, type BackendCandidate, type BackendChoice, type BackendName, type WasmUrls } from './backendNames.ts';

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic|warp/i;

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** Looks at the WebGPU adapter without creating a device; null when there is none worth using. */
export async function inspectWebGpu(gpu: GpuLike | undefined): Promise<BackendCandidate> {
  if (!gpu) return { name: 'webgpu', skipped: 'no navigator.gpu' };
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { name: 'webgpu', skipped: `requestAdapter failed: ${(error as Error).message}` };
  }
  if (!adapter) return { name: 'webgpu', skipped: 'no adapter' };
  const info = adapter.info ?? {};
  const device = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  if (adapter.isFallbackAdapter || info.isFallbackAdapter || SOFTWARE.test(device)) {
    return { name: 'webgpu', device, skipped: 'software adapter' };
  }
  return { name: 'webgpu', device };
}

/** Reads the WebGL renderer from an offscreen context (works inside a worker). */
export function inspectWebGl(): BackendCandidate {
  if (typeof OffscreenCanvas === 'undefined') return { name: 'webgl', skipped: 'no OffscreenCanvas' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return { name: 'webgl', skipped: 'no WebGL 2' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (SOFTWARE.test(renderer)) return { name: 'webgl', device: renderer, skipped: 'software renderer' };
  return { name: 'webgl', device: renderer };
}

async function register(name: BackendName, wasmUrls?: WasmUrls): Promise<void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (wasmUrls) wasm.setWasmPaths(wasmUrls);
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

/** Registers and activates one backend; false when it fails to initialise. */
export async function activate(name: BackendName, wasmUrls?: WasmUrls): Promise<boolean> {
  try {
    await register(name, wasmUrls);
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * One probe round: the shapes of one training step of the *fast* preset
 * (884 pairs, width 128, p = 47), forward and backward matmuls plus readback.
 */
function probeRound(): number {
  const t0 = performance.now();
  const out = tf.tidy(() => {
    const z = tf.randomNormal([884, 128]);
    const v = tf.randomNormal([128, 47]);
    const h = tf.square(z);
    const logits = tf.matMul(h, v);
    const d = tf.sub(tf.softmax(logits), 0.5);
    const gv = tf.matMul(tf.transpose(h), d);
    const dz = tf.mul(tf.matMul(d, tf.transpose(v)), z);
    return tf.add(tf.sum(gv), tf.sum(dz));
  });
  out.dataSync();
  out.dispose();
  return performance.now() - t0;
}

/** Median time of a few rounds after one warm-up, bounded by `budgetMs`. */
function probe(budgetMs: number): number {
  const start = performance.now();
  probeRound();
  const times: number[] = [];
  while (times.length < 5 && performance.now() - start < budgetMs) times.push(probeRound());
  if (times.length === 0) return Number.POSITIVE_INFINITY;
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function wasmFlags(): { simd: boolean; threads: boolean } {
  return { simd: Boolean(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')), threads: Boolean(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')) };
}

export interface ChooseOptions {
  forced?: BackendName | undefined;
  wasmUrls?: WasmUrls | undefined;
  gpu?: GpuLike | undefined;
  /** Total time allowed for probing real GPUs against WASM. */
  probeBudgetMs?: number;
  /** Backends to leave out (e.g. after a device loss). */
  exclude?: readonly BackendName[];
}

export async function chooseBackend(options: ChooseOptions = {}): Promise<BackendChoice> {
  const { forced, wasmUrls, gpu, probeBudgetMs = 300, exclude = [] } = options;
  const candidates: BackendCandidate[] = [];
  const done = async (name: BackendName, extra: Partial<BackendChoice> = {}): Promise<BackendChoice> => ({
    name,
    candidates,
    ...(name === 'wasm' ? { wasm: wasmFlags() } : {}),
    ...extra,
  });

  if (forced && !exclude.includes(forced)) {
    if (await activate(forced, wasmUrls)) {
      candidates.push({ name: forced });
      return done(forced);
    }
    candidates.push({ name: forced, skipped: 'failed to initialise' });
  }

  const gpus: BackendCandidate[] = [];
  if (!exclude.includes('webgpu')) gpus.push(await inspectWebGpu(gpu));
  if (!exclude.includes('webgl')) gpus.push(inspectWebGl());
  candidates.push(...gpus);
  const real = gpus.filter((c) => !c.skipped);

  const forcedExtra = forced ? { forcedUnavailable: forced } : {};
  if (real.length > 0) {
    // Probe each real GPU and WASM for an equal share of the budget; keep the fastest.
    const contenders: BackendCandidate[] = [...real];
    if (!exclude.includes('wasm')) contenders.push({ name: 'wasm' });
    const share = probeBudgetMs / contenders.length;
    let best: BackendCandidate | undefined;
    for (const c of contenders) {
      if (!(await activate(c.name, wasmUrls))) {
        c.skipped = 'failed to initialise';
        continue;
      }
      c.probeMs = probe(share);
      if (!best || c.probeMs < (best.probeMs ?? Infinity)) best = c;
    }
    if (!candidates.some((c) => c.name === 'wasm')) {
      const w = contenders.find((c) => c.name === 'wasm');
      if (w) candidates.push(w);
    }
    if (best && (await activate(best.name, wasmUrls))) return done(best.name, forcedExtra);
  }
  for (const name of ['wasm', 'cpu'] as const) {
    if (exclude.includes(name)) continue;
    if (await activate(name, wasmUrls)) {
      if (!candidates.some((c) => c.name === name)) candidates.push({ name });
      return done(name, forcedExtra);
    }
    candidates.push({ name, skipped: 'failed to initialise' });
  }
  throw new Error('No TensorFlow.js backend could be initialised.');
}

