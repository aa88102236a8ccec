/// <reference lib="webworker" />
/**
 * The training worker: the only place in the page where TF.js runs. It turns
 * messages of the protocol into Engine calls and posts the Engine's replies.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend, type ChooseOptions, type WasmUrls } from './backend.ts';
import { Engine } from './engine.ts';
import type { Request } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const wasmUrls: WasmUrls = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

const gpu = (self.navigator as Navigator & { gpu?: ChooseOptions['gpu'] }).gpu;

const engine = new Engine(
  (message, transfer = []) => self.postMessage(message, transfer),
  (options) => chooseBackend({ ...options, wasmUrls: options.wasmUrls ?? wasmUrls, gpu }),
);

self.addEventListener('message', (event: MessageEvent<Request>) => {
  void engine.handle(event.data);
});
