// Finds a Chromium for Playwright, Lighthouse and the benchmarks, and installs
// one when the machine has none. Order: Playwright's own build, then the
// system's, then `npx playwright install chromium` (needs the internet), then
// Debian's `chromium` package through apt (needs root and Debian's mirrors).
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

/** Playwright's bundled Chromium, if downloaded; the library is imported lazily. */
async function playwrightChromium() {
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** A Chromium outside Playwright's cache: CHROMIUM_PATH, then the usual system paths. */
export function systemChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return SYSTEM_CANDIDATES.find((p) => existsSync(p));
}

/** @returns {Promise<string | undefined>} */
export async function findChromium() {
  return (await playwrightChromium()) ?? systemChromium();
}

/** Whether a host answers an HTTPS request within a few seconds (any status counts). */
async function reachable(url) {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

function run(command, args, timeoutMs) {
  const result = spawnSync(command, args, { stdio: 'inherit', timeout: timeoutMs });
  return result.status === 0;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export async function ensureChromium() {
  const found = await findChromium();
  if (found) return found;

  // Playwright retries an unreachable download host five times; one quick request tells first.
  if (await reachable(process.env.PLAYWRIGHT_DOWNLOAD_HOST ?? 'https://cdn.playwright.dev/')) {
    console.log('[browser] No Chromium found. Trying `npx playwright install chromium`…');
    if (run('npx', ['playwright', 'install', 'chromium'], 180_000)) {
      const installed = await playwrightChromium();
      if (installed) return installed;
    }
  } else {
    console.log("[browser] No Chromium found, and Playwright's download host does not answer.");
  }

  console.log("[browser] Installing Debian's `chromium` package with apt…");
  const sudo = isRoot() ? [] : ['sudo', '-n'];
  const apt = (...args) => {
    const [cmd, ...rest] = [...sudo, 'apt-get', ...args];
    return run(cmd, rest, 900_000);
  };
  process.env.DEBIAN_FRONTEND = 'noninteractive';
  if (apt('update', '-q') && apt('install', '-y', '-q', '--no-install-recommends', 'chromium', 'fonts-noto-cjk')) {
    const path = systemChromium();
    if (path) return path;
  }
  throw new Error(
    'Could not find or install Chromium. Install it yourself (e.g. `apt-get install chromium`) or set CHROMIUM_PATH.',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const path = await ensureChromium();
  let version = '';
  try {
    version = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    /* the version is only informative */
  }
  console.log(`[browser] Using ${path}${version ? ` (${version})` : ''}`);
}
