// An Astro integration that makes the built site work offline: after the
// build, it bundles src/sw/sw.ts and Workbox injects the list of every page
// (both languages), script, stylesheet, font, WASM binary and reference data
// file, each with a content revision, so one visit is enough and a new build
// replaces exactly what changed.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';

/** Workbox refuses files above its 2 MB default; the TF.js WASM binaries are close to it. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const SOURCE = fileURLToPath(new URL('../src/sw/sw.ts', import.meta.url));

/**
 * Writes `sw.js` into the built site at `root`. A deploy runs it once per
 * build; e2e/update.spec.ts runs it again on an edited copy of the site, as
 * the next deploy would.
 */
export async function writeServiceWorker(root) {
  const swDest = `${root}/sw.js`;
  await build({
    entryPoints: [SOURCE],
    outfile: swDest,
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    // Workbox's development logging and assertions are behind this check.
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return injectManifest({
    swSrc: swDest,
    swDest,
    globDirectory: root,
    globPatterns: ['**/*.{html,js,mjs,css,json,wasm,svg,png,woff2,woff,ttf,webmanifest,txt}'],
    // The benchmark page measures the machine and link previews are for other sites: neither belongs in a reader's cache.
    globIgnores: ['bench/**', '_astro/bench*', '*/og/**', 'sw.js'],
    maximumFileSizeToCacheInBytes: MAX_FILE_BYTES,
    // Hashed file names under /_astro/ never change content; the rest is versioned by revision.
    dontCacheBustURLsMatching: /^_astro\//,
  });
}

export default function offline() {
  return {
    name: 'grokking-offline',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { count, size, warnings } = await writeServiceWorker(fileURLToPath(dir));
        for (const w of warnings) logger.warn(w);
        logger.info(`service worker precaches ${count} files (${(size / 1048576).toFixed(1)} MB)`);
      },
    },
  };
}
