// Writes the reference trajectory of every preset (or of those named) to
// public/data/presets/<id>.json, and its neurons-as-waves frames to
// <id>.waves.json (fetched only by figures that draw them), trained by the
// same engine as the page, in Node on the WASM backend.
// Usage: npm run precompute [-- fast classic …]
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { PRESETS, type PresetId } from '../src/model/presets.ts';
import { splitWaves, tracePreset } from '../src/model/trace.ts';

const BUDGET_GZIP = 300 * 1024;
const outDir = new URL('../public/data/presets/', import.meta.url);
mkdirSync(outDir, { recursive: true });

await tf.setBackend('wasm');
await tf.ready();

const asked = process.argv.slice(2);
const ids = (asked.length > 0 ? asked : Object.keys(PRESETS)) as PresetId[];
let over = false;
for (const id of ids) {
  const preset = PRESETS[id];
  if (!preset) throw new Error(`Unknown preset "${id}". Known: ${Object.keys(PRESETS).join(', ')}`);
  const t0 = performance.now();
  const { trace, waves } = splitWaves(await tracePreset(preset, tf.getBackend()));
  const sizes = [
    [`${id}.json`, JSON.stringify(trace)],
    [`${id}.waves.json`, JSON.stringify(waves)],
  ].map(([name, json]) => {
    writeFileSync(new URL(name!, outDir), `${json}\n`);
    const gz = gzipSync(json!).length;
    if (gz > BUDGET_GZIP) over = true;
    return `${(json!.length / 1024).toFixed(0).padStart(5)} KB, ${(gz / 1024).toFixed(0).padStart(4)} KB gzip`;
  });
  const marks = trace.runs.map((r) => `${r.key}: memorize ${r.milestones.memorize ?? '–'}, grok ${r.milestones.grok ?? '–'}`).join('; ');
  process.stdout.write(`${id.padEnd(10)} ${sizes[0]} + waves ${sizes[1]}, ${((performance.now() - t0) / 1000).toFixed(1)} s  (${marks})\n`);
}
if (over) {
  process.stderr.write(`A preset's data exceeds ${BUDGET_GZIP / 1024} KB gzip.\n`);
  process.exit(1);
}
