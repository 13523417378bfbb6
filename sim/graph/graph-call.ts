// One Graph call in transport-neutral form. The HTTP adapter (graph/index.ts) and the $batch
// executor (graph/batch.ts) both turn their input into a GraphCall and a GraphResult back, so
// a request inside a batch behaves exactly like the same request sent alone.
import type { SimUser } from '../users.ts';
import type { IssuedAccessToken } from '../context.ts';

export type GraphVersion = 'v1.0' | 'beta';

export interface GraphCall {
  method: string;
  version: GraphVersion;
  /** The path as the client sent it, with the version prefix, e.g. /v1.0/me/mailFolders('inbox')/messages/delta */
  rawPath: string;
  /** Segments after the version, with ('x') key forms turned into /x, decoded. */
  segments: string[];
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  /** Set once the bearer token has been checked. */
  token?: IssuedAccessToken;
  caller?: SimUser;
}

export interface GraphResult {
  status: number;
  headers: Record<string, string>;
  /** JSON value, a Buffer (binary such as a photo), or undefined for no body. */
  body?: unknown;
}

/** Thrown inside Graph handlers; the executor turns it into Graph's error body. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function ok(body: unknown, status = 200, headers: Record<string, string> = {}): GraphResult {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body };
}

export function noContent(status = 204): GraphResult {
  return { status, headers: {} };
}

/**
 * Graph's error body: https://learn.microsoft.com/graph/errors
 * {error:{code,message,innerError:{date,request-id,client-request-id}}}
 */
export function errorResult(
  status: number,
  code: string,
  message: string,
  requestId: string,
  clientRequestId: string | undefined,
  nowMs: number,
  headers: Record<string, string> = {},
): GraphResult {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': requestId,
          'client-request-id': clientRequestId ?? requestId,
        },
      },
    },
  };
}
