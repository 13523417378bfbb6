// Why push is not live, in words the settings page can show (never the server's raw text).
import { AuthRequiredError } from '../accounts/token-provider.ts';
import { GraphError } from '../graph/graph-errors.ts';
import { ForeignSubscriptionError } from './subscription-conflict.ts';

export type PushFailureKind = 'validation' | 'auth' | 'network' | 'graph' | 'conflict';

export interface PushFailure {
  kind: PushFailureKind;
  reason: string;
}

/** Shown while another subscriber holds this account's push (see subscription-conflict.ts). */
export const FOREIGN_SUBSCRIPTION_REASON =
  'Push for this account is already delivered to another address — another Herald, or another app on this account; polling instead.';

export function describeFailure(err: unknown): PushFailure {
  // Not a validation failure: the other subscriber may go away, so this is retried on the back-off.
  if (err instanceof ForeignSubscriptionError) return { kind: 'conflict', reason: FOREIGN_SUBSCRIPTION_REASON };
  if (err instanceof AuthRequiredError) return { kind: 'auth', reason: 'Sign in again to turn push back on.' };
  if (err instanceof GraphError) {
    // Graph answers 400 when its validation POST to the notification URL failed or timed out
    // (https://learn.microsoft.com/graph/api/subscription-post-subscriptions#notification-endpoint-validation).
    if (err.status === 400 && /validation/i.test(err.message)) {
      return {
        kind: 'validation',
        reason: 'Microsoft Graph could not validate the public URL: check that the tunnel is running and points at Herald.',
      };
    }
    if (err.status === 400) return { kind: 'validation', reason: `Microsoft Graph refused the subscription (${err.code}).` };
    if (err.status === 401) return { kind: 'auth', reason: 'Sign in again to turn push back on.' };
    if (err.status === 403) return { kind: 'auth', reason: 'Herald lacks the permission to subscribe to changes (Mail.Read, Calendars.Read).' };
    if (err.kind === 'network') return { kind: 'network', reason: "Can't reach Microsoft Graph; polling continues." };
    return { kind: 'graph', reason: `Microsoft Graph answered ${err.status} (${err.code}); polling continues and push will retry.` };
  }
  return { kind: 'graph', reason: 'Push setup failed unexpectedly; polling continues and push will retry.' };
}

/** Validation (and other 400s) will not fix themselves: push is off until the settings change. */
export function isValidationFailure(failure: PushFailure): boolean {
  return failure.kind === 'validation';
}
