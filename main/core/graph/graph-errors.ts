// Typed Graph failures and their mapping to what the user sees (AccountState).
// Error body shape: https://learn.microsoft.com/graph/errors ({"error": {"code", "message",
// "innerError": {"request-id", "date"}}}). Server text never reaches the user: messages here are
// ours, and the server's code is kept only in `code` for logs and support.
import { z } from 'zod';
import { AuthRequiredError } from '../accounts/token-provider.ts';
import { OK_STATE, type AccountState } from './account-state.ts';
import type { GraphResponse } from './graph-request.ts';
import { parseRetryAfter } from './retry-policy.ts';

export type GraphErrorKind =
  /** Graph answered with a non-2xx status (after retries where they apply). */
  | 'http'
  /** No answer at all: connection refused or reset, DNS failure, fetch failure. */
  | 'network'
  /** An answer we cannot read: invalid JSON, or JSON whose shape the sync cannot use. */
  | 'malformedResponse';

export interface GraphErrorInit {
  kind: GraphErrorKind;
  status?: number;
  code?: string;
  message: string;
  retryAfterMs?: number;
  retryAt?: number;
  requestId?: string;
  cause?: unknown;
}

export class GraphError extends Error {
  override readonly name = 'GraphError';
  readonly kind: GraphErrorKind;
  /** HTTP status; 0 when there was no response. */
  readonly status: number;
  /** Graph's error code (e.g. "MailboxNotEnabledForRESTAPI"), or ours ("networkError", "malformedResponse"). */
  readonly code: string;
  readonly retryAfterMs?: number;
  /** Epoch ms (on the client's clock) before which a retry must not happen. */
  readonly retryAt?: number;
  readonly requestId?: string;

  constructor(init: GraphErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.code = init.code ?? init.kind;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.retryAt !== undefined) this.retryAt = init.retryAt;
    if (init.requestId !== undefined) this.requestId = init.requestId;
  }
}

const errorBodySchema = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
    innerError: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Builds a GraphError from a non-2xx response (a top-level one or one inside a $batch). */
export function errorFromResponse(res: GraphResponse, nowMs: number): GraphError {
  const parsed = errorBodySchema.safeParse(res.body);
  const inner = parsed.success ? parsed.data.error.innerError : undefined;
  const innerRequestId = inner?.['request-id'];
  const requestId = res.headers['request-id'] ?? (typeof innerRequestId === 'string' ? innerRequestId : undefined);
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], nowMs);
  const code = parsed.success ? parsed.data.error.code : undefined;
  const serverMessage = parsed.success ? parsed.data.error.message : undefined;
  return new GraphError({
    kind: 'http',
    status: res.status,
    code: code ?? `http${res.status}`,
    // For logs only; toAccountState never shows it.
    message: `Graph answered ${res.status}${code ? ` ${code}` : ''}${serverMessage ? `: ${serverMessage.slice(0, 200)}` : ''}`,
    ...(retryAfterMs !== null ? { retryAfterMs, retryAt: nowMs + retryAfterMs } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  });
}

const MAILBOX_NOT_ENABLED_CODES = new Set(['mailboxnotenabledforrestapi', 'mailboxnotsupportedforrestapi']);

// Codes Graph and Entra use when the app lacks permission that only consent can grant.
// https://learn.microsoft.com/graph/errors, https://learn.microsoft.com/entra/identity-platform/reference-error-codes
const CONSENT_CODES = new Set([
  'authorization_requestdenied',
  'erroraccessdenied',
  'accessdenied',
  'consent_required',
  'insufficient_claims',
  'erroraccessdeniedexception',
]);

export const ACCOUNT_MESSAGES = {
  needsSignIn: 'Your sign-in has expired. Sign in again to keep getting mail and reminders.',
  needsAdminConsent:
    'Herald needs permission your organization has not granted. Ask your IT administrator to approve Herald, then sign in again.',
  mailboxNotEnabled:
    "This mailbox can't be reached through Microsoft Graph: it is on-premises (Exchange Server), inactive, or not licensed for Exchange Online.",
  offline: "Can't reach Microsoft right now. Herald will keep trying.",
  throttled: 'Microsoft asked Herald to slow down. Mail will catch up shortly.',
  graphDown: 'Microsoft Graph is having trouble right now. Herald will try again.',
  unreadable: 'Microsoft Graph sent an answer Herald could not read. Herald will try again.',
} as const;

/**
 * What the account's status should be after `error` (or `null`/`undefined` = success).
 * `nowMs` is used only when a throttled error carries a Retry-After delay but no absolute time.
 */
export function toAccountState(error: unknown, nowMs: number = Date.now()): AccountState {
  if (error === null || error === undefined) return OK_STATE;

  if (error instanceof AuthRequiredError) {
    switch (error.problem) {
      case 'needsAdminConsent':
        return withCode({ kind: 'needsAdminConsent', message: ACCOUNT_MESSAGES.needsAdminConsent, action: 'openAdminConsentHelp' }, error.code);
      case 'offline':
        return withCode({ kind: 'offline', message: ACCOUNT_MESSAGES.offline, action: 'retry' }, error.code);
      // Cancelled or declined consent: signing in again (and consenting) is what fixes it.
      case 'needsSignIn':
      case 'cancelled':
      case 'consentDenied':
        return withCode({ kind: 'needsSignIn', message: ACCOUNT_MESSAGES.needsSignIn, action: 'signIn' }, error.code ?? error.problem);
    }
  }

  if (!(error instanceof GraphError)) {
    return { kind: 'graphDown', message: ACCOUNT_MESSAGES.graphDown, action: 'retry', code: 'unexpectedError' };
  }

  const code = error.code;
  const lowerCode = code.toLowerCase();
  if (MAILBOX_NOT_ENABLED_CODES.has(lowerCode)) {
    return { kind: 'mailboxNotEnabled', message: ACCOUNT_MESSAGES.mailboxNotEnabled, action: 'none', code };
  }
  if (error.kind === 'network') {
    return { kind: 'offline', message: ACCOUNT_MESSAGES.offline, action: 'retry', code };
  }
  if (error.kind === 'malformedResponse') {
    return { kind: 'graphDown', message: ACCOUNT_MESSAGES.unreadable, action: 'retry', code };
  }
  if (error.status === 401) {
    // The client already retried once with a force-refreshed token: the user must sign in.
    return { kind: 'needsSignIn', message: ACCOUNT_MESSAGES.needsSignIn, action: 'signIn', code };
  }
  if (error.status === 403 && (CONSENT_CODES.has(lowerCode) || lowerCode.startsWith('aadsts65001'))) {
    return { kind: 'needsAdminConsent', message: ACCOUNT_MESSAGES.needsAdminConsent, action: 'openAdminConsentHelp', code };
  }
  if (error.status === 429) {
    const retryAt = error.retryAt ?? nowMs + (error.retryAfterMs ?? 60_000);
    return { kind: 'throttled', message: ACCOUNT_MESSAGES.throttled, action: 'none', retryAt, code };
  }
  const state: AccountState = { kind: 'graphDown', message: ACCOUNT_MESSAGES.graphDown, action: 'retry', code };
  if (error.retryAt !== undefined) state.retryAt = error.retryAt;
  return state;
}

function withCode(state: AccountState, code: string | undefined): AccountState {
  return code === undefined ? state : { ...state, code };
}
