// The `clientState` secret of a subscription: Graph echoes it in every notification, and a
// notification whose clientState differs did not come from Graph for our subscription
// (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#processing-the-change-notification).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url (43 characters; Graph allows up to 255). */
export function newClientState(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so the buffers have equal length
 * (timingSafeEqual requires it) and the length of the secret does not leak either.
 */
export function clientStateMatches(expected: string, received: string | null | undefined): boolean {
  if (typeof received !== 'string') return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(received, 'utf8').digest();
  return timingSafeEqual(a, b);
}
