/**
 * Backend names and the shapes the worker reports about its choice, with no
 * TF.js import: the page needs these, and TF.js must load in the worker only.
 */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendCandidate {
  name: BackendName;
  /** Why this backend was skipped, when it was. */
  skipped?: string;
  /** Hardware description (adapter or renderer), when one was found. */
  device?: string;
  /** Milliseconds per probe round, when probed. */
  probeMs?: number;
}

export interface BackendChoice {
  name: BackendName;
  /** Set when a forced backend was unavailable and another one was used instead. */
  forcedUnavailable?: BackendName;
  candidates: BackendCandidate[];
  wasm?: { simd: boolean; threads: boolean };
}

export interface WasmUrls {
  'tfjs-backend-wasm.wasm': string;
  'tfjs-backend-wasm-simd.wasm': string;
  'tfjs-backend-wasm-threaded-simd.wasm': string;
}

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKENDS as readonly string[]).includes(value);
}
