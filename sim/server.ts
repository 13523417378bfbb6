// The Graph + identity simulator: one HTTP server on loopback, three route families.
//   /_admin/…                     admin API for tests, demo and benchmarks (sim/admin)
//   /{tenant}/oauth2/v2.0/…, /{tenant}/v2.0/.well-known/…, /common/discovery/instance  (sim/identity)
//   /v1.0/…, /beta/…              Microsoft Graph (sim/graph)
// Every request goes through the request log and the fault plan first (sim/request-log.ts,
// sim/faults.ts); /_admin is never faulted.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { RouteHandler, SimClock, SimContext } from './context.ts';
import { HttpError, requestBodyBytes, sendJson } from './http.ts';
import { UserDirectory } from './users.ts';
import { RequestLog } from './request-log.ts';
import { FaultPlan, MALFORMED_JSON_BODY, faultError, type ActiveFault } from './faults.ts';
import { createIdentity } from './identity/index.ts';
import { createGraph } from './graph/index.ts';
import { errorResult } from './graph/graph-call.ts';
import { createAdmin } from './admin/index.ts';
import { MAILBOX_CONCURRENCY_ERROR, MailboxConcurrency } from './throttling.ts';

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

/** Counts the body bytes a response sends, whatever route wrote it. */
function countResponseBytes(res: ServerResponse): () => number {
  let bytes = 0;
  const add = (chunk: unknown, encoding?: unknown): void => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    if (typeof chunk === 'string') bytes += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((...args: unknown[]) => {
    add(args[0], args[1]);
    return write(...args);
  }) as ServerResponse['write'];
  res.end = ((...args: unknown[]) => {
    add(args[0], args[1]);
    return end(...args);
  }) as ServerResponse['end'];
  return () => bytes;
}

function bearerUser(req: IncomingMessage, ctx: SimContext): { userId?: string; upn?: string } {
  const auth = req.headers.authorization;
  if (!auth?.toLowerCase().startsWith('bearer ')) return {};
  const check = ctx.tokens.verify(auth.slice(7).trim());
  if (!check.ok) return {};
  const user = ctx.users.findById(check.token.userId);
  return user ? { userId: user.id, upn: user.upn } : { userId: check.token.userId };
}

/** Applies an outer fault. Returns true when the fault answered the request (nothing else runs). */
async function applyFault(fault: ActiveFault, req: IncomingMessage, res: ServerResponse, ctx: SimContext): Promise<boolean> {
  const { spec } = fault;
  if (spec.kind === 'latency') {
    await new Promise((r) => setTimeout(r, spec.latencyMs ?? 1000));
    return false;
  }
  if (spec.kind === 'reset') {
    req.socket.destroy();
    return true;
  }
  if (spec.kind === 'malformedJson') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(MALFORMED_JSON_BODY) });
    res.end(MALFORMED_JSON_BODY);
    return true;
  }
  const error = faultError(spec);
  if (!error) return false;
  const requestId = randomUUID();
  const clientRequestId = typeof req.headers['client-request-id'] === 'string' ? req.headers['client-request-id'] : undefined;
  const result = errorResult(error.status, error.code, error.message, requestId, clientRequestId, ctx.clock.now(), error.headers);
  sendJson(res, result.status, result.body, { ...result.headers, 'request-id': requestId });
  return true;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const users = new UserDirectory();
  const clock = createSimClock();
  const ctx: SimContext = {
    users,
    clock,
    baseUrl: '',
    tokens: { verify: () => ({ ok: false, reason: 'invalid' }) },
    requestLog: new RequestLog(),
    faults: new FaultPlan(),
    concurrency: new MailboxConcurrency(),
  };
  const identity = createIdentity(ctx);
  ctx.tokens = identity.verifier;
  const graph = createGraph(ctx);
  const admin = createAdmin(ctx, { identity, graph });
  const handlers: RouteHandler[] = [admin.handle, identity.handle, graph.handle];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', ctx.baseUrl || 'http://127.0.0.1');
    const isAdmin = url.pathname.startsWith('/_admin');
    const responseBytes = countResponseBytes(res);
    // Graph's answers carry Graph's clock (the data clock POST /_admin/clock sets), as the real
    // service's Date header carries its own: Herald bases its new-mail watermark on it, so a
    // test that skews the data clock skews this too. Identity keeps wall time, as tokens do.
    if (/^\/(v1\.0|beta)\//.test(url.pathname)) res.setHeader('Date', new Date(ctx.clock.now()).toUTCString());
    const who = isAdmin ? {} : bearerUser(req, ctx);
    let faultId: string | undefined;
    let logged = false;
    const log = (): void => {
      if (logged || isAdmin) return;
      logged = true;
      const declared = Number(req.headers['content-length'] ?? 0);
      ctx.requestLog.record({
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        status: res.headersSent ? res.statusCode : 0,
        requestBytes: Math.max(requestBodyBytes(req), Number.isFinite(declared) ? declared : 0),
        responseBytes: responseBytes(),
        inner: false,
        ...who,
        ...(faultId ? { fault: faultId } : {}),
        ...(typeof req.headers['client-request-id'] === 'string' ? { clientRequestId: req.headers['client-request-id'] } : {}),
      });
    };
    res.once('finish', log);
    res.once('close', log);
    // Graph requests count against the mailbox's concurrency. A $batch POST does not: each of
    // its inner requests holds a slot while it runs (sim/graph/batch.ts), as Graph counts them.
    const isBatch = /^\/(v1\.0|beta)\/(\$|%24)batch$/.test(url.pathname);
    const countsForMailbox = who.userId !== undefined && !isBatch && /^\/(v1\.0|beta)\//.test(url.pathname);
    let overLimit = false;
    if (countsForMailbox && who.userId) {
      const slot = ctx.concurrency.hold(who.userId);
      overLimit = slot.overLimit;
      res.once('finish', slot.leave);
      res.once('close', slot.leave);
    }

    void (async () => {
      try {
        if (!isAdmin) {
          let path = url.pathname;
          try {
            path = decodeURIComponent(path);
          } catch {
            // keep the raw path
          }
          const fault = ctx.faults.take({ method: req.method ?? 'GET', path, pathAndQuery: path + url.search, upn: who.upn, inner: false });
          if (fault) {
            faultId = fault.id;
            if (await applyFault(fault, req, res, ctx)) return;
          }
          if (overLimit) {
            // https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits
            const requestId = randomUUID();
            const { status, code, message, headers } = MAILBOX_CONCURRENCY_ERROR;
            const result = errorResult(status, code, message, requestId, undefined, ctx.clock.now(), { ...headers });
            sendJson(res, result.status, result.body, { ...result.headers, 'request-id': requestId });
            return;
          }
        }
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
