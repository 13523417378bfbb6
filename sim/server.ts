// The Graph + identity simulator: one HTTP server on loopback, three route families.
//   /_admin/…                     admin API for tests, demo and benchmarks (sim/admin)
//   /{tenant}/oauth2/v2.0/…, /{tenant}/v2.0/.well-known/…, /common/discovery/instance  (sim/identity)
//   /v1.0/…, /beta/…              Microsoft Graph (sim/graph)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteHandler, SimClock, SimContext } from './context.ts';
import { HttpError, sendJson } from './http.ts';
import { UserDirectory } from './users.ts';
import { createIdentity } from './identity/index.ts';
import { createGraph } from './graph/index.ts';
import { createAdmin } from './admin/index.ts';

export interface SimulatorOptions {
  port?: number;
  host?: string;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  port: number;
  ctx: SimContext;
  close(): Promise<void>;
}

export function createSimClock(): SimClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    set: (epochMs) => {
      offset = epochMs === null ? 0 : epochMs - Date.now();
    },
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const users = new UserDirectory();
  const clock = createSimClock();
  const ctx: SimContext = {
    users,
    clock,
    baseUrl: '',
    tokens: { verify: () => ({ ok: false, reason: 'invalid' }) },
  };
  const identity = createIdentity(ctx);
  ctx.tokens = identity.verifier;
  const graph = createGraph(ctx);
  const admin = createAdmin(ctx, { identity, graph });
  const handlers: RouteHandler[] = [admin.handle, identity.handle, graph.handle];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', ctx.baseUrl || 'http://127.0.0.1');
    void (async () => {
      try {
        for (const handle of handlers) {
          if (await handle(req, res, url, ctx)) return;
        }
        sendJson(res, 404, { error: { code: 'ResourceNotFound', message: `No route for ${req.method} ${url.pathname}` } });
      } catch (err) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (err instanceof HttpError) {
          sendJson(res, err.status, { error: { code: err.code, message: err.message } }, err.headers);
        } else {
          console.error('[sim] unhandled error', err);
          sendJson(res, 500, { error: { code: 'InternalServerError', message: String(err) } });
        }
      }
    })();
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ctx.baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: ctx.baseUrl,
    port,
    ctx,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
