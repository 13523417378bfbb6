// When the lazily written inbox cache is due (engine/inbox-cache-policy.ts).
import { describe, expect, it } from 'vitest';
import { INBOX_CACHE_MAX_AGE_MS, INBOX_CACHE_MAX_PENDING_CHANGES, shouldWriteInboxCache } from '../../main/core/engine/inbox-cache-policy.ts';

const T = 1_000_000_000;

describe('shouldWriteInboxCache', () => {
  it('writes nothing when nothing changed, however old the cache', () => {
    expect(shouldWriteInboxCache({ pendingChanges: 0, roundMoved: false, lastWrittenAt: T - 10 * INBOX_CACHE_MAX_AGE_MS, now: T })).toBe(false);
  });

  it('writes when a round moved (initial pages, a completed listing, a resync), at once', () => {
    expect(shouldWriteInboxCache({ pendingChanges: 0, roundMoved: true, lastWrittenAt: T, now: T })).toBe(true);
  });

  it('holds small changes until the cache is old enough', () => {
    const at = (age: number) => shouldWriteInboxCache({ pendingChanges: 3, roundMoved: false, lastWrittenAt: T - age, now: T });
    expect(at(INBOX_CACHE_MAX_AGE_MS - 1)).toBe(false);
    expect(at(INBOX_CACHE_MAX_AGE_MS)).toBe(true);
  });

  it('writes a change when no write happened in this run yet', () => {
    expect(shouldWriteInboxCache({ pendingChanges: 1, roundMoved: false, lastWrittenAt: null, now: T })).toBe(true);
  });

  it('writes early once many changes are pending (a bounded replay after a crash)', () => {
    const pending = (n: number) => shouldWriteInboxCache({ pendingChanges: n, roundMoved: false, lastWrittenAt: T, now: T });
    expect(pending(INBOX_CACHE_MAX_PENDING_CHANGES - 1)).toBe(false);
    expect(pending(INBOX_CACHE_MAX_PENDING_CHANGES)).toBe(true);
  });
});
