/**
 * What a worker needs from the page's build to start TF.js: the URLs of the
 * WASM binaries (hashed files emitted by Vite) and the WebGPU entry point.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { ChooseOptions, WasmUrls } from './backend.ts';

export const wasmUrls: WasmUrls = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

/** navigator.gpu where the worker has one. */
export function workerGpu(): ChooseOptions['gpu'] {
  return (self.navigator as Navigator & { gpu?: ChooseOptions['gpu'] }).gpu;
}
