// Inbox delta sync as a pure state machine: it says which request comes next and folds each
// response into what it knows, reporting changes. The engine does the I/O (usually inside a
// $batch with the calendar delta and the unread count).
//
// Graph behaviour followed (https://learn.microsoft.com/graph/api/message-delta,
// https://learn.microsoft.com/graph/delta-query-messages):
// - initial round: delta with $select, `$filter=receivedDateTime ge …` (the 14-day window
//   keeps the first sync O(window); a filtered delta is capped around 5,000 messages) and
//   `$orderby=receivedDateTime desc`; then @odata.nextLink until an @odata.deltaLink.
// - removed or moved-out items come as entries with "@removed".
// - an expired state token answers 410 Gone (syncStateNotFound / resyncRequired, sometimes a
//   Location): we start a new initial round and diff it against what we know, so nothing is
//   reported as added twice and what vanished meanwhile is reported as removed.
import { z } from 'zod';
import type { GraphRequest, GraphResponse } from '../graph/graph-request.ts';
import { GraphError, errorFromResponse } from '../graph/graph-errors.ts';
import { MAIL_SELECT, type MailItem } from './mail-item.ts';
import type { MailChange } from './mail-change.ts';
import { deltaEntrySchema, sameMailItem, toMailItem } from './graph-message.ts';
import { DEFAULT_WINDOW_DAYS, emptyInboxSyncState, type InboxSyncState } from './inbox-sync-state.ts';

/**
 * Page size asked of Graph. A hint the server may lower; 2,000 keeps a capped 5,000-message
 * window at 3 pages (≤ 5 requests even with a trailing empty page).
 */
export const INBOX_DELTA_PAGE_SIZE = 2000;

const DAY_MS = 24 * 60 * 60 * 1000;

export const INBOX_DELTA_PATH = "/me/mailFolders('inbox')/messages/delta";

export interface InboxDeltaResult {
  changes: MailChange[];
  /** True when this response carried the deltaLink that ends a round. */
  roundComplete: boolean;
  /** True when the delta link had expired (410) and a new initial round will follow. */
  resynced: boolean;
  /** Entries in this response that could not be read and were skipped. */
  malformed: number;
  /** When the round this response belongs to started (the baseline watermark for round one). */
  roundStartedAt: number | null;
}

const deltaPageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().min(1).optional(),
  '@odata.deltaLink': z.string().min(1).optional(),
});

export class InboxDeltaSync {
  private s: InboxSyncState;

  constructor(state?: InboxSyncState, options: { windowDays?: number } = {}) {
    this.s = state ? structuredClone(state) : emptyInboxSyncState(options.windowDays ?? DEFAULT_WINDOW_DAYS);
  }

  /** A serializable copy of the state, to persist. */
  /** How many days back the inbox is synced (messages older can never come back as added). */
  get windowDays(): number {
    return this.s.windowDays;
  }

  get state(): InboxSyncState {
    return structuredClone(this.s);
  }

  /** Known messages within the window, newest first. */
  get items(): MailItem[] {
    return Object.values(this.s.known).sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime));
  }

  /** The kind of the current (or last) round: an initial listing, or changes from a deltaLink. */
  get roundKind(): InboxSyncState['roundKind'] {
    return this.s.roundKind;
  }

  /** True before the first round has completed (the baseline round is still to come or running). */
  get isFirstRound(): boolean {
    return this.s.completedRounds === 0;
  }

  /** The request to send next: the pending nextLink, else the deltaLink, else a new initial round. */
  nextRequest(now: number): GraphRequest {
    const headers = { Prefer: `odata.maxpagesize=${INBOX_DELTA_PAGE_SIZE}` };
    if (this.s.nextLink) return { method: 'GET', url: this.s.nextLink, headers };
    this.s.roundStartedAt = now;
    if (this.s.deltaLink) {
      this.s.roundKind = 'incremental';
      return { method: 'GET', url: this.s.deltaLink, headers };
    }
    this.s.roundKind = 'initial';
    this.s.seenInRound = {};
    this.s.windowStart = new Date(now - this.s.windowDays * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const query = [
      `$select=${MAIL_SELECT.join(',')}`,
      `$filter=${encodeURIComponent(`receivedDateTime ge ${this.s.windowStart}`)}`,
      `$orderby=${encodeURIComponent('receivedDateTime desc')}`,
    ].join('&');
    return { method: 'GET', url: `${INBOX_DELTA_PATH}?${query}`, headers };
  }

  /**
   * Folds one response to `nextRequest()` into the state. A 410 resets the links (a new initial
   * round follows); any other non-2xx, or a page without the documented shape, throws a
   * GraphError and leaves the state untouched so the same request can be retried.
   */
  applyResponse(res: GraphResponse, now: number = this.s.roundStartedAt ?? 0): InboxDeltaResult {
    const roundStartedAt = this.s.roundStartedAt;
    if (res.status === 410) {
      // The Location Graph may send restarts the same query; ours is equivalent, and keeps the
      // window fresh.
      this.s.deltaLink = null;
      this.s.nextLink = null;
      this.s.seenInRound = {};
      this.s.resyncing = true;
      return { changes: [], roundComplete: false, resynced: true, malformed: 0, roundStartedAt };
    }
    if (res.status < 200 || res.status > 299) throw errorFromResponse(res, now);
    const page = deltaPageSchema.safeParse(res.body);
    if (!page.success || (!page.data['@odata.nextLink'] && !page.data['@odata.deltaLink'])) {
      throw new GraphError({ kind: 'malformedResponse', status: res.status, code: 'malformedResponse', message: 'Inbox delta page without value or links' });
    }

    const changes: MailChange[] = [];
    let malformed = 0;
    const initial = this.s.roundKind === 'initial';
    const windowFloor = (roundStartedAt ?? now) - this.s.windowDays * DAY_MS;
    for (const raw of page.data.value) {
      const entry = deltaEntrySchema.safeParse(raw);
      if (!entry.success) {
        malformed += 1;
        continue;
      }
      const id = entry.data.id;
      const previous = this.s.known[id];
      if (entry.data['@removed']) {
        delete this.s.seenInRound[id];
        if (previous) {
          delete this.s.known[id];
          changes.push({ kind: 'removed', id, previous });
        }
        continue;
      }
      const item = toMailItem(entry.data, previous);
      if (!item) {
        malformed += 1;
        continue;
      }
      if (initial) this.s.seenInRound[id] = true;
      if (Date.parse(item.receivedDateTime) < windowFloor) {
        // Outside the window (an old delta chain still reports it): forget it quietly.
        delete this.s.known[id];
        continue;
      }
      this.s.known[id] = item;
      if (!previous) changes.push({ kind: 'added', item });
      else if (!sameMailItem(previous, item)) changes.push({ kind: 'updated', item, previous });
    }
    this.s.malformedEntries += malformed;

    const deltaLink = page.data['@odata.deltaLink'];
    if (!deltaLink) {
      this.s.nextLink = page.data['@odata.nextLink'] ?? null;
      return { changes, roundComplete: false, resynced: false, malformed, roundStartedAt };
    }

    if (initial) changes.push(...this.vanishedSinceLastRound());
    this.s.deltaLink = deltaLink;
    this.s.nextLink = null;
    this.s.seenInRound = {};
    this.s.resyncing = false;
    this.s.completedRounds += 1;
    this.prune(windowFloor);
    return { changes, roundComplete: true, resynced: false, malformed, roundStartedAt };
  }

  /** At the end of an initial round: known items the round did not list are gone (or aged out). */
  private vanishedSinceLastRound(): MailChange[] {
    const removed: MailChange[] = [];
    const windowStart = this.s.windowStart ? Date.parse(this.s.windowStart) : Number.NEGATIVE_INFINITY;
    for (const [id, previous] of Object.entries(this.s.known)) {
      if (this.s.seenInRound[id]) continue;
      delete this.s.known[id];
      if (Date.parse(previous.receivedDateTime) >= windowStart) removed.push({ kind: 'removed', id, previous });
    }
    return removed;
  }

  private prune(floor: number): void {
    for (const [id, item] of Object.entries(this.s.known)) {
      if (Date.parse(item.receivedDateTime) < floor) delete this.s.known[id];
    }
  }
}
