import { describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../main/core/accounts/token-provider.ts';
import { GraphError, errorFromResponse, toAccountState } from '../../main/core/graph/graph-errors.ts';
import type { GraphResponse } from '../../main/core/graph/graph-request.ts';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);

function res(status: number, code?: string, headers: Record<string, string> = {}, message = 'Raw server text with token eyJ0eXAi'): GraphResponse {
  return { status, headers, body: code ? { error: { code, message, innerError: { 'request-id': 'req-1' } } } : null };
}

describe('errorFromResponse', () => {
  it('keeps status, code, request id and Retry-After', () => {
    const err = errorFromResponse(res(429, 'TooManyRequests', { 'retry-after': '7' }), NOW);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ kind: 'http', status: 429, code: 'TooManyRequests', retryAfterMs: 7_000, retryAt: NOW + 7_000, requestId: 'req-1' });
  });

  it('copes with a body that is not a Graph error', () => {
    const err = errorFromResponse({ status: 502, headers: {}, body: '<html>Bad gateway</html>' }, NOW);
    expect(err).toMatchObject({ status: 502, code: 'http502' });
    expect(err.retryAfterMs).toBeUndefined();
  });
});

describe('toAccountState', () => {
  it('maps success to ok', () => {
    expect(toAccountState(null).kind).toBe('ok');
    expect(toAccountState(undefined).kind).toBe('ok');
  });

  it('maps AuthRequiredError problems', () => {
    expect(toAccountState(new AuthRequiredError('needsSignIn', 'x', 'invalid_grant'))).toMatchObject({ kind: 'needsSignIn', action: 'signIn', code: 'invalid_grant' });
    expect(toAccountState(new AuthRequiredError('needsAdminConsent', 'x', 'AADSTS90094'))).toMatchObject({ kind: 'needsAdminConsent', action: 'openAdminConsentHelp' });
    expect(toAccountState(new AuthRequiredError('offline', 'x')).kind).toBe('offline');
    expect(toAccountState(new AuthRequiredError('cancelled', 'x')).kind).toBe('needsSignIn');
  });

  it('maps 401 (after the forced refresh) to needsSignIn', () => {
    expect(toAccountState(errorFromResponse(res(401, 'InvalidAuthenticationToken'), NOW))).toMatchObject({ kind: 'needsSignIn', action: 'signIn' });
  });

  it('maps consent-ish 403s to needsAdminConsent', () => {
    for (const code of ['Authorization_RequestDenied', 'ErrorAccessDenied', 'AccessDenied']) {
      expect(toAccountState(errorFromResponse(res(403, code), NOW)).kind).toBe('needsAdminConsent');
    }
  });

  it.each(['MailboxNotEnabledForRESTAPI', 'MailboxNotSupportedForRESTAPI'])('maps %s (any status) to mailboxNotEnabled with a clear message', (code) => {
    for (const status of [404, 400, 403]) {
      const state = toAccountState(errorFromResponse(res(status, code), NOW));
      expect(state.kind).toBe('mailboxNotEnabled');
      expect(state.code).toBe(code);
      expect(state.message).toMatch(/on-premises/);
      expect(state.message).toMatch(/inactive/);
      expect(state.message).toMatch(/licensed/);
    }
  });

  it('maps network errors to offline', () => {
    expect(toAccountState(new GraphError({ kind: 'network', message: 'fetch failed' }))).toMatchObject({ kind: 'offline', action: 'retry' });
  });

  it('maps 429 to throttled with retryAt from Retry-After, or a default', () => {
    expect(toAccountState(errorFromResponse(res(429, 'TooManyRequests', { 'retry-after': '30' }), NOW))).toMatchObject({ kind: 'throttled', retryAt: NOW + 30_000 });
    expect(toAccountState(errorFromResponse(res(429, 'TooManyRequests'), NOW), NOW).retryAt).toBe(NOW + 60_000);
  });

  it('maps 5xx after retries and unreadable answers to graphDown', () => {
    expect(toAccountState(errorFromResponse(res(503, 'ServiceUnavailable'), NOW)).kind).toBe('graphDown');
    expect(toAccountState(errorFromResponse(res(504), NOW)).kind).toBe('graphDown');
    expect(toAccountState(new GraphError({ kind: 'malformedResponse', message: 'bad json' })).kind).toBe('graphDown');
    expect(toAccountState(new Error('something odd')).kind).toBe('graphDown');
  });

  it('never shows raw server text or tokens to the user', () => {
    for (const [status, code] of [[401, 'InvalidAuthenticationToken'], [403, 'ErrorAccessDenied'], [404, 'MailboxNotEnabledForRESTAPI'], [429, 'TooManyRequests'], [503, 'x']] as const) {
      const state = toAccountState(errorFromResponse(res(status, code), NOW));
      expect(state.message).not.toMatch(/Raw server text|eyJ0eXAi/);
    }
  });
});
