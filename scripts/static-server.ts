// A small static host for the built site that behaves like the static hosts
// it is deployed to: it applies the `_headers` file (Netlify / Cloudflare
// Pages syntax), answers a missing page with 404.html and status 404, and
// redirects `/en/01-modular-addition` to its trailing slash. The e2e tests use
// it to check the shipped headers and to switch from one deploy to the next on
// one origin (`setRoot`).
// Usage: npm run serve [-- --port 4321]   (serves dist/)
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

export interface HeaderRule {
  /** A path pattern: `*` matches any run of characters, as on Netlify and Cloudflare Pages. */
  pattern: string;
  headers: [name: string, value: string][];
}

/** Parses a `_headers` file: a pattern line, then indented `Name: value` lines; `#` starts a comment. */
export function parseHeaders(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] });
      continue;
    }
    const rule = rules.at(-1);
    const colon = line.indexOf(':');
    if (!rule || colon < 0) throw new Error(`_headers: "${line.trim()}" is not a "Name: value" line under a path`);
    rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** Every header of every rule whose pattern matches `pathname`, in file order. */
export function headersFor(rules: HeaderRule[], pathname: string): [string, string][] {
  const matches = (pattern: string) => new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(pathname);
  return rules.filter((r) => matches(r.pattern)).flatMap((r) => r.headers);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

export interface StaticServer {
  url: string;
  /** Serves another directory from now on: the next deploy, on the same origin. */
  setRoot(dir: string): Promise<void>;
  stop(): Promise<void>;
}

export async function serveStatic(root: string, port: number, host = '127.0.0.1'): Promise<StaticServer> {
  let base = resolve(root);
  const rulesFor = async (dir: string) => parseHeaders(await readFile(join(dir, '_headers'), 'utf8').catch(() => ''));
  let rules = await rulesFor(base);

  const send = (res: ServerResponse, status: number, pathname: string, file: string | null, extra: [string, string][] = []) => {
    for (const [name, value] of [...headersFor(rules, pathname), ...extra]) res.appendHeader(name, value);
    if (file) res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.statusCode = status;
    if (file) createReadStream(file).pipe(res);
    else res.end();
  };

  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://host');
    let path: string;
    try {
      path = normalize(join(base, decodeURIComponent(pathname)));
    } catch {
      return send(res, 400, pathname, null);
    }
    // Never outside the root, and never the host's own configuration file.
    if ((path !== base && !path.startsWith(base + sep)) || pathname === '/_headers') return send(res, 404, pathname, null);
    if (pathname.endsWith('/') ? await isFile(join(path, 'index.html')) : false) return send(res, 200, pathname, join(path, 'index.html'));
    if (!pathname.endsWith('/') && (await isFile(path))) return send(res, 200, pathname, path);
    if (!pathname.endsWith('/') && (await isFile(join(path, 'index.html')))) return send(res, 301, pathname, null, [['Location', `${pathname}/`]]);
    const notFound = join(base, '404.html');
    return send(res, 404, pathname, (await isFile(notFound)) ? notFound : null);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  return {
    url: `http://${host}:${port}`,
    async setRoot(dir) {
      const next = resolve(dir);
      rules = await rulesFor(next);
      base = next;
    },
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--port');
  const port = at >= 0 ? Number(args[at + 1]) : 4321;
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--port') ?? 'dist';
  const { url } = await serveStatic(dir, port);
  process.stdout.write(`Serving ${dir} with its _headers at ${url}/\n`);
}
