// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenQuiet } from './offline.ts';

describe('whenQuiet: the precache waits for live models to rest', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const settle = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
  };

  it('resolves after the quiet time when nothing trains', async () => {
    const root = document.createElement('div');
    let done = false;
    void whenQuiet(root, 2000, 60_000).then(() => (done = true));
    await settle(1999);
    expect(done).toBe(false);
    await settle(1);
    expect(done).toBe(true);
  });

  it('waits while a model trains and restarts the quiet time when it stops', async () => {
    const root = document.createElement('div');
    let done = false;
    void whenQuiet(root, 2000, 60_000).then(() => (done = true));
    await settle(1500);
    root.toggleAttribute('data-training', true);
    await settle(10_000);
    expect(done).toBe(false);
    root.toggleAttribute('data-training', false);
    await settle(1999);
    expect(done).toBe(false);
    await settle(1);
    expect(done).toBe(true);
  });

  it('gives up waiting at the latest time, for a reader who never stops training', async () => {
    const root = document.createElement('div');
    root.toggleAttribute('data-training', true);
    let done = false;
    void whenQuiet(root, 2000, 60_000).then(() => (done = true));
    await settle(59_999);
    expect(done).toBe(false);
    await settle(1);
    expect(done).toBe(true);
  });
});
