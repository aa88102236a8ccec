/**
 * Registers the service worker that scripts/offline.mjs generates at build
 * time, and tells the reader once the article is stored for offline reading.
 * Development servers have no service worker: registering there would cache
 * modules that change on every edit.
 */
import { Workbox } from 'workbox-window';

/** Quiet time (no live model training) after the page's load before precaching starts. */
const QUIET_MS = 2000;
/** Precache by then even if the reader keeps a model training. */
const LATEST_MS = 60_000;

/**
 * Resolves once the page has loaded and no live model has trained for
 * QUIET_MS (the engine client marks the root element `data-training`).
 * Precaching ~10 MB on the first visit competes with the model for the CPU
 * and the network: started at once, it made the prologue's cold run grok in
 * 2.7 s instead of 0.95 s in headless Chromium on two cores.
 */
export function whenQuiet(root: HTMLElement = document.documentElement, quietMs = QUIET_MS, latestMs = LATEST_MS): Promise<void> {
  return new Promise((resolve) => {
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      observer.disconnect();
      clearTimeout(quiet);
      clearTimeout(latest);
      resolve();
    };
    const check = () => {
      clearTimeout(quiet);
      if (!root.hasAttribute('data-training')) quiet = setTimeout(finish, quietMs);
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { attributes: true, attributeFilter: ['data-training'] });
    const latest = setTimeout(finish, latestMs);
    check();
  });
}

export function registerOffline(status: HTMLElement | null): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const loaded = document.readyState === 'complete' ? Promise.resolve() : new Promise((r) => addEventListener('load', r, { once: true }));
  void loaded.then(() => whenQuiet()).then(() => register(status));
}

function register(status: HTMLElement | null): void {
  const wb = new Workbox('/sw.js');
  const ready = () => {
    document.documentElement.dataset.offline = 'ready';
    if (status) status.hidden = false;
  };
  wb.addEventListener('activated', ready);
  wb.register().then(
    (registration) => {
      if (registration?.active) ready();
    },
    // Private windows and some embedded browsers refuse service workers; the article still reads online.
    () => undefined,
  );
}
