// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineClient, SILENT_AFTER_MS, Watchdog, diagnostics, type Health } from './client.ts';
import { HEARTBEAT_MS, type Reply, type Request } from './protocol.ts';

/** Stands in for the training worker: records what the page sends, and replies or fails on demand. */
class FakeWorker extends EventTarget {
  sent: Request[] = [];
  terminated = false;
  postMessage(message: Request): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: Reply): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  crash(message: string): void {
    this.dispatchEvent(new ErrorEvent('error', { message }));
  }
}

const ready: Reply = { type: 'ready', backend: { name: 'wasm', candidates: [] }, initMs: 5 };

function setup(search = '') {
  const workers: FakeWorker[] = [];
  const health: Health[] = [];
  const client = new EngineClient({
    spawn: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    now: () => Date.now(),
    search,
  });
  client.onHealth((h) => health.push(h));
  return { client, workers, health, states: () => health.map((h) => h.state) };
}

describe('diagnostics', () => {
  it('reads the worker-fault and device-loss steps, and ignores anything else', () => {
    expect(diagnostics('?kill-worker-at=40')).toEqual({ workerFault: { step: 40, how: 'close' } });
    expect(diagnostics('?crash-worker-at=7&lose-device-at=3')).toEqual({ loseDeviceAt: 3, workerFault: { step: 7, how: 'throw' } });
    for (const bad of ['', '?kill-worker-at=0', '?kill-worker-at=-5', '?kill-worker-at=2.5', '?kill-worker-at=x']) expect(diagnostics(bad), bad).toEqual({});
  });
});

describe('Watchdog', () => {
  it('calls the worker silent only after SILENT_AFTER_MS without a message', () => {
    const w = new Watchdog(0);
    for (let t = HEARTBEAT_MS; t <= SILENT_AFTER_MS; t += HEARTBEAT_MS) expect(w.check(t), `${t}`).toBeNull();
    expect(w.check(SILENT_AFTER_MS + HEARTBEAT_MS)).toBe(SILENT_AFTER_MS + HEARTBEAT_MS);
    w.heard(SILENT_AFTER_MS + 1500);
    expect(w.check(SILENT_AFTER_MS + 2 * HEARTBEAT_MS)).toBeNull();
  });

  it('does not blame the worker for a check that comes late (a frozen page, a throttled hidden tab)', () => {
    const w = new Watchdog(0);
    expect(w.check(HEARTBEAT_MS)).toBeNull();
    // The page slept for a minute: its own timer was late, the worker's messages may still be queued.
    expect(w.check(60_000)).toBeNull();
    expect(w.check(60_000 + HEARTBEAT_MS)).toBeNull();
    // But silence measured by checks on time still counts.
    let t = 60_000 + HEARTBEAT_MS;
    let silent: number | null = null;
    while (silent === null && t < 80_000) silent = w.check((t += HEARTBEAT_MS));
    expect(silent).toBeGreaterThan(SILENT_AFTER_MS);
    expect(t).toBeLessThanOrEqual(60_000 + SILENT_AFTER_MS + 2 * HEARTBEAT_MS);
  });
});

describe('EngineClient with a fake worker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('marks the page as training while TF.js loads and from a play request until a snapshot says otherwise', () => {
    const { client, workers } = setup();
    const root = document.documentElement;
    expect(root.hasAttribute('data-training')).toBe(true);
    workers[0]!.reply(ready);
    expect(root.hasAttribute('data-training')).toBe(false);
    client.send({ type: 'play', group: 'g' });
    expect(root.hasAttribute('data-training')).toBe(true);
    const snapshot = { type: 'snapshot', group: 'g', step: 0, hold: 'offscreen', stepsPerSecond: 0, records: {}, trainedTo: 0, tensors: 0 } as const;
    workers[0]!.reply({ ...snapshot, status: 'idle' });
    expect(root.hasAttribute('data-training')).toBe(false);
    workers[0]!.reply({ ...snapshot, status: 'playing', hold: null });
    expect(root.hasAttribute('data-training')).toBe(true);
    workers[0]!.reply({ ...snapshot, status: 'done', hold: null });
    expect(root.hasAttribute('data-training')).toBe(false);
  });

  it('sends init with the diagnostics and resolves ready', async () => {
    const { client, workers } = setup('?backend=cpu&kill-worker-at=12');
    expect(workers[0]!.sent[0]).toEqual({ type: 'init', backend: 'cpu', loseDeviceAt: undefined, workerFault: { step: 12, how: 'close' } });
    workers[0]!.reply(ready);
    await expect(client.ready).resolves.toMatchObject({ backend: { name: 'wasm' } });
  });

  it('rejects ready when the worker fails before it is ready', async () => {
    const { client, workers, health } = setup();
    workers[0]!.crash('SyntaxError in the worker script');
    await expect(client.ready).rejects.toThrow('SyntaxError in the worker script');
    expect(health).toEqual([]);
  });

  it('stays quiet while heartbeats come, however long the run', async () => {
    const { client, workers, health } = setup();
    workers[0]!.reply(ready);
    await client.ready;
    for (let i = 0; i < 30; i++) {
      vi.advanceTimersByTime(HEARTBEAT_MS);
      workers[0]!.reply({ type: 'heartbeat' });
    }
    expect(health).toEqual([]);
  });

  it('says the worker is silent when heartbeats stop, and alive when they come back', async () => {
    const { client, workers, health, states } = setup();
    workers[0]!.reply(ready);
    await client.ready;
    const listener = vi.fn();
    client.onEngine(listener);
    vi.advanceTimersByTime(SILENT_AFTER_MS);
    expect(health).toEqual([]);
    vi.advanceTimersByTime(2 * HEARTBEAT_MS);
    expect(states()).toEqual(['silent']);
    expect((health[0] as Extract<Health, { state: 'silent' }>).silentMs).toBeGreaterThan(SILENT_AFTER_MS);
    vi.advanceTimersByTime(10 * HEARTBEAT_MS);
    expect(states()).toEqual(['silent']);
    workers[0]!.reply({ type: 'heartbeat' });
    expect(states()).toEqual(['silent', 'alive']);
    // Heartbeats are the client's business only.
    expect(listener).not.toHaveBeenCalled();
  });

  it('on an uncaught error stops the worker, and a restart starts a new one without the diagnostics', async () => {
    const { client, workers, states } = setup('?crash-worker-at=30');
    const replies: Reply[] = [];
    client.subscribe('g', (r) => replies.push(r));
    workers[0]!.reply(ready);
    await client.ready;
    workers[0]!.crash('Uncaught Error: boom');
    expect(states()).toEqual(['failed']);
    expect(workers[0]!.terminated).toBe(true);

    client.restart();
    expect(states()).toEqual(['failed', 'restarting']);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent[0]).toMatchObject({ type: 'init', workerFault: undefined });
    // Whatever the old worker still had in flight is not the new one's.
    workers[0]!.reply({ type: 'error', group: 'g', message: 'late' });
    expect(replies).toEqual([]);
    workers[1]!.reply(ready);
    await client.ready;
    await Promise.resolve();
    expect(states()).toEqual(['failed', 'restarting', 'restarted']);
    client.send({ type: 'create', group: 'g', runs: [], maxSteps: 1 });
    expect(workers[1]!.sent.at(-1)).toMatchObject({ type: 'create', group: 'g' });
    // The new worker is watched as the first was.
    vi.advanceTimersByTime(SILENT_AFTER_MS + 2 * HEARTBEAT_MS);
    expect(states().at(-1)).toBe('silent');
  });
});
