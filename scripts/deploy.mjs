// Which origin the build writes into absolute URLs (canonical, hreflang, link
// previews). `npm run build:deploy` sets DEPLOY_BUILD and then refuses to run
// without a real SITE; local builds, `npm start` and the tests fall back to the
// preview server's origin.

export const LOCAL_SITE = 'http://127.0.0.1:4321';

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\]|0\.0\.0\.0)$/;

/** @returns {{ site: string, deploy: boolean }} */
export function siteFromEnv(env) {
  const deploy = Boolean(env.DEPLOY_BUILD);
  if (!deploy) return { site: env.SITE || LOCAL_SITE, deploy };
  if (!env.SITE) throw new Error('npm run build:deploy needs SITE, the origin the site is served from, e.g. SITE=https://grokking.example');
  let url;
  try {
    url = new URL(env.SITE);
  } catch {
    throw new Error(`SITE=${env.SITE} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`SITE=${env.SITE} must be an http(s) origin`);
  if (LOOPBACK.test(url.hostname)) throw new Error(`SITE=${env.SITE} is this machine; a deploy needs the public origin`);
  // Every page, the service worker and its scope use root-relative paths (/_astro/, /sw.js): the site must own its origin's root.
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`SITE=${env.SITE} must be an origin without a path: the site is served from the root`);
  return { site: url.origin, deploy };
}
