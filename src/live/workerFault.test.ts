// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import en from '../i18n/en.json';
import type { EngineClient, EngineInfo, Health } from '../worker/client.ts';
import { watchWorker } from './workerFault.ts';

/** The part of the client the notice uses, driven by hand. */
function fakeClient(initial: Health = { state: 'alive' }) {
  const listeners = new Set<(h: Health) => void>();
  let current = initial;
  const client = {
    restart: vi.fn(),
    get currentHealth() {
      return current;
    },
    onHealth(l: (h: Health) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const tell = (h: Health) => {
    current = h;
    for (const l of listeners) l(h);
  };
  return { client: client as unknown as EngineClient, restart: client.restart, tell };
}

const info: EngineInfo = { backend: { name: 'wasm', candidates: [] }, initMs: 1, readyAfterMs: 2 };

function mount(initial?: Health) {
  const root = document.createElement('div');
  const status = document.createElement('p');
  root.append(status);
  document.body.append(root);
  const { client, restart, tell } = fakeClient(initial);
  let step = 42;
  const onRestarted = vi.fn();
  const handle = watchWorker({ root, anchor: status, strings: en, client, step: () => step, onChange: () => {}, onRestarted });
  const message = () => root.querySelector('[data-worker-message]')!;
  const button = () => root.querySelector<HTMLButtonElement>('[data-action="restart"]')!;
  const box = () => root.querySelector<HTMLElement>('.worker-fault')!;
  return { root, handle, tell, restart, onRestarted, message, button, box, setStep: (n: number) => (step = n) };
}

afterEach(() => document.body.replaceChildren());

describe('watchWorker', () => {
  it('says the worker failed, at which step, what a restart does, and restarts on the button', () => {
    const m = mount();
    expect(m.box().hidden).toBe(true);
    m.tell({ state: 'failed', message: 'Uncaught Error: boom' });
    expect(m.handle.down).toBe(true);
    expect(m.root.dataset.worker).toBe('failed');
    expect(m.box().hidden).toBe(false);
    expect(m.message().textContent).toContain('at step 42 (Uncaught Error: boom)');
    expect(m.message().textContent).toContain('from step 0 to step 42');
    m.button().click();
    expect(m.restart).toHaveBeenCalledTimes(1);
    expect(m.button().disabled).toBe(true);

    m.tell({ state: 'restarting' });
    expect(m.button().hidden).toBe(true);
    m.tell({ state: 'restarted', info });
    expect(m.handle.down).toBe(false);
    expect(m.onRestarted).toHaveBeenCalledWith(info, 42);
    expect(m.message().textContent).toBe('A new worker is training this run again up to step 42.');
    // The old step is still shown until the group is created again; the note stays until the run is back.
    m.handle.sync(42);
    expect(m.box().hidden).toBe(false);
    m.handle.sync(0);
    m.handle.sync(40);
    expect(m.box().hidden).toBe(false);
    m.handle.sync(45);
    expect(m.box().hidden).toBe(true);
    expect(m.root.dataset.worker).toBe('restarted');
  });

  it('takes back a silence when the heartbeat returns', () => {
    const m = mount();
    m.tell({ state: 'silent', silentMs: 6200 });
    expect(m.message().textContent).toContain('has not answered for 6 s, at step 42');
    expect(m.handle.down).toBe(true);
    m.tell({ state: 'alive' });
    expect(m.handle.down).toBe(false);
    expect(m.box().hidden).toBe(true);
    expect(m.root.dataset.worker).toBeUndefined();
  });

  it('tells a figure mounted after the failure, too', () => {
    const m = mount({ state: 'failed', message: 'gone' });
    expect(m.handle.down).toBe(true);
    expect(m.box().hidden).toBe(false);
  });

  it('removes its notice when the figure goes', () => {
    const m = mount();
    m.handle.destroy();
    expect(m.root.querySelector('.worker-fault')).toBeNull();
    m.tell({ state: 'failed', message: 'late' });
    expect(m.root.dataset.worker).toBeUndefined();
  });
});
