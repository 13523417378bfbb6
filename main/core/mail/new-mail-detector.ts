// Decides which inbox changes are "new mail" worth a notification, and which earlier
// notifications must be taken back. Pure: state in, state out, no clock, no I/O.
//
// New mail = added (first seen) AND received after the watermark (to the second) AND unread AND not sent by
// the account itself AND never notified before. The first complete round after sign-in is the
// baseline: nothing in it is new, and the watermark becomes the time that round started.
// Read elsewhere, moved or deleted → the notification (if any) is retracted, once.
import type { MailItem } from './mail-item.ts';
import type { MailChange } from './mail-change.ts';

export type RetractionReason = 'readElsewhere' | 'removed';

export interface MailRetraction {
  messageId: string;
  reason: RetractionReason;
}

export interface NewMailResult {
  newMail: MailItem[];
  retractions: MailRetraction[];
}

export interface DetectionContext {
  /** Epoch ms; null while the baseline round has not completed (then nothing is new). */
  watermark: number | null;
  /** Messages notified and not yet retracted. */
  notifiedIds: ReadonlySet<string> | Readonly<Record<string, unknown>>;
  /** Messages notified earlier and already retracted: never new again. */
  retractedIds?: ReadonlySet<string> | Readonly<Record<string, unknown>>;
  /** The account's own addresses (UPN, primary SMTP, aliases); compared case-insensitively. */
  selfAddresses: readonly string[];
}

function has(set: ReadonlySet<string> | Readonly<Record<string, unknown>> | undefined, id: string): boolean {
  if (!set) return false;
  return set instanceof Set ? set.has(id) : Object.hasOwn(set, id);
}

/**
 * Graph's receivedDateTime has whole-second precision ("2026-11-02T09:00:00Z"), the watermark
 * has milliseconds: a message that arrived 300 ms after the baseline round started would read
 * as earlier than it. Anything *added* after the baseline was not in it, so comparing at
 * second granularity cannot re-notify the baseline; it only stops losing that message.
 */
function secondOf(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}

export function detectNewMail(changes: readonly MailChange[], ctx: DetectionContext): NewMailResult {
  const self = new Set(ctx.selfAddresses.map((a) => a.trim().toLowerCase()));
  const newMail: MailItem[] = [];
  const retractions: MailRetraction[] = [];
  const decided = new Set<string>();
  const retracted = new Set<string>();

  for (const change of changes) {
    if (change.kind === 'removed') {
      if (has(ctx.notifiedIds, change.id) && !retracted.has(change.id)) {
        retracted.add(change.id);
        retractions.push({ messageId: change.id, reason: 'removed' });
      }
      // A message that came and went within one response is not news any more.
      const index = newMail.findIndex((m) => m.id === change.id);
      if (index >= 0) newMail.splice(index, 1);
      continue;
    }
    const { item } = change;
    if (change.kind === 'updated' && item.isRead && !change.previous.isRead) {
      if (has(ctx.notifiedIds, item.id) && !retracted.has(item.id)) {
        retracted.add(item.id);
        retractions.push({ messageId: item.id, reason: 'readElsewhere' });
      }
      const index = newMail.findIndex((m) => m.id === item.id);
      if (index >= 0) newMail.splice(index, 1);
      continue;
    }
    if (change.kind !== 'added' || decided.has(item.id)) continue;
    decided.add(item.id);
    if (ctx.watermark === null) continue;
    if (!(Date.parse(item.receivedDateTime) >= secondOf(ctx.watermark))) continue;
    if (item.isRead) continue;
    if (item.from && self.has(item.from.address.toLowerCase())) continue;
    if (has(ctx.notifiedIds, item.id) || has(ctx.retractedIds, item.id)) continue;
    newMail.push(item);
  }
  return { newMail, retractions };
}

export interface NewMailState {
  version: 1;
  watermark: number | null;
  /** id → receivedDateTime (epoch ms) of messages notified and not retracted. */
  notified: Record<string, number>;
  /** id → receivedDateTime (epoch ms) of messages whose notification was retracted. */
  retracted: Record<string, number>;
}

export function emptyNewMailState(): NewMailState {
  return { version: 1, watermark: null, notified: {}, retracted: {} };
}

/** Keeps the detector's state across rounds (and restarts, via `state`). */
export class NewMailDetector {
  private s: NewMailState;

  constructor(
    private readonly selfAddresses: readonly string[],
    state?: NewMailState,
  ) {
    this.s = state ? structuredClone(state) : emptyNewMailState();
  }

  get state(): NewMailState {
    return structuredClone(this.s);
  }

  get watermark(): number | null {
    return this.s.watermark;
  }

  /**
   * Feeds one applied delta response. `round.complete` + `round.startedAt` come from
   * InboxDeltaSync.applyResponse; completing the first round sets the watermark.
   */
  observe(changes: readonly MailChange[], round: { complete: boolean; startedAt: number | null }): NewMailResult {
    const result = detectNewMail(changes, {
      watermark: this.s.watermark,
      notifiedIds: this.s.notified,
      retractedIds: this.s.retracted,
      selfAddresses: this.selfAddresses,
    });
    for (const item of result.newMail) this.s.notified[item.id] = Date.parse(item.receivedDateTime);
    for (const { messageId } of result.retractions) {
      this.s.retracted[messageId] = this.s.notified[messageId] ?? 0;
      delete this.s.notified[messageId];
    }
    if (this.s.watermark === null && round.complete && round.startedAt !== null) this.s.watermark = round.startedAt;
    return result;
  }

  /** Forgets messages received before `beforeMs` (outside the sync window: they cannot come back as added). */
  forgetBefore(beforeMs: number): void {
    for (const map of [this.s.notified, this.s.retracted]) {
      for (const [id, receivedAt] of Object.entries(map)) if (receivedAt < beforeMs) delete map[id];
    }
  }
}
