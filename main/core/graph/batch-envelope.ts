// The JSON $batch wire format: https://learn.microsoft.com/graph/json-batching
// Request:  {"requests": [{"id", "method", "url" (relative to the version), "headers"?, "body"?}]}
// Response: {"responses": [{"id", "status", "headers"?, "body"?}]} in any order.
import { z } from 'zod';
import type { GraphRequest, GraphResponse } from './graph-request.ts';
import { GraphError } from './graph-errors.ts';
import { normalizeRequestHeaders, toRelativeUrl } from './graph-url.ts';

/** Graph rejects a $batch with more than 20 requests. */
export const MAX_BATCH_SIZE = 20;

export interface BatchRequestEntry {
  id: string;
  method: GraphRequest['method'];
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export function toBatchEntry(id: string, req: GraphRequest): BatchRequestEntry {
  const headers = normalizeRequestHeaders(req.headers);
  const entry: BatchRequestEntry = { id, method: req.method, url: toRelativeUrl(req.url), headers };
  if (req.body !== undefined) {
    // Inner requests with a body must say its content type (json-batching "Request format").
    headers['content-type'] ??= 'application/json';
    entry.body = req.body;
  }
  return entry;
}

const batchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

/** Reads a $batch response body into responses keyed by id; a wrong shape is a typed error. */
export function parseBatchResponse(body: unknown, expectedIds: readonly string[]): Map<string, GraphResponse> {
  const parsed = batchResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new GraphError({ kind: 'malformedResponse', code: 'malformedResponse', message: 'The $batch response does not have the documented shape' });
  }
  const byId = new Map<string, GraphResponse>();
  for (const inner of parsed.data.responses) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(inner.headers ?? {})) headers[name.toLowerCase()] = String(value);
    byId.set(inner.id, { status: inner.status, headers, body: inner.body ?? null });
  }
  const missing = expectedIds.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new GraphError({ kind: 'malformedResponse', code: 'malformedResponse', message: `The $batch response lacks ids ${missing.join(', ')}` });
  }
  return byId;
}
