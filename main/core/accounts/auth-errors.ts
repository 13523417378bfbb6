// MSAL's errors turned into what the app can act on: an AuthRequiredError with a problem kind
// and a message for the user. Messages are ours, never MSAL's or the server's text, so no token,
// trace id or request detail reaches a notification or a log line by accident.
// https://learn.microsoft.com/entra/msal/javascript/node/errors
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes
import { AuthError, InteractionRequiredAuthError } from '@azure/msal-node';
import { permissionFor, type WriteAction } from './scopes.ts';
import { AuthRequiredError } from './token-provider.ts';

const MESSAGES = {
  needsSignIn: 'Your sign-in has expired. Sign in again to keep receiving mail and reminders.',
  needsAdminConsent: 'Your organization requires an administrator to approve Herald before you can use it. Ask your IT admin to grant consent, or sign in in read-only mode.',
  cancelled: 'Sign-in was cancelled.',
  consentDenied: 'Herald was not given the permissions it asked for, so it cannot read your mail and calendar.',
  deviceCodeDeclined: 'The sign-in was declined on the other device.',
  deviceCodeExpired: 'The sign-in code expired before it was used. Start the sign-in again.',
  offline: 'Cannot reach Microsoft sign-in. Check your internet connection; Herald will try again.',
  unknown: 'Sign-in failed. Try signing in again.',
} as const;

/** AADSTS codes that mean "an administrator must approve this app" (admin consent workflow). */
const ADMIN_CONSENT_CODES = ['AADSTS90094', 'AADSTS90008', 'AADSTS900941', 'AADSTS65002'];

function aadstsCode(text: string): string | undefined {
  return /AADSTS\d+/.exec(text)?.[0];
}

function mentionsAdminConsent(text: string): boolean {
  return ADMIN_CONSENT_CODES.some((code) => text.includes(code));
}

/**
 * Maps an error from MSAL (or from our own network module) to AuthRequiredError. Errors that are
 * not MSAL's are returned unchanged: they are bugs, not states of the account.
 */
export function toAuthRequiredError(err: unknown): unknown {
  if (err instanceof AuthRequiredError) return err;
  if (!(err instanceof AuthError)) return err;
  const code = err.errorCode;
  const text = `${err.errorMessage} ${err.subError}`;
  const aadsts = aadstsCode(err.errorMessage);
  const make = (problem: AuthRequiredError['problem'], message: string) => new AuthRequiredError(problem, message, aadsts ?? code);

  if (code === 'network_error' || code === 'endpoints_resolution_error') return make('offline', MESSAGES.offline);
  if (mentionsAdminConsent(text)) return make('needsAdminConsent', MESSAGES.needsAdminConsent);
  // Answers from /authorize arrive as ServerError with the OAuth error as errorCode.
  if (code === 'access_denied') {
    return text.includes('AADSTS65004') ? make('consentDenied', MESSAGES.consentDenied) : make('cancelled', MESSAGES.cancelled);
  }
  if (code === 'user_cancelled' || code === 'device_code_polling_cancelled') return make('cancelled', MESSAGES.cancelled);
  if (code === 'device_code_expired' || text.includes('expired_token')) return make('cancelled', MESSAGES.deviceCodeExpired);
  if (text.includes('authorization_declined')) return make('consentDenied', MESSAGES.deviceCodeDeclined);
  // consent_required from the browser leg means the user could not consent: an admin must.
  if (code === 'consent_required' && !(err instanceof InteractionRequiredAuthError)) return make('needsAdminConsent', MESSAGES.needsAdminConsent);
  if (err instanceof InteractionRequiredAuthError) return make('needsSignIn', MESSAGES.needsSignIn);
  if (['invalid_grant', 'interaction_required', 'login_required', 'no_account_in_silent_request', 'no_tokens_found', 'refresh_token_expired'].includes(code)) {
    return make('needsSignIn', MESSAGES.needsSignIn);
  }
  return make('needsSignIn', MESSAGES.unknown);
}

/** What the permission lets Herald do, in the user's words. */
const WHAT_IT_DOES: Record<string, string> = {
  'Mail.ReadWrite': 'change your mail',
  'Mail.Send': 'send mail',
  'Calendars.ReadWrite': 'change your calendar',
};

/**
 * A write action on an account that may only read: signed in read-only (Mail.Read /
 * Calendars.Read, for tenants whose admins block write consent), or Graph answered 403 to a
 * token without the write scope. The one error for this, wherever it is raised (AccountManager,
 * MailActions), so the UI can say "needs write permission" instead of failing.
 * https://learn.microsoft.com/graph/permissions-reference
 */
export class WritePermissionRequiredError extends Error {
  override readonly name = 'WritePermissionRequiredError';
  /** Stable discriminator for hosts and the bridge (survives serialization, unlike instanceof). */
  readonly kind = 'needsWritePermission';
  /** The Graph permission the action needs, e.g. `Mail.ReadWrite`. */
  readonly permission: string;

  constructor(
    readonly accountId: string,
    readonly action: WriteAction,
  ) {
    const permission = permissionFor(action);
    super(`This account is signed in read-only. To ${WHAT_IT_DOES[permission] ?? 'do this'} from Herald, sign in again and allow ${permission}.`);
    this.permission = permission;
  }
}
