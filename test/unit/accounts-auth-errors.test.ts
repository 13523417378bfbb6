// The mapping from MSAL's real error classes (as MSAL constructs them) to AuthRequiredError.
import { AuthError, ClientAuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { toAuthRequiredError } from '../../main/core/accounts/auth-errors.ts';
import { AuthRequiredError } from '../../main/core/accounts/token-provider.ts';

const cid = 'corr-1';

describe('toAuthRequiredError', () => {
  it.each([
    ['invalid_grant on refresh (revoked)', new InteractionRequiredAuthError('invalid_grant', cid, 'AADSTS50173: The provided grant has expired due to it being revoked.'), 'needsSignIn', 'AADSTS50173'],
    ['consent_required on refresh', new InteractionRequiredAuthError('invalid_grant', cid, 'AADSTS65001: not consented', 'consent_required'), 'needsSignIn', 'AADSTS65001'],
    ['interaction_required', new InteractionRequiredAuthError('interaction_required', cid, 'AADSTS50076: MFA required'), 'needsSignIn', 'AADSTS50076'],
    ['no tokens in the cache', new InteractionRequiredAuthError('no_tokens_found', cid, 'No refresh token found in the cache.'), 'needsSignIn', 'no_tokens_found'],
    ['admin approval needed (authorize)', new ServerError('consent_required', cid, 'AADSTS90094: The grant requires admin permission.'), 'needsAdminConsent', 'AADSTS90094'],
    ['admin consent during refresh', new InteractionRequiredAuthError('invalid_grant', cid, 'AADSTS90094: The grant requires admin permission.'), 'needsAdminConsent', 'AADSTS90094'],
    ['user declined consent', new ServerError('access_denied', cid, 'AADSTS65004: User declined to consent to access the app.'), 'consentDenied', 'AADSTS65004'],
    ['user cancelled', new ServerError('access_denied', cid, 'The user has cancelled the sign-in.'), 'cancelled', 'access_denied'],
    ['sign-in cancelled in Herald', new ServerError('user_cancelled', cid, 'Sign-in was cancelled in Herald.'), 'cancelled', 'user_cancelled'],
    ['device code polling cancelled', new ClientAuthError('device_code_polling_cancelled', cid), 'cancelled', 'device_code_polling_cancelled'],
    ['device code declined', new AuthError('post_request_failed', cid, 'Post request failed: authorization_declined'), 'consentDenied', 'post_request_failed'],
    ['device code expired', new ClientAuthError('device_code_expired', cid), 'cancelled', 'device_code_expired'],
    ['network failure', new AuthError('network_error', cid, 'Network request failed: ECONNREFUSED'), 'offline', 'network_error'],
  ] as const)('%s → %s', (_label, error, problem, code) => {
    const mapped = toAuthRequiredError(error);
    expect(mapped).toBeInstanceOf(AuthRequiredError);
    expect(mapped).toMatchObject({ problem, code });
    // User-facing messages are ours: no server text, trace ids or codes.
    expect((mapped as Error).message).not.toMatch(/AADSTS|Trace|corr-1|ECONNREFUSED/);
  });

  it('leaves errors that are not MSAL errors alone (they are bugs, not account states)', () => {
    const bug = new TypeError('undefined is not a function');
    expect(toAuthRequiredError(bug)).toBe(bug);
    expect(toAuthRequiredError('a string')).toBe('a string');
  });

  it('passes an AuthRequiredError through unchanged', () => {
    const already = new AuthRequiredError('offline', 'x');
    expect(toAuthRequiredError(already)).toBe(already);
  });
});
