/**
 * Quick Node timing of the engine (not the full `npm run bench` of issue 3):
 *   npx node src/model/bench-node.ts [backend ...]   (default: wasm)
 * Prints ms per training step and per metrics() call for the fast and
 * classic-like settings; the best of three blocks, since shared machines are noisy.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { resolveConfig } from './config.ts';
import { Trainer } from './train.ts';

const SETTINGS = {
  'fast (p=47, h=128, frac .4)': { p: 47, trainFraction: 0.4 },
  'classic (p=97, h=128, frac .3)': { p: 97, trainFraction: 0.3 },
} as const;

async function bestOf(blocks: number, run: () => Promise<unknown>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < blocks; i++) {
    const t0 = performance.now();
    await run();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const backends = process.argv.slice(2);
for (const backend of backends.length > 0 ? backends : ['wasm']) {
  await tf.setBackend(backend);
  await tf.ready();
  for (const [name, overrides] of Object.entries(SETTINGS)) {
    const resolved = resolveConfig(overrides);
    if (!resolved.ok) throw new Error(resolved.errors.map((e) => e.message).join(' '));
    const trainer = new Trainer(resolved.config);
    await trainer.step(20);
    await trainer.metrics();
    const steps = backend === 'cpu' ? 10 : 100;
    const stepMs = (await bestOf(3, () => trainer.step(steps))) / steps;
    const metricsMs = await bestOf(5, () => trainer.metrics());
    trainer.dispose();
    process.stdout.write(
      `${backend.padEnd(5)} ${name.padEnd(32)} ${stepMs.toFixed(2).padStart(7)} ms/step ` +
        `(${(1000 / stepMs).toFixed(0)} steps/s)   metrics ${metricsMs.toFixed(1)} ms\n`,
    );
  }
}
