/**
 * Registers the service worker that scripts/offline.mjs generates at build
 * time, tells the reader once the article is stored for offline reading, and
 * offers a new version when a deploy brings one. Development servers have no
 * service worker: registering there would cache modules that change on every
 * edit.
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

/** The `[data-update-notice]` element: hidden until a new version waits; its button accepts it. */
export function registerOffline(status: HTMLElement | null, notice: HTMLElement | null): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  reloadOnTakeover();
  // A returning reader's browser checked for a new version when this page was requested: watch at once, before any precaching.
  void navigator.serviceWorker.getRegistration().then((registration) => {
    if (registration) watchUpdates(registration, notice);
  });
  const loaded = document.readyState === 'complete' ? Promise.resolve() : new Promise((r) => addEventListener('load', r, { once: true }));
  void loaded.then(() => whenQuiet()).then(() => register(status, notice));
}

/**
 * Once a new version takes over (the reader accepted it here or in another
 * tab), every open page of the site reloads: the old page's lazily loaded
 * scripts have left the cache with the old version. The first install takes
 * over too, but replaces nothing.
 */
function reloadOnTakeover(): void {
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controlled) location.reload();
    controlled = true;
  });
}

let watching = false;

/**
 * Shows the notice when a new version has installed and waits (the browser
 * installs it after the page's own request, or after any later update check):
 * before, a returning reader kept the old version until every tab had closed.
 */
function watchUpdates(registration: ServiceWorkerRegistration, notice: HTMLElement | null): void {
  if (watching) return;
  watching = true;
  const offer = () => {
    // Nothing to replace on the first visit.
    if (!navigator.serviceWorker.controller) return;
    document.documentElement.dataset.update = 'waiting';
    if (notice) notice.hidden = false;
  };
  const track = (worker: ServiceWorker | null) =>
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') offer();
    });
  if (registration.waiting) offer();
  track(registration.installing);
  registration.addEventListener('updatefound', () => track(registration.installing));
  notice?.querySelector('button')?.addEventListener('click', () => {
    // No waiting version left (a newer one replaced it while installing): the reload fetches the newest pages.
    if (registration.waiting) registration.waiting.postMessage({ type: 'SKIP_WAITING' });
    else location.reload();
  });
}

function register(status: HTMLElement | null, notice: HTMLElement | null): void {
  const wb = new Workbox('/sw.js');
  const ready = () => {
    document.documentElement.dataset.offline = 'ready';
    if (status) status.hidden = false;
  };
  wb.addEventListener('activated', ready);
  wb.register().then(
    (registration) => {
      if (!registration) return;
      if (registration.active) ready();
      watchUpdates(registration, notice);
    },
    // Private windows and some embedded browsers refuse service workers; the article still reads online.
    () => undefined,
  );
}
