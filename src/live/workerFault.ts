/**
 * What a live figure shows when its training worker fails or goes silent: a
 * notice under the status line that says so, at which step, and what a
 * restart does, with the button that does it. The figure keeps its controls
 * off meanwhile (no "Pause" over a frozen "13 steps/s").
 *
 * A restart cannot take the old worker's checkpoints (they died with it), so
 * a new worker trains the run again from step 0 to the step the figure had.
 * Training is deterministic on one backend, so it arrives at the same weights.
 */
import { fill } from '../charts/labels.ts';
import type { EngineClient, EngineInfo, Health } from '../worker/client.ts';

export interface WorkerFaultOptions {
  root: HTMLElement;
  /** The notice goes right after this element (the figure's status line). */
  anchor: HTMLElement;
  strings: Readonly<Record<string, string>>;
  client: EngineClient;
  /** The step the figure shows: what a restart trains back to. */
  step(): number;
  /** The notice appeared, changed or went: the figure redraws its controls. */
  onChange(): void;
  /** The new worker is ready: the figure creates its group again and goes to `step`. */
  onRestarted(info: EngineInfo, step: number): void;
}

export interface WorkerFaultHandle {
  /** True from a failure or a silence until training is back (alive again, or restarted). */
  readonly down: boolean;
  /** Called on every draw: ends the "training again" note once the figure is back at its step. */
  sync(step: number): void;
  destroy(): void;
}

export function watchWorker(options: WorkerFaultOptions): WorkerFaultHandle {
  const { root, anchor, strings: s, client } = options;
  const doc = root.ownerDocument;
  const box = doc.createElement('div');
  box.className = 'worker-fault';
  box.hidden = true;
  const message = doc.createElement('p');
  message.className = 'worker-fault__message';
  message.setAttribute('role', 'alert');
  message.dataset.workerMessage = '';
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'pill-button primary';
  button.dataset.action = 'restart';
  button.textContent = s['live.worker.restart'] ?? '';
  box.append(message, button);
  anchor.after(box);

  let down = false;
  /** The step the figure had when the worker stopped, until a restarted run is back there. */
  let at: number | null = null;
  /** The figure has started over in the new worker (its step went back below `at`). */
  let retraining = false;

  const show = (text: string, withButton: boolean) => {
    message.textContent = text;
    button.hidden = !withButton;
    button.disabled = false;
    box.hidden = false;
  };
  const hide = () => {
    box.hidden = true;
    message.textContent = '';
  };

  const onHealth = (health: Health) => {
    switch (health.state) {
      case 'failed':
      case 'silent': {
        down = true;
        at = options.step();
        root.dataset.worker = health.state;
        const what =
          health.state === 'failed'
            ? fill(s['live.worker.failed'], { step: at, message: health.message })
            : fill(s['live.worker.silent'], { step: at, seconds: Math.round(health.silentMs / 1000) });
        show(`${what} ${fill(s['live.worker.restartNote'], { step: at })}`, true);
        break;
      }
      case 'alive':
        down = false;
        at = null;
        delete root.dataset.worker;
        hide();
        break;
      case 'restarting':
        down = true;
        at ??= options.step();
        root.dataset.worker = 'restarting';
        show(s['live.worker.restarting'] ?? '', false);
        break;
      case 'restarted': {
        down = false;
        const step = at ?? options.step();
        root.dataset.worker = 'restarted';
        retraining = false;
        if (step > 0) show(fill(s['live.worker.retraining'], { step }), false);
        else {
          at = null;
          hide();
        }
        options.onRestarted(health.info, step);
        break;
      }
      case 'unavailable':
        root.dataset.worker = 'unavailable';
        show(fill(s['live.worker.unavailable'], { message: health.message }), true);
        break;
    }
    options.onChange();
  };
  const unsubscribe = client.onHealth(onHealth);
  // A figure that mounts after the worker failed still says so (its group went to the dead worker).
  const { state } = client.currentHealth;
  if (state === 'failed' || state === 'silent' || state === 'restarting' || state === 'unavailable') onHealth(client.currentHealth);
  const onClick = () => {
    button.disabled = true;
    client.restart();
  };
  button.addEventListener('click', onClick);

  return {
    get down() {
      return down;
    },
    sync(step: number) {
      if (down || at === null) return;
      // The figure shows the old worker's step until its group is created again.
      if (step < at) retraining = true;
      else if (retraining) {
        at = null;
        hide();
      }
    },
    destroy() {
      unsubscribe();
      button.removeEventListener('click', onClick);
      box.remove();
    },
  };
}
