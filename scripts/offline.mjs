// An Astro integration that makes the built site work offline: after the
// build, Workbox writes a service worker that precaches every page (both
// languages), script, stylesheet, font, WASM binary and reference data file,
// each with a content revision, so one visit is enough and a new build
// replaces exactly what changed.
import { fileURLToPath } from 'node:url';
import { generateSW } from 'workbox-build';

/** Workbox refuses files above its 2 MB default; the TF.js WASM binaries are close to it. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export default function offline() {
  return {
    name: 'grokking-offline',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const { count, size, warnings } = await generateSW({
          globDirectory: root,
          globPatterns: ['**/*.{html,js,mjs,css,json,wasm,svg,png,woff2,woff,ttf,webmanifest,txt}'],
          // The benchmark page measures the machine and link previews are for other sites: neither belongs in a reader's cache.
          globIgnores: ['bench/**', '*/og/**', 'sw.js', 'workbox-*.js'],
          swDest: `${root}/sw.js`,
          maximumFileSizeToCacheInBytes: MAX_FILE_BYTES,
          // Hashed file names under /_astro/ never change content; the rest is versioned by revision.
          dontCacheBustURLsMatching: /^_astro\//,
          // `/en/03-kernel-regime/` is served from `en/03-kernel-regime/index.html`.
          directoryIndex: 'index.html',
          // Query parameters are the reader's shared state (preset, seed, backend…), read by the page itself.
          ignoreURLParametersMatching: [/./],
          // A page never precached (a typo, an old link) still gets the bilingual 404 offline.
          navigateFallback: '/404.html',
          navigateFallbackDenylist: [/^\/bench\//],
          cleanupOutdatedCaches: true,
          // A new version takes over on the next navigation, never mid-read.
          skipWaiting: false,
          clientsClaim: true,
          inlineWorkboxRuntime: true,
          sourcemap: false,
        });
        for (const w of warnings) logger.warn(w);
        logger.info(`service worker precaches ${count} files (${(size / 1048576).toFixed(1)} MB)`);
      },
    },
  };
}
