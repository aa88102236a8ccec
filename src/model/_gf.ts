import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { resolveConfig } from './config.ts';
import { Trainer } from './train.ts';
await tf.setBackend('wasm'); await tf.ready();
const cands = JSON.parse(process.argv[2]!);
const maxSteps = Number(process.argv[3] ?? 3000);
for (const c of cands) {
  const r = resolveConfig(c); if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const out = [];
  for (const seed of [0, 1, 2]) {
    const t = new Trainer({ ...r.config, seed });
    let mem = null, grok = null; let steps = 0; let last = 0;
    while (steps < maxSteps) { await t.step(25); steps += 25; const m = await t.metrics(); last = m.test.accuracy;
      if (mem === null && m.train.accuracy > 0.99) mem = steps;
      if (grok === null && m.test.accuracy > 0.95) { grok = steps; break; } }
    out.push(`${mem}/${grok ?? 'none(' + (last*100).toFixed(0) + '%)'}`);
    t.dispose();
  }
  console.log(JSON.stringify(c), '|', out.join(' | '));
}
