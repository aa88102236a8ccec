/// <reference lib="webworker" />
/**
 * The service worker, bundled by scripts/offline.mjs after the build; Workbox
 * injects the precache manifest (every file with its content revision) where
 * `self.__WB_MANIFEST` stands.
 *
 * Pages come from the network whenever it answers, so a deploy's new or
 * changed chapter is read at once; the precached copy (and the bilingual 404
 * for a page never stored) answers only when the network fails. Everything
 * else (scripts, styles, WASM, data) comes from the precache, which a new
 * version replaces only when the reader accepts the update.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

/** The precached file that holds the page at `pathname` (`/en/03-kernel-regime/` is stored as its index.html). */
function pageFile(pathname: string): string {
  if (pathname.endsWith('/')) return `${pathname}index.html`;
  return pathname.endsWith('.html') ? pathname : `${pathname}/index.html`;
}

// Registered before the precache's route, so it answers every navigation, stored page or not.
registerRoute(
  new NavigationRoute(async ({ request, url }) => {
    try {
      return await fetch(request);
    } catch (offline) {
      const stored = (await matchPrecache(pageFile(url.pathname))) ?? (await matchPrecache('/404.html'));
      if (stored) return stored;
      throw offline;
    }
  }),
);

precacheAndRoute(self.__WB_MANIFEST, {
  // `/en/03-kernel-regime/` is served from `en/03-kernel-regime/index.html`.
  directoryIndex: 'index.html',
  // Query parameters are the reader's shared state (preset, seed, backend…), read by the page itself.
  ignoreURLParametersMatching: [/./],
});
cleanupOutdatedCaches();
clientsClaim();

// A new version waits until the reader presses "reload" in the notice (src/client/offline.ts): never mid-read.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
