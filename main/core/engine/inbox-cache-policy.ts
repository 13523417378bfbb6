// When the inbox cache (account-sync-state.ts) is written. Rewriting megabytes and an fsync
// for every new message would cost a busy inbox gigabytes of disk writes a day; what a lagging
// cache costs is only a replay of the delta changes since it was written, after a crash (a
// clean shutdown writes it). So it is written when the inbox changed and either enough time
// or enough changes have gone by, or a round ended or started over (the costly part to redo).
export const INBOX_CACHE_MAX_AGE_MS = 5 * 60_000;
export const INBOX_CACHE_MAX_PENDING_CHANGES = 500;

export interface InboxCacheSituation {
  /** Changes applied to the inbox since the cache was last written. */
  pendingChanges: number;
  /** A round completed, a resync started or a page of an initial round arrived since the last write. */
  roundMoved: boolean;
  /** Epoch ms of the last write, or null when none happened in this run. */
  lastWrittenAt: number | null;
  now: number;
}

export function shouldWriteInboxCache(s: InboxCacheSituation): boolean {
  if (s.roundMoved) return true;
  if (s.pendingChanges === 0) return false;
  if (s.pendingChanges >= INBOX_CACHE_MAX_PENDING_CHANGES) return true;
  return s.lastWrittenAt === null || s.now - s.lastWrittenAt >= INBOX_CACHE_MAX_AGE_MS;
}
