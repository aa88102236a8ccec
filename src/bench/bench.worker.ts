/// <reference lib="webworker" />
/**
 * Runs the benchmark inside a worker, as the live figures do, on one forced
 * backend, and posts one result object back.
 */
import type { PresetId } from '../model/presets.ts';
import { wasmUrls, workerGpu } from '../worker/assets.ts';
import { chooseBackend, type BackendName } from '../worker/backend.ts';
import { matmulGflops, measureSpeed, timeToGrok } from './measure.ts';

declare const self: DedicatedWorkerGlobalScope;

export interface BenchRequest {
  backend: BackendName;
  speed: PresetId[];
  grok: PresetId[];
  seeds: number[];
}

const gpu = workerGpu();

self.addEventListener('message', async (event: MessageEvent<BenchRequest>) => {
  const req = event.data;
  try {
    const t0 = performance.now();
    const choice = await chooseBackend({ forced: req.backend, wasmUrls, gpu });
    const initMs = performance.now() - t0;
    if (choice.name !== req.backend) {
      self.postMessage({ backend: req.backend, unavailable: true, candidates: choice.candidates });
      return;
    }
    const device = choice.candidates.find((c) => c.name === req.backend)?.device;
    const matmul = await matmulGflops();
    const speed = [];
    for (const p of req.speed) speed.push(await measureSpeed(p, 400));
    const grok = [];
    for (const p of req.grok) {
      for (const seed of req.seeds) {
        grok.push(await timeToGrok(p, seed, (o) => chooseBackend({ ...o, forced: req.backend, wasmUrls, gpu })));
      }
    }
    self.postMessage({ backend: req.backend, device, wasm: choice.wasm, initMs, matmulGflops: matmul, speed, grok });
  } catch (error) {
    self.postMessage({ backend: req.backend, error: (error as Error).message });
  }
});
