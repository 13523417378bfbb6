// When to poll next. Healthy: the user's interval. Throttled: not before Graph's Retry-After.
// Offline or Graph down: exponential backoff from 30 s, capped at 10 min (a laptop on a train
// should not spin). Waiting for the user (sign-in, admin consent, mailbox not enabled): every
// 15 min, so a fix made elsewhere is picked up without hammering the service.
import type { AccountState } from '../graph/account-state.ts';

export const BACKOFF_START_MS = 30_000;
export const BACKOFF_MAX_MS = 10 * 60_000;
export const WAITING_FOR_USER_MS = 15 * 60_000;

export function nextPollDelay(state: AccountState, consecutiveFailures: number, intervalMs: number, now: number): number {
  switch (state.kind) {
    case 'ok':
      return intervalMs;
    case 'throttled':
      return Math.max(intervalMs, (state.retryAt ?? now) - now);
    case 'offline':
    case 'graphDown': {
      const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** Math.max(0, consecutiveFailures - 1));
      return Math.max(backoff, (state.retryAt ?? now) - now);
    }
    case 'needsSignIn':
    case 'needsAdminConsent':
    case 'mailboxNotEnabled':
      return Math.max(intervalMs, WAITING_FOR_USER_MS);
  }
}
