/// <reference lib="webworker" />
/**
 * The training worker: the only place in the page where TF.js runs. It turns
 * messages of the protocol into Engine calls and posts the Engine's replies.
 */
import { wasmUrls, workerGpu } from './assets.ts';
import { chooseBackend } from './backend.ts';
import { Engine } from './engine.ts';
import type { Request } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const gpu = workerGpu();

const engine = new Engine(
  (message, transfer = []) => self.postMessage(message, transfer),
  (options) => chooseBackend({ ...options, wasmUrls: options.wasmUrls ?? wasmUrls, gpu }),
);

self.addEventListener('message', (event: MessageEvent<Request>) => {
  void engine.handle(event.data);
});
