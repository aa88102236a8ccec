import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CONFIG, type RunConfig } from '../model/config.ts';
import { chooseBackend } from './backend.ts';
import { Engine, interrupts, thinCheckpoints } from './engine.ts';
import type { GroupSnapshot, Reply } from './protocol.ts';

const small: RunConfig = { ...DEFAULT_CONFIG, p: 13, width: 32, trainFraction: 0.5, probeSize: 16 };

function harness() {
  const replies: Reply[] = [];
  const waiters: { test: (r: Reply) => boolean; resolve: (r: Reply) => void }[] = [];
  const engine = new Engine(
    (message) => {
      replies.push(message);
      for (const w of [...waiters]) {
        if (w.test(message)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    },
    (options) => chooseBackend({ ...options, forced: 'cpu' }),
  );
  const next = <T extends Reply>(test: (r: Reply) => r is T): Promise<T> =>
    new Promise((resolve) => waiters.push({ test, resolve: resolve as (r: Reply) => void }));
  const snapshots = (group: string) => replies.filter((r): r is GroupSnapshot => r.type === 'snapshot' && r.group === group);
  return { engine, replies, next, snapshots };
}

const isSnapshot =
  (group: string, pred: (s: GroupSnapshot) => boolean = () => true) =>
  (r: Reply): r is GroupSnapshot =>
    r.type === 'snapshot' && r.group === group && pred(r);

describe('thinCheckpoints', () => {
  it('keeps step 0 and the newest, thins the older half, and never keeps more than the limit', () => {
    const steps = Array.from({ length: 49 }, (_, i) => i * 10);
    const thinned = thinCheckpoints(steps, 48);
    // What the engine kept before the limit depended on memory: step 0, every other older one, the newest 24.
    expect(thinned).toEqual(steps.filter((_s, i) => i === 0 || i >= 24 || i % 2 === 0));
    for (const limit of [2, 3, 5, 17]) {
      let kept: number[] = [];
      for (const step of steps) {
        kept = thinCheckpoints([...kept, step], limit);
        expect(kept.length).toBeLessThanOrEqual(limit);
        expect(kept[0]).toBe(0);
        expect(kept.at(-1)).toBe(step);
      }
    }
    expect(thinCheckpoints([0, 5], 2)).toEqual([0, 5]);
  });
});

describe('interrupts', () => {
  it('cuts a large step short for what stops, moves, hides or preempts its group, and for nothing else', () => {
    for (const type of ['pause', 'reset', 'dispose'] as const) {
      expect(interrupts({ type, group: 'a' }, 'a')).toBe(true);
      expect(interrupts({ type, group: 'b' }, 'a')).toBe(false);
    }
    expect(interrupts({ type: 'seek', group: 'a', step: 3 }, 'a')).toBe(true);
    expect(interrupts({ type: 'step', group: 'a', n: 1 }, 'a')).toBe(true);
    expect(interrupts({ type: 'visible', group: 'a', visible: false }, 'a')).toBe(true);
    expect(interrupts({ type: 'visible', group: 'a', visible: true }, 'a')).toBe(false);
    expect(interrupts({ type: 'visible', group: 'b', visible: false }, 'a')).toBe(false);
    expect(interrupts({ type: 'page', visible: false }, 'a')).toBe(true);
    expect(interrupts({ type: 'page', visible: true }, 'a')).toBe(false);
    expect(interrupts({ type: 'play', group: 'b' }, 'a')).toBe(true);
    expect(interrupts({ type: 'play', group: 'a' }, 'a')).toBe(false);
    expect(interrupts({ type: 'speed', group: 'a', speed: 10 }, 'a')).toBe(false);
  });
});

describe('Engine', { timeout: 30_000 }, () => {
  let h: ReturnType<typeof harness>;
  beforeAll(async () => {
    h = harness();
    await h.engine.handle({ type: 'init' });
  });
  afterAll(async () => {
    await h.engine.handle({ type: 'dispose', group: 'a' });
    await h.engine.handle({ type: 'dispose', group: 'b' });
  });

  it('reports the backend it chose', () => {
    const ready = h.replies.find((r) => r.type === 'ready');
    expect(ready && ready.type === 'ready' && ready.backend.name).toBe('cpu');
  });

  it('creates a group with step-0 metrics, trains n steps on request, and pauses', async () => {
    await h.engine.handle({ type: 'create', group: 'a', runs: [{ key: 'main', config: small }], maxSteps: 400 });
    const created = h.replies.find((r) => r.type === 'created');
    expect(created).toMatchObject({ group: 'a', runs: [{ key: 'main', nTrain: 85, nTest: 84 }] });
    const first = h.snapshots('a')[0]!;
    expect(first.step).toBe(0);
    expect(first.records.main?.[0]?.step).toBe(0);
    expect(first.records.main?.[0]?.grid?.predicted.length).toBe(169);

    const done = h.next(isSnapshot('a', (s) => s.status === 'paused' && s.step === 60));
    await h.engine.handle({ type: 'step', group: 'a', n: 60 });
    const snap = await done;
    expect(snap.trainedTo).toBe(60);
    const steps = h.snapshots('a').flatMap((s) => s.records.main?.map((r) => r.step) ?? []);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(60);
    expect([...steps].sort((x, y) => x - y)).toEqual(steps);
  });

  it('seeks back exactly: metrics at a step match the first pass', async () => {
    const all = h.snapshots('a').flatMap((s) => s.records.main ?? []);
    const target = all.find((r) => r.step > 0 && r.step < 60)!;
    const seeked = h.next(isSnapshot('a', (s) => s.step === target.step));
    await h.engine.handle({ type: 'seek', group: 'a', step: target.step });
    const snap = await seeked;
    const again = snap.records.main!.at(-1)!;
    expect(again.step).toBe(target.step);
    expect(again.train.loss).toBeCloseTo(target.train.loss, 5);
    expect(again.test.accuracy).toBe(target.test.accuracy);
    expect(snap.status).toBe('paused');
  });

  it('seeks forward by training to exactly the step, and back by replaying', async () => {
    await h.engine.handle({ type: 'create', group: 'f', runs: [{ key: 'main', config: small }], maxSteps: 400 });
    for (const target of [75, 200, 120, 260]) {
      const landed = h.next(isSnapshot('f', (s) => s.status === 'paused' && s.step === target));
      await h.engine.handle({ type: 'seek', group: 'f', step: target });
      const snap = await landed;
      expect(snap.records.main?.at(-1)?.step).toBe(target);
    }
    await h.engine.handle({ type: 'dispose', group: 'f' });
  });

  it('trains only the most recently played visible group, and stops at the budget', async () => {
    await h.engine.handle({ type: 'create', group: 'b', runs: [{ key: 'x', config: small }, { key: 'y', config: { ...small, seed: 1 } }], maxSteps: 120 });
    await h.engine.handle({ type: 'play', group: 'a' });
    const aHeld = h.next(isSnapshot('a', (s) => s.hold === 'preempted'));
    await h.engine.handle({ type: 'play', group: 'b' });
    await aHeld;
    const bDone = await h.next(isSnapshot('b', (s) => s.status === 'done'));
    expect(bDone.step).toBe(120);
    // Both runs of the group advanced in lockstep.
    const steps = (key: string) => h.snapshots('b').flatMap((s) => s.records[key]?.map((r) => r.step) ?? []);
    expect(steps('x')).toEqual(steps('y'));
    // With b finished, a resumes; hiding it holds it again.
    await h.next(isSnapshot('a', (s) => s.status === 'playing' && s.hold === null));
    const hidden = h.next(isSnapshot('a', (s) => s.hold === 'offscreen'));
    await h.engine.handle({ type: 'visible', group: 'a', visible: false });
    const held = await hidden;
    const later = h.snapshots('a').at(-1)!;
    expect(later.step).toBe(held.step);
    await h.engine.handle({ type: 'pause', group: 'a' });
  }, 60_000);

  it('keeps the tensor count flat over 10,000 engine steps (metrics, checkpoints, snapshots)', async () => {
    const tiny: RunConfig = { ...DEFAULT_CONFIG, p: 7, width: 8, trainFraction: 0.5, probeSize: 8 };
    await h.engine.handle({ type: 'create', group: 'soak', runs: [{ key: 'main', config: tiny }], maxSteps: 10_000 });
    const running = tf.memory().numTensors;
    const done = h.next(isSnapshot('soak', (s) => s.status === 'done'));
    await h.engine.handle({ type: 'play', group: 'soak' });
    expect((await done).step).toBe(10_000);
    expect(tf.memory().numTensors).toBe(running);
    await h.engine.handle({ type: 'seek', group: 'soak', step: 5_000 });
    expect(tf.memory().numTensors).toBe(running);
    await h.engine.handle({ type: 'dispose', group: 'soak' });
  }, 120_000);

  it('refuses invalid settings with the valid range, and keeps the tensor count flat', async () => {
    const before = tf.memory().numTensors;
    await h.engine.handle({ type: 'create', group: 'bad', runs: [{ key: 'main', config: { ...small, p: 1 } }], maxSteps: 10 });
    const invalid = h.replies.find((r) => r.type === 'invalid');
    expect(invalid && invalid.type === 'invalid' && invalid.errors[0]?.message).toMatch(/2/);
    await h.engine.handle({ type: 'reset', group: 'a' });
    await h.engine.handle({ type: 'reset', group: 'a' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
