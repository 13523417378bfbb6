// Whatever a handler throws → a BridgeError for the renderer. Messages are ours or the core's
// user-facing ones (already free of tokens and server text); anything unexpected becomes
// "internal" with a generic message and is logged (the core logger scrubs secrets), so no
// stack, token or raw server answer ever crosses the bridge.
import type { BridgeError, BridgeErrorCode } from '../../../preload/contract.ts';
import { AuthRequiredError } from '../accounts/token-provider.ts';
import { ReminderActionError } from '../calendar/reminder-scheduler.ts';
import type { AccountStateKind } from '../graph/account-state.ts';
import { GraphError, toAccountState } from '../graph/graph-errors.ts';
import type { Logger } from '../log.ts';
import { SettingsValidationError } from '../state/settings-store.ts';
import { BridgeFailure } from './bridge-failure.ts';

export const INTERNAL_MESSAGE = 'Something went wrong in Herald. Try again.';
const NOT_FOUND_MESSAGE = 'That item was not found. It may have been moved or deleted.';
const MAX_ISSUE_TEXT = 200;

const FROM_ACCOUNT_STATE: Record<AccountStateKind, BridgeErrorCode> = {
  ok: 'internal',
  needsSignIn: 'needsSignIn',
  needsAdminConsent: 'needsAdminConsent',
  mailboxNotEnabled: 'unavailable',
  offline: 'offline',
  throttled: 'throttled',
  graphDown: 'unavailable',
};

const FROM_AUTH_PROBLEM: Record<AuthRequiredError['problem'], BridgeErrorCode> = {
  needsSignIn: 'needsSignIn',
  needsAdminConsent: 'needsAdminConsent',
  cancelled: 'cancelled',
  // The user declined the permissions: the sign-in did not happen, as with a cancel.
  consentDenied: 'cancelled',
  offline: 'offline',
};

/**
 * The accounts' WritePermissionRequiredError (and any older copy of it) is recognised by its
 * discriminator or name, not by class, so it still maps when the class moves between modules.
 */
function isWritePermissionError(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  const kind = (err as { kind?: unknown }).kind;
  return kind === 'needsWritePermission' || err.name === 'WritePermissionRequiredError' || err.name === 'NeedsWritePermissionError';
}

export function clip(text: string, max = MAX_ISSUE_TEXT): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function toBridgeError(err: unknown, logger: Logger, call: string): BridgeError {
  if (err instanceof BridgeFailure) {
    return err.issues ? { code: err.code, message: err.message, issues: err.issues } : { code: err.code, message: err.message };
  }
  if (isWritePermissionError(err)) return { code: 'needsWritePermission', message: err.message };
  if (err instanceof AuthRequiredError) return { code: FROM_AUTH_PROBLEM[err.problem], message: err.message };
  if (err instanceof SettingsValidationError) {
    return {
      code: 'invalidInput',
      message: 'These settings are not valid.',
      issues: err.issues.slice(0, 20).map((issue) => ({ path: clip(issue.field), message: clip(issue.problem) })),
    };
  }
  if (err instanceof ReminderActionError) {
    return err.problem === 'unknownEvent' ? { code: 'notFound', message: NOT_FOUND_MESSAGE } : { code: 'invalidInput', message: clip(err.message) };
  }
  if (err instanceof GraphError) {
    const state = toAccountState(err);
    // Graph answers 404 MailboxNotEnabledForRESTAPI for an unreachable mailbox: a state, not a missing item.
    if (err.status === 404 && state.kind !== 'mailboxNotEnabled') return { code: 'notFound', message: NOT_FOUND_MESSAGE };
    logger.warn({ call, errorCode: err.code, status: err.status, state: state.kind }, 'bridge call failed at Graph');
    return { code: FROM_ACCOUNT_STATE[state.kind], message: state.message };
  }
  logger.error({ err, call }, 'bridge call failed unexpectedly');
  return { code: 'internal', message: INTERNAL_MESSAGE };
}
