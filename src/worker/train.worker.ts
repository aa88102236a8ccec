/// <reference lib="webworker" />
/**
 * The training worker: the only place in the page where TF.js runs. It turns
 * messages of the protocol into Engine calls and posts the Engine's replies.
 */
import { wasmUrls, workerGpu } from './assets.ts';
import { chooseBackend } from './backend.ts';
import { Engine } from './engine.ts';
import { HEARTBEAT_MS, type Reply, type Request, type WorkerFault } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const gpu = workerGpu();
/** The diagnostic fault asked for at init, until it has happened. */
let fault: WorkerFault | null = null;

const engine = new Engine(
  (message, transfer = []) => {
    self.postMessage(message, transfer);
    if (fault && message.type === 'snapshot' && message.step >= fault.step) {
      const { how, step } = fault;
      fault = null;
      if (how === 'close') self.close();
      else
        setTimeout(() => {
          throw new Error(`crash-worker-at=${step}: the training worker threw on purpose.`);
        });
    }
  },
  (options) => chooseBackend({ ...options, wasmUrls: options.wasmUrls ?? wasmUrls, gpu }),
);

setInterval(() => self.postMessage({ type: 'heartbeat' } satisfies Reply), HEARTBEAT_MS);

self.addEventListener('message', (event: MessageEvent<Request>) => {
  if (event.data.type === 'init') fault = event.data.workerFault ?? null;
  void engine.handle(event.data);
});
