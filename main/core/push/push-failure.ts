// Why push is not live, in words the settings page can show (never the server's raw text), in the
// app's language (push-texts.ts).
import { AuthRequiredError } from '../accounts/token-provider.ts';
import { GraphError } from '../graph/graph-errors.ts';
import { ForeignSubscriptionError } from './subscription-conflict.ts';
import { PUSH_TEXTS_EN, type PushTexts } from './push-texts.ts';

export type PushFailureKind = 'validation' | 'auth' | 'network' | 'graph' | 'conflict';

export interface PushFailure {
  kind: PushFailureKind;
  reason: string;
}

/** Shown while another subscriber holds this account's push (see subscription-conflict.ts). */
export const FOREIGN_SUBSCRIPTION_REASON = PUSH_TEXTS_EN.conflict;

export function describeFailure(err: unknown, texts: PushTexts = PUSH_TEXTS_EN): PushFailure {
  // Not a validation failure: the other subscriber may go away, so this is retried on the back-off.
  if (err instanceof ForeignSubscriptionError) return { kind: 'conflict', reason: texts.conflict };
  if (err instanceof AuthRequiredError) return { kind: 'auth', reason: texts.signInAgain };
  if (err instanceof GraphError) {
    // Graph answers 400 when its validation POST to the notification URL failed or timed out
    // (https://learn.microsoft.com/graph/api/subscription-post-subscriptions#notification-endpoint-validation).
    if (err.status === 400 && /validation/i.test(err.message)) {
      return { kind: 'validation', reason: texts.validationUnreachable };
    }
    if (err.status === 400) return { kind: 'validation', reason: texts.refused(err.code) };
    if (err.status === 401) return { kind: 'auth', reason: texts.signInAgain };
    if (err.status === 403) return { kind: 'auth', reason: texts.permission };
    if (err.kind === 'network') return { kind: 'network', reason: texts.network };
    return { kind: 'graph', reason: texts.graphAnswered(err.status, err.code) };
  }
  return { kind: 'graph', reason: texts.unexpected };
}

/** Validation (and other 400s) will not fix themselves: push is off until the settings change. */
export function isValidationFailure(failure: PushFailure): boolean {
  return failure.kind === 'validation';
}
