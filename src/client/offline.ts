/**
 * Registers the service worker that scripts/offline.mjs generates at build
 * time, and tells the reader once the article is stored for offline reading.
 * Development servers have no service worker: registering there would cache
 * modules that change on every edit.
 */
import { Workbox } from 'workbox-window';

export function registerOffline(status: HTMLElement | null): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
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
