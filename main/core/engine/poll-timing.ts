// When to poll next. Healthy: the user's interval. Throttled: not before Graph's Retry-After.
// Offline or Graph down: exponential backoff from 30 s, capped at 10 min (a laptop on a train
// should not spin). Waiting for the user (sign-in, admin consent, mailbox not enabled): every
// 15 min, so a fix made elsewhere is picked up without hammering the service.
import type { AccountState } from '../graph/account-state.ts';

export const BACKOFF_START_MS = 30_000;
export const BACKOFF_MAX_MS = 10 * 60_000;
export const WAITING_FOR_USER_MS = 15 * 60_000;
/**
 * While Graph change notifications are live for an account, polling is only a safety net: for a
 * tunnel that died silently (Graph's deliveries fail, and its lifecycle notifications would come
 * through the same tunnel, so no `missed` arrives) and for notifications dropped without a
 * `missed` event (GRAPH-NOTES: a slow endpoint can lose them for up to 10 minutes). Its interval
 * bounds how late mail can be in those failure cases only; normally push is within a second.
 *
 * The price is Graph's request budget, counted as Graph counts it: a safety-net cycle is one
 * $batch of 3 inner requests (inbox delta, calendar delta, unread count), each of which counts
 * (GRAPH-NOTES "Throttling"). Idle Graph requests per hour = 3 × 60 / interval(min) + renewals
 * (2 subscriptions renewed about every 6 days ≈ 0.014/h); the target is ≤ 6/h:
 *   15 min → 12.0/h (over);  30 min → 6.01/h (over, by the renewals alone);
 *   40 min → 4.51/h, leaving ~1.5/h for anything else an idle account needs (a daily profile
 *   read, an occasional retry) while a silent push failure still costs at most 40 minutes.
 */
export const PUSH_SAFETY_NET_INTERVAL_MS = 40 * 60_000;
/**
 * Push notifications arrive in bursts (one per changed item, plus retries): wait this long after
 * the first one and run one delta sync for all of them. Short, because push latency is the point.
 */
export const PUSH_SYNC_DEBOUNCE_MS = 100;

/**
 * The poll interval in force: the slower of the user's setting and a per-account override (push
 * live → the safety net). The override only ever slows polling down: a user who polls every
 * 60 minutes keeps 60 minutes when push goes live, rather than getting the safety net's 40.
 */
export function effectivePollInterval(settingsIntervalMs: number, overrideMs: number | null | undefined): number {
  return overrideMs === null || overrideMs === undefined ? settingsIntervalMs : Math.max(settingsIntervalMs, overrideMs);
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
