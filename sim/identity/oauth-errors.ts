// OAuth 2.0 error bodies shaped like Entra's: `error`, an `error_description` that starts with
// the AADSTS code, `error_codes`, `timestamp`, `trace_id`, `correlation_id`, and `suberror` where
// Entra sends one. https://learn.microsoft.com/entra/identity-platform/reference-error-codes
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';

export interface OAuthError {
  status: number;
  error: string;
  /** The number of the AADSTS code, e.g. 70000. */
  aadsts: number;
  description: string;
  suberror?: string;
}

export function oauthError(status: number, error: string, aadsts: number, description: string, suberror?: string): OAuthError {
  return suberror === undefined ? { status, error, aadsts, description } : { status, error, aadsts, description, suberror };
}

export function sendOAuthError(res: ServerResponse, err: OAuthError, correlationId?: string): void {
  const traceId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const body: Record<string, unknown> = {
    error: err.error,
    error_description: `AADSTS${err.aadsts}: ${err.description} Trace ID: ${traceId} Correlation ID: ${correlationId ?? ''} Timestamp: ${timestamp}`,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId ?? randomUUID(),
  };
  if (err.suberror) body.suberror = err.suberror;
  sendJson(res, err.status, body, { 'cache-control': 'no-store', pragma: 'no-cache' });
}
