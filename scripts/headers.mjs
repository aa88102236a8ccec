// An Astro integration that ships the Content-Security-Policy as real HTTP
// headers. A <meta> policy governs only its document: a worker started from a
// script URL follows the headers of that script's response (with the meta
// alone, the training worker could fetch any origin), and `frame-ancestors`
// is ignored in a meta. After the build this writes `dist/_headers` (read by
// Netlify and Cloudflare Pages; README "Deploying" has the nginx equivalent)
// from the very policy Astro put in every page's <meta>, and moves that meta
// up to right after <meta charset>, ahead of every resource in <head>.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const META = /<meta http-equiv="content-security-policy" content="([^"]*)">/i;
const CHARSET = /<meta charset="[^"]*">/i;

/** Directives a header adds to the page's own policy: meta policies cannot express them. */
export const HEADER_ONLY = ["frame-ancestors 'none'"];
/** Directives the shipped policy must state, rather than inherit from default-src or leave open. */
export const REQUIRED = ['worker-src', 'object-src', 'base-uri', 'frame-ancestors'];

/** The Content-Security-Policy a page's <meta> carries, or undefined. */
export function metaPolicy(html) {
  const m = META.exec(html);
  return m ? m[1].replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&') : undefined;
}

/** The header form of a meta policy: one directive per `;`, plus what only a header can say. */
export function headerPolicy(meta) {
  const directives = meta
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  const names = new Set(directives.map((d) => d.split(' ')[0]));
  for (const extra of HEADER_ONLY) if (!names.has(extra.split(' ')[0])) directives.push(extra);
  const all = new Set(directives.map((d) => d.split(' ')[0]));
  const missing = REQUIRED.filter((name) => !all.has(name));
  if (missing.length) throw new Error(`Content-Security-Policy lacks ${missing.join(', ')}`);
  return directives.join('; ');
}

/** Moves the page's CSP <meta> to right after <meta charset> (which must stay within the first 1024 bytes). */
export function metaFirst(html) {
  const meta = META.exec(html);
  const charset = CHARSET.exec(html);
  if (!meta || !charset) return html;
  const without = html.slice(0, meta.index) + html.slice(meta.index + meta[0].length);
  const at = charset.index + charset[0].length;
  return without.slice(0, at) + meta[0] + without.slice(at);
}

/** The `_headers` file (Netlify and Cloudflare Pages syntax: a path pattern, then indented `Name: value` lines). */
export function renderHeaders(policy) {
  return [
    '# Written by scripts/headers.mjs at build time from the policy in every page\'s <meta> (astro.config.mjs, security.csp).',
    '/*',
    `  Content-Security-Policy: ${policy}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: strict-origin-when-cross-origin',
    '# Content-hashed names: a new build writes new names.',
    '/_astro/*',
    '  Cache-Control: public, max-age=31536000, immutable',
    '# The browser compares this file on every update check; a cached copy would hide a deploy.',
    '/sw.js',
    '  Cache-Control: no-cache',
    '',
  ].join('\n');
}

async function htmlFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => join(e.parentPath, e.name));
}

/**
 * @param {{ deploy: boolean }} options In a deploy build the diagnostic /bench/ page is left out:
 * it keeps a CPU busy for as long as it runs and is for `npm run bench` only.
 */
export default function headers({ deploy }) {
  return {
    name: 'grokking-headers',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        if (deploy) await rm(join(root, 'bench'), { recursive: true, force: true });
        const policies = new Set();
        for (const file of await htmlFiles(root)) {
          const html = await readFile(file, 'utf8');
          const policy = metaPolicy(html);
          if (policy === undefined) throw new Error(`${file} has no Content-Security-Policy <meta>`);
          policies.add(policy);
          await writeFile(file, metaFirst(html));
        }
        // Astro writes one site-wide policy (the hashes of every script it emits); one header rule then fits every page.
        if (policies.size !== 1) throw new Error(`pages carry ${policies.size} different Content-Security-Policies; _headers needs one rule per page`);
        const [policy] = policies;
        await writeFile(join(root, '_headers'), renderHeaders(headerPolicy(policy)));
        logger.info(`_headers: Content-Security-Policy of ${headerPolicy(policy).length} characters${deploy ? '; /bench/ left out' : ''}`);
      },
    },
  };
}
