// The web host's HTTP server: serves the built renderer (out/renderer/) on 127.0.0.1 only, behind
// the checks in request-guard.ts, with a strict CSP. Opening the popup URL with the per-launch
// secret sets the session cookie and 303-redirects to `/`, so the secret leaves the address bar
// and the history. WebSocket upgrades are checked the same way before the bridge sees them.
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../core/log.ts';
import { randomToken, RequestGuard, sameSecret } from './request-guard.ts';
import { lookupStatic } from './static-files.ts';

export interface WebHostServerOptions {
  /** The renderer build, e.g. `out/renderer`. */
  rootDir: string;
  /** 0 picks a free port. */
  port?: number;
  logger: Logger;
  /** Fixed secret (tests only); a fresh random one per launch otherwise. */
  secret?: string;
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface WebHostServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The URL to open: carries the per-launch secret once. */
  readonly popupUrl: string;
  readonly guard: RequestGuard;
  /** Routes an already-checked WebSocket upgrade on `pathname` (e.g. `/bridge`). */
  onUpgrade(pathname: string, handler: UpgradeHandler): void;
  close(): Promise<void>;
}

/** The page's Content-Security-Policy. The message frame uses `srcdoc`, which inherits this policy,
 * so remote https images must be allowed here; the frame's own meta CSP blocks them until the user
 * asks ("Show images"). */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "frame-src 'self' about:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function refuseUpgrade(socket: Duplex, status: 403 | 404): void {
  const reason = status === 403 ? 'Forbidden' : 'Not Found';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startWebHostServer(options: WebHostServerOptions): Promise<WebHostServer> {
  const secret = options.secret ?? randomToken();
  const sessionToken = randomToken();
  const log = options.logger.child({ component: 'webhost-server' });
  const upgrades = new Map<string, UpgradeHandler>();
  /** Upgraded sockets are not HTTP connections any more: close() ends them itself. */
  const upgraded = new Set<Duplex>();
  let guard: RequestGuard | null = null;

  const handle = async (req: IncomingMessage, res: ServerResponse, g: RequestGuard): Promise<void> => {
    if (!g.hostOk(req)) return refuse(res, 403, 'Forbidden: wrong Host');
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      if (!g.originOk(req)) return refuse(res, 403, 'Forbidden: foreign Origin');
      return refuse(res, 405, 'Method Not Allowed');
    }
    // A cross-site page can still send a GET with its own Origin (e.g. fetch with mode cors).
    if (req.headers.origin !== undefined && !g.originOk(req)) return refuse(res, 403, 'Forbidden: foreign Origin');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const presented = url.searchParams.get('secret');
    if (url.pathname === '/' && presented !== null) {
      if (!sameSecret(presented, secret)) return refuse(res, 403, 'Forbidden: wrong secret');
      res.writeHead(303, { location: '/', 'set-cookie': g.sessionCookie(), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
      res.end();
      return;
    }
    if (!g.sessionOk(req)) return refuse(res, 403, 'Forbidden: open the popup URL Herald printed');
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const found = await lookupStatic(options.rootDir, rawPath);
    if (found.kind === 'forbidden') return refuse(res, 403, 'Forbidden');
    if (found.kind === 'notFound') return refuse(res, 404, 'Not Found');
    res.writeHead(200, {
      'content-type': found.contentType,
      'content-security-policy': contentSecurityPolicy(g.port),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-frame-options': 'DENY',
      'cache-control': found.isHtml ? 'no-store' : 'no-cache',
    });
    if (method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(found.filePath);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  const server: Server = createServer((req, res) => {
    if (!guard) return refuse(res, 503, 'Starting');
    handle(req, res, guard).catch((err: unknown) => {
      log.error({ err }, 'request failed');
      if (!res.headersSent) refuse(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const g = guard;
    if (!g || !g.hostOk(req) || !g.originOk(req) || !g.sessionOk(req)) {
      log.warn({ host: req.headers.host, origin: req.headers.origin }, 'WebSocket upgrade refused');
      return refuseUpgrade(socket, 403);
    }
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const handler = upgrades.get(pathname);
    if (!handler) return refuseUpgrade(socket, 404);
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    handler(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('web host: no TCP address');
  const port = address.port;
  const readyGuard = new RequestGuard(port, secret, sessionToken);
  guard = readyGuard;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    popupUrl: `${origin}/?secret=${secret}`,
    guard: readyGuard,
    onUpgrade: (pathname, handler) => {
      upgrades.set(pathname, handler);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
      }),
  };
}
