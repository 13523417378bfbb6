// Writes one account's inbox cache (account-sync-state.ts) when inbox-cache-policy.ts says it is
// due: it counts the changes folded in since the last write and notes when a round moved.
// AccountSync calls `writeIfDue` only after the decisions are on disk, which is what keeps the
// cache from ever running ahead of them.
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { InboxDeltaSync } from '../mail/inbox-delta-sync.ts';
import type { SyncStateStore } from '../state/sync-state-store.ts';
import { INBOX_CACHE_VERSION, inboxCacheKey, type InboxCache } from './account-sync-state.ts';
import { shouldWriteInboxCache } from './inbox-cache-policy.ts';

export class InboxCacheWriter {
  private pendingChanges = 0;
  private roundMoved = false;
  private writtenAt: number | null = null;

  constructor(
    private readonly accountId: string,
    private readonly inbox: InboxDeltaSync,
    private readonly store: SyncStateStore,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** After a page was folded into the inbox: its changes, and whether its round moved. */
  noteApplied(changes: number, roundMoved: boolean): void {
    this.pendingChanges += changes;
    if (roundMoved) this.roundMoved = true;
  }

  /** The cache on disk must be rewritten at the next chance (a version-1 state migrated). */
  markStale(): void {
    this.roundMoved = true;
  }

  /** Writes when due; with `now` (a clean stop) whenever anything is pending at all. */
  async writeIfDue(now: boolean): Promise<void> {
    const situation = { pendingChanges: this.pendingChanges, roundMoved: this.roundMoved, lastWrittenAt: this.writtenAt, now: this.clock.now() };
    const pending = situation.pendingChanges > 0 || situation.roundMoved;
    if (now ? !pending : !shouldWriteInboxCache(situation)) return;
    // Cleared before the write: changes folded in while it runs count toward the next one.
    this.pendingChanges = 0;
    this.roundMoved = false;
    this.writtenAt = situation.now;
    const cache: InboxCache = { version: INBOX_CACHE_VERSION, inbox: this.inbox.state };
    try {
      await this.store.save(inboxCacheKey(this.accountId), cache);
    } catch (err) {
      // Not a decision: a failed cache write only means a longer replay after a crash.
      this.roundMoved = true;
      this.log.warn({ err }, 'could not write the inbox cache; will retry');
    }
  }
}
