// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import remarkCjkFriendly from 'remark-cjk-friendly';
import rehypeKatex from 'rehype-katex';
import { siteFromEnv } from './scripts/deploy.mjs';
import headers from './scripts/headers.mjs';
import offline from './scripts/offline.mjs';

// Absolute URLs (hreflang alternates, canonical) need an origin: `npm run
// build:deploy` requires SITE; otherwise the default matches `npm start` so
// local audits see valid links.
const { site, deploy } = siteFromEnv(process.env);

export default defineConfig({
  site,
  trailingSlash: 'always',
  // Astro 7's default Markdown processor does not run remark/rehype plugins;
  // math needs the unified processor (MDX inherits it).
  markdown: {
    // Shiki colours code with inline styles, which the Content-Security-Policy refuses;
    // the few code blocks are styled by the site's own CSS.
    syntaxHighlight: false,
    processor: unified({
      // CommonMark will not close **emphasis** after CJK punctuation such as （）; this fixes it.
      remarkPlugins: [remarkCjkFriendly, remarkMath],
      rehypePlugins: [rehypeKatex],
    }),
  },
  // headers() rewrites the pages before offline() records their revisions.
  integrations: [mdx(), headers({ deploy }), offline()],
  i18n: {
    locales: ['ja', 'en'],
    defaultLocale: 'ja',
    // Our own `/` chooses the language; Astro's redirect would replace it with
    // a 2-second meta refresh.
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  devToolbar: { enabled: false },
  // Never inline scripts or assets: a strict Content-Security-Policy can then
  // forbid inline script, and every file is cacheable for offline use.
  vite: {
    build: { assetsInlineLimit: 0 },
    // ES-module workers keep each TF.js backend in its own chunk, loaded only if chosen.
    worker: { format: 'es' },
  },
  build: { inlineStylesheets: 'never' },
  // Every page carries a Content-Security-Policy: scripts and styles from this
  // origin only (Astro hashes any it inlines), WebAssembly compilation for
  // TF.js, and inline style *attributes*, which KaTeX's typeset math needs.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self' data: blob:",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: { resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
});
