// When to poll next. Healthy: the user's interval. Throttled: not before Graph's Retry-After.
// Offline or Graph down: exponential backoff from 30 s, capped at 10 min (a laptop on a train
// should not spin). Waiting for the user (sign-in, admin consent, mailbox not enabled): every
// 15 min, so a fix made elsewhere is picked up without hammering the service.
import type { AccountState } from '../graph/account-state.ts';

export const BACKOFF_START_MS = 30_000;
export const BACKOFF_MAX_MS = 10 * 60_000;
export const WAITING_FOR_USER_MS = 15 * 60_000;
/**
 * While Graph change notifications are live for an account, polling is only a safety net for
 * notifications Graph drops (GRAPH-NOTES: a slow endpoint can lose them for up to 10 minutes).
 */
export const PUSH_SAFETY_NET_INTERVAL_MS = 15 * 60_000;
/**
 * Push notifications arrive in bursts (one per changed item, plus retries): wait this long after
 * the first one and run one delta sync for all of them. Short, because push latency is the point.
 */
export const PUSH_SYNC_DEBOUNCE_MS = 100;

/** The poll interval in force: a per-account override (push live) wins over the user's setting. */
export function effectivePollInterval(settingsIntervalMs: number, overrideMs: number | null | undefined): number {
  return overrideMs ?? settingsIntervalMs;
}

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

/**
 * The machine woke from sleep, or the network came back: how soon to poll. Now, unless Graph
 * asked for a wait (Retry-After) or the account waits for the user (null: keep its schedule).
 */
export function delayAfterResume(state: AccountState, now: number): number | null {
  switch (state.kind) {
    case 'ok':
    case 'offline':
    case 'throttled':
    case 'graphDown':
      return Math.max(0, (state.retryAt ?? now) - now);
    case 'needsSignIn':
    case 'needsAdminConsent':
    case 'mailboxNotEnabled':
      return null;
  }
}
