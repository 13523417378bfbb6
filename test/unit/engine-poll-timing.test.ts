// nextPollDelay: the interval when healthy, Retry-After when throttled, exponential backoff
// (30 s doubling, capped at 10 min) while offline or Graph is down, 15 min while waiting for
// the user.
import { describe, expect, it } from 'vitest';
import type { AccountState, AccountStateKind } from '../../main/core/graph/account-state.ts';
import { OK_STATE } from '../../main/core/graph/account-state.ts';
import {
  BACKOFF_MAX_MS,
  BACKOFF_START_MS,
  PUSH_SAFETY_NET_INTERVAL_MS,
  WAITING_FOR_USER_MS,
  delayAfterResume,
  effectivePollInterval,
  nextPollDelay,
} from '../../main/core/engine/poll-timing.ts';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const INTERVAL = 60_000;
const SEC = 1_000;
const MIN = 60_000;

function state(kind: AccountStateKind, retryAt?: number): AccountState {
  return { kind, message: kind, action: 'none', ...(retryAt !== undefined ? { retryAt } : {}) };
}

describe('nextPollDelay', () => {
  it('the documented constants', () => {
    expect(BACKOFF_START_MS).toBe(30 * SEC);
    expect(BACKOFF_MAX_MS).toBe(10 * MIN);
    expect(WAITING_FOR_USER_MS).toBe(15 * MIN);
  });

  it('ok → the interval, whatever came before', () => {
    expect(nextPollDelay(OK_STATE, 0, INTERVAL, NOW)).toBe(INTERVAL);
    expect(nextPollDelay(OK_STATE, 7, INTERVAL, NOW)).toBe(INTERVAL);
    expect(nextPollDelay(OK_STATE, 0, 5 * MIN, NOW)).toBe(5 * MIN);
  });

  it('throttled → not before Retry-After', () => {
    expect(nextPollDelay(state('throttled', NOW + 2 * MIN), 1, INTERVAL, NOW)).toBe(2 * MIN);
    expect(nextPollDelay(state('throttled', NOW + 17 * MIN + 3 * SEC), 1, INTERVAL, NOW)).toBe(17 * MIN + 3 * SEC);
  });

  it('throttled with a short or missing Retry-After → never sooner than the interval', () => {
    expect(nextPollDelay(state('throttled', NOW + 5 * SEC), 1, INTERVAL, NOW)).toBe(INTERVAL);
    expect(nextPollDelay(state('throttled', NOW - 5 * SEC), 1, INTERVAL, NOW)).toBe(INTERVAL);
    expect(nextPollDelay(state('throttled'), 1, INTERVAL, NOW)).toBe(INTERVAL);
  });

  it.each(['offline', 'graphDown'] as const)('%s → exponential from 30 s, capped at 10 min', (kind) => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 30].map((failures) => nextPollDelay(state(kind), failures, INTERVAL, NOW));
    expect(delays).toEqual([30 * SEC, 60 * SEC, 2 * MIN, 4 * MIN, 8 * MIN, 10 * MIN, 10 * MIN, 10 * MIN]);
    // A state seen before any failure was counted still starts at 30 s, not below.
    expect(nextPollDelay(state(kind), 0, INTERVAL, NOW)).toBe(30 * SEC);
  });

  it.each(['offline', 'graphDown'] as const)('%s with a Retry-After beyond the backoff → the Retry-After', (kind) => {
    expect(nextPollDelay(state(kind, NOW + 3 * MIN), 1, INTERVAL, NOW)).toBe(3 * MIN);
    expect(nextPollDelay(state(kind, NOW + 10 * SEC), 3, INTERVAL, NOW)).toBe(2 * MIN);
  });

  it.each(['needsSignIn', 'needsAdminConsent', 'mailboxNotEnabled'] as const)('%s → every 15 min', (kind) => {
    expect(nextPollDelay(state(kind), 1, INTERVAL, NOW)).toBe(15 * MIN);
    expect(nextPollDelay(state(kind), 12, INTERVAL, NOW)).toBe(15 * MIN);
    // A user who polls less often than that keeps their own interval.
    expect(nextPollDelay(state(kind), 1, 30 * MIN, NOW)).toBe(30 * MIN);
  });
});

describe('delayAfterResume', () => {
  it('polls at once when healthy, offline or Graph was down without a Retry-After', () => {
    expect(delayAfterResume(OK_STATE, NOW)).toBe(0);
    expect(delayAfterResume(state('offline'), NOW)).toBe(0);
    expect(delayAfterResume(state('graphDown'), NOW)).toBe(0);
  });

  it('still waits out a Retry-After that has not passed, and not one that has', () => {
    expect(delayAfterResume(state('throttled', NOW + 20 * MIN), NOW)).toBe(20 * MIN);
    expect(delayAfterResume(state('graphDown', NOW + 30 * SEC), NOW)).toBe(30 * SEC);
    expect(delayAfterResume(state('throttled', NOW - MIN), NOW)).toBe(0);
  });

  it('leaves an account that waits for the user on its schedule', () => {
    for (const kind of ['needsSignIn', 'needsAdminConsent', 'mailboxNotEnabled'] as const) expect(delayAfterResume(state(kind), NOW)).toBeNull();
  });
});

describe('effectivePollInterval', () => {
  it("without an override → the user's interval", () => {
    expect(effectivePollInterval(INTERVAL, null)).toBe(INTERVAL);
    expect(effectivePollInterval(5 * MIN, undefined)).toBe(5 * MIN);
  });

  it('push live → the safety net when the user polls more often than that', () => {
    expect(effectivePollInterval(INTERVAL, PUSH_SAFETY_NET_INTERVAL_MS)).toBe(PUSH_SAFETY_NET_INTERVAL_MS);
    expect(effectivePollInterval(15 * MIN, PUSH_SAFETY_NET_INTERVAL_MS)).toBe(PUSH_SAFETY_NET_INTERVAL_MS);
  });

  it("never polls faster than the user's own interval: the slower of the two wins", () => {
    expect(effectivePollInterval(60 * MIN, PUSH_SAFETY_NET_INTERVAL_MS)).toBe(60 * MIN);
    expect(effectivePollInterval(PUSH_SAFETY_NET_INTERVAL_MS, PUSH_SAFETY_NET_INTERVAL_MS)).toBe(PUSH_SAFETY_NET_INTERVAL_MS);
    expect(effectivePollInterval(2 * MIN, 30 * SEC)).toBe(2 * MIN);
  });

  it("the safety net keeps push's idle cost within Graph's count of ≤ 6 requests per hour", () => {
    // One $batch of 3 inner requests per safety-net poll, each counted by Graph, plus the
    // renewals of 2 subscriptions about every 6 days.
    const perHour = (3 * 60 * MIN) / PUSH_SAFETY_NET_INTERVAL_MS + 2 / (6 * 24);
    expect(perHour).toBeLessThanOrEqual(6);
    expect(PUSH_SAFETY_NET_INTERVAL_MS).toBe(40 * MIN);
  });
});
