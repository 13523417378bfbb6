// The notification-endpoint validation Graph performs before it creates a subscription
// (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#notificationurl-validation):
// POST {url}?validationToken={token}; the endpoint must answer within 10 seconds with 200,
// Content-Type text/plain and the decoded token as the body. Otherwise the create fails with 400.
import { randomUUID } from 'node:crypto';

export const VALIDATION_TIMEOUT_MS = 10_000;

export type ValidationResult = { ok: true } | { ok: false; code: string; message: string };

/** A token like Graph's: spaces and punctuation, so a receiver that does not decode it fails. */
export function newValidationToken(): string {
  return `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
}

export async function validateEndpoint(url: string, timeoutMs = VALIDATION_TIMEOUT_MS): Promise<ValidationResult> {
  const token = newValidationToken();
  const target = new URL(url);
  target.searchParams.set('validationToken', token);
  let res: Response;
  try {
    res = await fetch(target, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    // Graph's answers, as seen by clients: https://github.com/microsoftgraph/nodejs-webhooks-sample/issues/350
    return timedOut
      ? { ok: false, code: 'InvalidRequest', message: 'Subscription validation request timed out.' }
      : { ok: false, code: 'ValidationError', message: 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.' };
  }
  const body = await res.text().catch(() => '');
  if (res.status !== 200) {
    return { ok: false, code: 'ValidationError', message: 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.' };
  }
  const type = res.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('text/plain') || body !== token) {
    return { ok: false, code: 'ValidationError', message: 'Subscription validation request failed. Response must exactly match validationToken query parameter.' };
  }
  return { ok: true };
}
