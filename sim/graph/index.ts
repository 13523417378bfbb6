// Microsoft Graph v1.0 and beta over HTTP: turns a request into a GraphCall (graph/router.ts
// answers it) or runs a $batch (graph/batch.ts). Both versions behave the same.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteHandler, SimContext } from '../context.ts';
import { readBody } from '../http.ts';
import { MALFORMED_JSON_BODY } from '../faults.ts';
import { GraphError, errorResult, type GraphCall, type GraphResult, type GraphVersion } from './graph-call.ts';
import { normalizeSegments } from './odata.ts';
import { executeGraphCall, type GraphEnv } from './router.ts';
import { runBatch } from './batch.ts';
import { GraphTenant } from './tenant.ts';
import { SimSubscriptions } from '../push/sim-subscriptions.ts';
import { handleSubscriptionCall, isSubscriptionCall } from './subscriptions.ts';

export interface SimGraph {
  handle: RouteHandler;
  /** Mailboxes and calendars, for the admin API and the demo tenant. */
  tenant: GraphTenant;
  /** Change-notification subscriptions and their delivery (sim/push). */
  subscriptions: SimSubscriptions;
  /** Runs one Graph call in-process (same code path as HTTP). */
  execute(call: GraphCall): GraphResult;
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') out[k.toLowerCase()] = v;
    else if (Array.isArray(v)) out[k.toLowerCase()] = v.join(', ');
  }
  return out;
}

export function sendGraphResult(res: ServerResponse, result: GraphResult): void {
  let payload: Buffer | string = '';
  if (Buffer.isBuffer(result.body)) payload = result.body;
  else if (result.body !== undefined) payload = JSON.stringify(result.body);
  const headers: Record<string, string | number> = { ...result.headers };
  if (result.body !== undefined) headers['Content-Length'] = Buffer.byteLength(payload);
  else headers['Content-Length'] = 0;
  res.writeHead(result.status, headers);
  res.end(payload);
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
}

export function createGraph(ctx: SimContext): SimGraph {
  const tenant = new GraphTenant(ctx);
  const env: GraphEnv = { ctx, tenant };
  const subscriptions = new SimSubscriptions(ctx, tenant);

  // Every Graph request may have changed mail or events (sendMail, moves): look for changes to notify.
  const handle: RouteHandler = async (req, res, url) => {
    try {
      return await handleGraph(req, res, url);
    } finally {
      subscriptions.poke();
    }
  };

  const handleGraph = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const match = /^\/(v1\.0|beta)(\/.*)?$/.exec(url.pathname);
    if (!match) return false;
    const version = match[1] as GraphVersion;
    const rest = match[2] ?? '/';
    const headers = lowerHeaders(req);
    const method = (req.method ?? 'GET').toUpperCase();
    let body: unknown;
    try {
      body = method === 'GET' || method === 'DELETE' ? undefined : await readJsonBody(req);
    } catch (err) {
      const e = err instanceof GraphError ? err : new GraphError(400, 'BadRequest', String(err));
      sendGraphResult(res, errorResult(e.status, e.code, e.message, 'bad-body', headers['client-request-id'], ctx.clock.now()));
      return true;
    }

    if (rest === '/$batch' || rest === '/%24batch') {
      if (method !== 'POST') {
        sendGraphResult(res, errorResult(405, 'Request_BadRequest', 'Use POST for $batch.', 'batch', headers['client-request-id'], ctx.clock.now()));
        return true;
      }
      // The batch itself needs a valid token; each inner request is then authorised with it.
      const auth = headers['authorization'] ?? '';
      const check = ctx.tokens.verify(auth.replace(/^bearer\s+/i, '').trim());
      if (!check.ok) {
        const probe = executeGraphCall(env, { method: 'GET', version, rawPath: url.pathname, segments: ['me'], query: new URLSearchParams(), headers, body: undefined });
        sendGraphResult(res, probe);
        return true;
      }
      const user = ctx.users.findById(check.token.userId);
      try {
        const outcome = await runBatch(env, version, { headers, body, userId: check.token.userId, ...(user ? { upn: user.upn } : {}) });
        if (outcome.kind === 'reset') req.socket.destroy();
        else if (outcome.kind === 'malformedJson') {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(MALFORMED_JSON_BODY) });
          res.end(MALFORMED_JSON_BODY);
        } else sendGraphResult(res, { status: 200, headers: { 'Content-Type': 'application/json' }, body: { responses: outcome.responses } });
      } catch (err) {
        const e = err instanceof GraphError ? err : new GraphError(500, 'InternalServerError', String(err));
        sendGraphResult(res, errorResult(e.status, e.code, e.message, 'batch', headers['client-request-id'], ctx.clock.now(), e.headers));
      }
      return true;
    }

    let pathAfterVersion = rest;
    try {
      pathAfterVersion = decodeURIComponent(rest);
    } catch {
      // keep it as sent
    }
    const call: GraphCall = { method, version, rawPath: url.pathname, segments: normalizeSegments(pathAfterVersion), query: url.searchParams, headers, body };
    if (isSubscriptionCall(call)) {
      sendGraphResult(res, await handleSubscriptionCall(env, subscriptions, call));
      return true;
    }
    sendGraphResult(res, executeGraphCall(env, call));
    return true;
  };

  return { handle, tenant, subscriptions, execute: (call) => executeGraphCall(env, call) };
}
