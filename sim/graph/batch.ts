// POST /$batch — https://learn.microsoft.com/graph/json-batching.
// At most 20 requests; each answered with its own status, headers and body; dependsOn orders
// them and a failed dependency answers 424. Each inner request is matched against the fault plan
// and logged on its own, because Graph throttles each one on its own (GRAPH-NOTES "Throttling").
import { z } from 'zod';
import type { SimContext } from '../context.ts';
import { faultError } from '../faults.ts';
import { GraphError, errorResult, type GraphCall, type GraphResult, type GraphVersion } from './graph-call.ts';
import { normalizeSegments } from './odata.ts';
import { executeGraphCall, type GraphEnv } from './router.ts';

export const MAX_BATCH_REQUESTS = 20;

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
  let connectionFault: BatchOutcome | undefined;

  const runOne = async (r: InnerRequest): Promise<InnerResponse> => {
    const existing = done.get(r.id.toLowerCase());
    if (existing) return existing;
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
      const fault = ctx.faults.take({ method: r.method, path: fullPath, pathAndQuery: fullPath + parsed.search, upn: outer.upn, inner: true });
      faultId = fault?.id;
      if (fault?.spec.kind === 'latency') await new Promise((res) => setTimeout(res, fault.spec.latencyMs ?? 1000));
      if (fault?.spec.kind === 'reset') connectionFault = { kind: 'reset' };
      if (fault?.spec.kind === 'malformedJson') connectionFault = { kind: 'malformedJson' };
      const error = fault ? faultError(fault.spec) : undefined;
      if (error) {
        const err = errorResult(error.status, error.code, error.message, `${r.id}-fault`, outer.headers['client-request-id'], ctx.clock.now(), error.headers);
        response = { id: r.id, status: err.status, headers: err.headers, body: err.body };
      } else {
        const innerHeaders: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.headers ?? {})) innerHeaders[k.toLowerCase()] = v;
        // The batch's own bearer token authorises every inner request.
        if (outer.headers['authorization']) innerHeaders['authorization'] = outer.headers['authorization'];
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
        response = { id: r.id, status: result.status, headers: result.headers, body: result.body === undefined ? null : toJsonBody(result) };
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
    });
    return response;
  };

  const responses: InnerResponse[] = [];
  for (const r of requests) responses.push(await runOne(r));
  return connectionFault ?? { kind: 'responses', responses };
}
