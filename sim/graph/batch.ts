// POST /$batch — https://learn.microsoft.com/graph/json-batching.
// At most 20 requests; each answered with its own status, headers and body; dependsOn orders
// them and a failed dependency answers 424. Each inner request is matched against the fault plan
// and logged on its own, because Graph throttles each one on its own (GRAPH-NOTES "Throttling").
// Like Graph, up to BATCH_DISPATCH_WIDTH inner requests run at once, each holding one of its
// mailbox's concurrent-request slots while it runs (sim/throttling.ts); one over the limit gets
// its own 429 inner response with Retry-After while the batch itself answers 200.
import { z } from 'zod';
import type { SimContext } from '../context.ts';
import { faultError } from '../faults.ts';
import { MAILBOX_CONCURRENCY_ERROR } from '../throttling.ts';
import { GraphError, errorResult, type GraphCall, type GraphResult, type GraphVersion } from './graph-call.ts';
import { normalizeSegments } from './odata.ts';
import { executeGraphCall, type GraphEnv } from './router.ts';

export const MAX_BATCH_REQUESTS = 20;
/**
 * Graph "dispatches up to four individual requests from a batch to the Outlook service
 * simultaneously" (https://learn.microsoft.com/answers/questions/1660054); `dependsOn` orders.
 */
export const BATCH_DISPATCH_WIDTH = 4;

const innerRequestSchema = z.object({
  id: z.string().min(1),
  method: z.string().min(1),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});
const batchSchema = z.object({ requests: z.array(innerRequestSchema) });
type InnerRequest = z.infer<typeof innerRequestSchema>;

export interface InnerResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What the outer HTTP response must be: the batch JSON, or a connection-level fault. */
export type BatchOutcome = { kind: 'responses'; responses: InnerResponse[] } | { kind: 'reset' } | { kind: 'malformedJson' };

function validate(body: unknown): InnerRequest[] {
  const parsed = batchSchema.safeParse(body);
  if (!parsed.success) throw new GraphError(400, 'BadRequest', 'Invalid batch payload: expected {requests: [{id, method, url}]}.');
  const { requests } = parsed.data;
  if (requests.length === 0) throw new GraphError(400, 'BadRequest', 'The batch contains no requests.');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw new GraphError(400, 'BadRequest', `The number of requests in the batch exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  }
  // Ids are case-insensitive and unique within a batch (json-batching, "id").
  const ids = new Set<string>();
  for (const r of requests) {
    if (ids.has(r.id.toLowerCase())) throw new GraphError(400, 'BadRequest', `The batch contains duplicate request id '${r.id}'.`);
    ids.add(r.id.toLowerCase());
  }
  for (const r of requests) {
    for (const dep of r.dependsOn ?? []) {
      if (!ids.has(dep.toLowerCase())) throw new GraphError(400, 'BadRequest', `Request '${r.id}' depends on unknown request '${dep}'.`);
    }
    const hasBody = r.body !== undefined;
    const hasContentType = Object.keys(r.headers ?? {}).some((h) => h.toLowerCase() === 'content-type');
    if (hasBody && !hasContentType) {
      throw new GraphError(400, 'BadRequest', `Write request id : ${r.id} does not contain Content-Type header or body.`);
    }
  }
  // Cycles would never finish: reject them like any other malformed batch.
  const byId = new Map(requests.map((r) => [r.id.toLowerCase(), r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    const key = id.toLowerCase();
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw new GraphError(400, 'BadRequest', 'The dependsOn references form a cycle.');
    state.set(key, 'visiting');
    for (const dep of byId.get(key)?.dependsOn ?? []) visit(dep);
    state.set(key, 'done');
  };
  for (const r of requests) visit(r.id);
  return requests;
}

/** Inner urls are relative to the version root; absolute nextLinks of this simulator are accepted too. */
function relativeUrl(url: string, baseUrl: string, version: GraphVersion): string {
  let rel = url;
  const root = `${baseUrl}/${version}`;
  if (rel.startsWith(root)) rel = rel.slice(root.length);
  else if (/^https?:\/\//i.test(rel)) throw new GraphError(400, 'BadRequest', `Batch request urls must be relative: '${url}'.`);
  return rel.startsWith('/') ? rel : `/${rel}`;
}

function toJsonBody(result: GraphResult): unknown {
  // Binary bodies travel base64-encoded inside a batch response.
  return Buffer.isBuffer(result.body) ? result.body.toString('base64') : result.body;
}

export async function runBatch(env: GraphEnv, version: GraphVersion, outer: { headers: Record<string, string>; body: unknown; upn?: string; userId?: string }): Promise<BatchOutcome> {
  const ctx: SimContext = env.ctx;
  const requests = validate(outer.body);
  const byId = new Map(requests.map((r) => [r.id.toLowerCase(), r]));
  const done = new Map<string, InnerResponse>();
  const started = new Map<string, Promise<InnerResponse>>();
  let connectionFault: BatchOutcome | undefined;

  // Runs each inner request once, however many dispatchers or dependants ask for it.
  const runOne = (r: InnerRequest): Promise<InnerResponse> => {
    const key = r.id.toLowerCase();
    let run = started.get(key);
    if (!run) {
      run = runInner(r);
      started.set(key, run);
    }
    return run;
  };

  const runInner = async (r: InnerRequest): Promise<InnerResponse> => {
    for (const dep of r.dependsOn ?? []) await runOne(byId.get(dep.toLowerCase()) as InnerRequest);
    const rel = relativeUrl(r.url, ctx.baseUrl, version);
    const parsed = new URL(rel, 'http://batch.invalid');
    let pathname = parsed.pathname;
    try {
      pathname = decodeURIComponent(pathname);
    } catch {
      // keep it encoded
    }
    const fullPath = `/${version}${pathname}`;
    let response: InnerResponse;
    let faultId: string | undefined;
    const failedDep = (r.dependsOn ?? []).map((d) => done.get(d.toLowerCase())).find((d) => d !== undefined && d.status >= 400);
    if (failedDep) {
      const err = errorResult(424, 'FailedDependency', `Dependency '${failedDep.id}' failed.`, `${r.id}-424`, undefined, ctx.clock.now());
      response = { id: r.id, status: 424, headers: err.headers, body: err.body };
    } else {
      // The slot is held from here until the answer is ready (a latency fault keeps it longer),
      // as for a request sent alone (sim/server.ts): faults first, then the limit.
      const slot = outer.userId !== undefined ? ctx.concurrency.hold(outer.userId) : undefined;
      try {
        const fault = ctx.faults.take({ method: r.method, path: fullPath, pathAndQuery: fullPath + parsed.search, upn: outer.upn, inner: true });
        faultId = fault?.id;
        if (fault?.spec.kind === 'latency') await new Promise((res) => setTimeout(res, fault.spec.latencyMs ?? 1000));
        if (fault?.spec.kind === 'reset') connectionFault = { kind: 'reset' };
        if (fault?.spec.kind === 'malformedJson') connectionFault = { kind: 'malformedJson' };
        const error = fault ? faultError(fault.spec) : undefined;
        if (error) {
          const err = errorResult(error.status, error.code, error.message, `${r.id}-fault`, outer.headers['client-request-id'], ctx.clock.now(), error.headers);
          response = { id: r.id, status: err.status, headers: err.headers, body: err.body };
        } else if (slot?.overLimit) {
          const { status, code, message, headers } = MAILBOX_CONCURRENCY_ERROR;
          const err = errorResult(status, code, message, `${r.id}-throttled`, outer.headers['client-request-id'], ctx.clock.now(), { ...headers });
          response = { id: r.id, status: err.status, headers: err.headers, body: err.body };
        } else {
          response = executeInner(env, version, outer.headers['authorization'], r, parsed, pathname);
        }
      } finally {
        slot?.leave();
      }
    }
    done.set(r.id.toLowerCase(), response);
    ctx.requestLog.record({
      method: r.method.toUpperCase(),
      path: fullPath + parsed.search,
      status: response.status,
      requestBytes: Buffer.byteLength(JSON.stringify(r)),
      responseBytes: Buffer.byteLength(JSON.stringify(response)),
      inner: true,
      batchRequestId: r.id,
      ...(outer.userId ? { userId: outer.userId } : {}),
      ...(outer.upn ? { upn: outer.upn } : {}),
      ...(faultId ? { fault: faultId } : {}),
      ...(outer.headers['client-request-id'] ? { batchClientRequestId: outer.headers['client-request-id'] } : {}),
    });
    return response;
  };

  // BATCH_DISPATCH_WIDTH dispatchers take the requests in order; one that meets a dependency
  // runs it first (runOne), so waiting on a dependency never deadlocks the dispatchers.
  let next = 0;
  const dispatcher = async (): Promise<void> => {
    for (let r = requests[next++]; r !== undefined; r = requests[next++]) await runOne(r);
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_DISPATCH_WIDTH, requests.length) }, dispatcher));
  const responses = await Promise.all(requests.map(runOne));
  return connectionFault ?? { kind: 'responses', responses };
}

/** Runs one inner request through the router, authorised by the batch's own bearer token. */
function executeInner(env: GraphEnv, version: GraphVersion, authorization: string | undefined, r: InnerRequest, parsed: URL, pathname: string): InnerResponse {
  const innerHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) innerHeaders[k.toLowerCase()] = v;
  if (authorization) innerHeaders['authorization'] = authorization;
  const call: GraphCall = {
    method: r.method.toUpperCase(),
    version,
    rawPath: `/${version}${parsed.pathname}`,
    segments: normalizeSegments(pathname),
    query: parsed.searchParams,
    headers: innerHeaders,
    body: r.body,
  };
  const result = executeGraphCall(env, call);
  // A response without content carries "body": null, as in the json-batching samples.
  return { id: r.id, status: result.status, headers: result.headers, body: result.body === undefined ? null : toJsonBody(result) };
}
