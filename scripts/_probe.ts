import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { PRESETS } from '../src/model/presets.ts';
import { DEFAULT_CONFIG, type RunConfig } from '../src/model/config.ts';
import { Trainer } from '../src/model/train.ts';
await tf.setBackend('wasm'); await tf.ready();
const which = process.argv[2]!;
const fracs = (process.argv[3] ?? '0.2,0.3,0.5').split(',').map(Number);
const steps = Number(process.argv[4] ?? 1500);
for (const frac of fracs) {
  let cfg: RunConfig;
  if (which === 'rich') cfg = { ...PRESETS.rich.runs[0]!.config, trainFraction: frac };
  else if (which === 'lazy') cfg = { ...PRESETS.lazy.runs[0]!.config, trainFraction: frac };
  else if (which === 'richwd') cfg = { ...PRESETS.rich.runs[0]!.config, trainFraction: frac, regularizer: { kind: 'l2', wd: 0.1 } };
  else if (which === 'adamw') cfg = { ...DEFAULT_CONFIG, p: 31, trainFraction: frac };
  else if (which === 'adamw256') cfg = { ...DEFAULT_CONFIG, p: 31, width: 256, trainFraction: frac };
  else if (which === 'linf') cfg = { ...DEFAULT_CONFIG, p: 31, trainFraction: frac, regularizer: { kind: 'linf-smooth', lambda: 0.1, q: 16 } };
  else throw new Error(which);
  const t = new Trainer(cfg);
  const t0 = performance.now();
  const line: string[] = [];
  for (let s = 0; s < steps; s += 150) {
    await t.step(150);
    const m = await t.metrics();
    line.push(`${m.step}:${m.train.accuracy.toFixed(2)}/${m.test.accuracy.toFixed(3)}/k${m.ntkChange.toFixed(2)}`);
  }
  console.log(which, frac, ((performance.now() - t0) / steps).toFixed(1), 'ms/step', line.join(' '));
  t.dispose();
}
