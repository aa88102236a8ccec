import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from './backend.ts';

// Its own file: the failed WASM registration stays in TF.js's registry for the rest of the process.
describe('chooseBackend without WebAssembly', () => {
  const saved = globalThis.WebAssembly;
  afterAll(() => {
    globalThis.WebAssembly = saved;
  });

  it('falls back to the plain-JavaScript CPU backend and says that WASM failed', async () => {
    // A browser with WebAssembly removed (an enterprise policy, a hardened build).
    delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    const choice = await chooseBackend({});
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.candidates).toContainEqual({ name: 'wasm', skipped: 'failed to initialise' });
  });
});
