import { describe, expect, it } from 'vitest';
import { headerPolicy, metaFirst, metaPolicy, renderHeaders } from './headers.mjs';
import { headersFor, parseHeaders } from './static-server.ts';

const META = `default-src 'self';img-src 'self' data: blob:;worker-src 'self' blob:;object-src 'none';base-uri 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-AAA='; style-src-attr 'unsafe-inline';`;
const page = (head: string) => `<!DOCTYPE html><html lang="en"><head>${head}</head><body><p>x</p></body></html>`;
const metaTag = `<meta http-equiv="content-security-policy" content="${META}">`;

describe('_headers: the policy of the pages, as a real header', () => {
  it('reads the policy Astro wrote into a page', () => {
    expect(metaPolicy(page(`<meta charset="utf-8"><title>t</title>${metaTag}`))).toBe(META);
    expect(metaPolicy(page('<meta charset="utf-8">'))).toBeUndefined();
  });

  it("keeps every directive of the meta and adds frame-ancestors 'none', which a meta cannot carry", () => {
    const policy = headerPolicy(META);
    const directives = policy.split('; ');
    expect(directives).toEqual([
      "default-src 'self'",
      "img-src 'self' data: blob:",
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'self'",
      "script-src 'self' 'wasm-unsafe-eval' 'sha256-AAA='",
      "style-src-attr 'unsafe-inline'",
      "frame-ancestors 'none'",
    ]);
    // A header value is one line.
    expect(policy).not.toMatch(/[\n\r]/);
  });

  it("keeps a frame-ancestors the site sets itself rather than adding a second one", () => {
    expect(headerPolicy(`${META} frame-ancestors 'self';`).match(/frame-ancestors/g)).toHaveLength(1);
  });

  it('refuses a policy that leaves workers, plugins or <base> to chance', () => {
    expect(() => headerPolicy("default-src 'self'; object-src 'none'; base-uri 'self'")).toThrow(/worker-src/);
    expect(() => headerPolicy("default-src 'self'; worker-src 'self'; base-uri 'self'")).toThrow(/object-src/);
    expect(() => headerPolicy("default-src 'self'; worker-src 'self'; object-src 'none'")).toThrow(/base-uri/);
  });

  it('moves the meta ahead of every resource, right after <meta charset>', () => {
    const html = page(`<meta charset="utf-8"><title>t</title><link rel="icon" href="/favicon.svg"><script src="/theme-init.js"></script>${metaTag}<link rel="stylesheet" href="/a.css">`);
    const moved = metaFirst(html);
    expect(moved).toBe(page(`<meta charset="utf-8">${metaTag}<title>t</title><link rel="icon" href="/favicon.svg"><script src="/theme-init.js"></script><link rel="stylesheet" href="/a.css">`));
    expect(metaFirst(moved)).toBe(moved);
  });

  it('writes a file that a host (and scripts/static-server.ts) reads back into the right headers per path', () => {
    const rules = parseHeaders(renderHeaders(headerPolicy(META)));
    const names = (path: string) => headersFor(rules, path).map(([name]) => name);
    const csp = (path: string) => headersFor(rules, path).find(([name]) => name === 'Content-Security-Policy')?.[1];
    expect(csp('/en/01-modular-addition/')).toBe(headerPolicy(META));
    // Worker scripts get the policy too: that is what governs a worker.
    expect(csp('/_astro/train.worker.Bx1.js')).toBe(headerPolicy(META));
    expect(names('/_astro/train.worker.Bx1.js')).toContain('Cache-Control');
    expect(headersFor(rules, '/sw.js')).toContainEqual(['Cache-Control', 'no-cache']);
    expect(names('/en/01-modular-addition/')).not.toContain('Cache-Control');
    expect(names('/')).toEqual(['Content-Security-Policy', 'X-Content-Type-Options', 'Referrer-Policy']);
  });
});

describe('parseHeaders', () => {
  it('reads patterns, indented headers and comments; a pattern matches literally apart from *', () => {
    const rules = parseHeaders('# note\n/a.b/*\n  X-One: 1\n\n/c\n  X-Two: a: b\n');
    expect(rules).toEqual([
      { pattern: '/a.b/*', headers: [['X-One', '1']] },
      { pattern: '/c', headers: [['X-Two', 'a: b']] },
    ]);
    expect(headersFor(rules, '/a.b/x/y')).toEqual([['X-One', '1']]);
    expect(headersFor(rules, '/aXb/x')).toEqual([]);
    expect(headersFor(rules, '/c/')).toEqual([]);
  });

  it('refuses a header line before any path', () => {
    expect(() => parseHeaders('  X-One: 1\n')).toThrow(/X-One/);
  });
});
