// Decides which inbox changes are "new mail" worth a notification, and which earlier
// notifications must be taken back. Pure: state in, state out, no clock, no I/O.
//
// New mail = added (first seen) AND received after the watermark (to the second) AND unread AND not sent by
// the account itself AND never decided before. The first complete round after sign-in is the
// baseline: nothing in it is new, and the watermark becomes Graph's time when that round started,
// minus a grace (baseline-watermark.ts says why not this machine's clock). When the first attempt
// failed, the baseline came late: what it lists received after the first attempt is decided as
// any later mail, and the watermark is put before the first attempt instead.
// Every added message after the watermark is decided once: notified, or passed over (read on
// arrival, self-sent), and remembered either way, so being marked unread and listed as added
// again (moved out and back, a lost inbox cache) never makes it news later.
// Read elsewhere, moved or deleted → the notification (if any) is retracted, once.
import { createHash } from 'node:crypto';
import type { MailItem } from './mail-item.ts';
import type { MailChange } from './mail-change.ts';
import {
  BASELINE_GRACE_MS,
  baselineWatermark,
  firstAttemptReference,
  noteAttempt,
  type FirstAttempt,
  type SyncAttempt,
} from './baseline-watermark.ts';

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
  /** Messages the baseline round listed at or after the watermark (the grace): never new. */
  baselineIds?: ReadonlySet<string> | Readonly<Record<string, unknown>>;
  /** Messages decided earlier and not notified (read on arrival, self-sent), by `passedOverKey`: never new. */
  passedOver?: ReadonlySet<string> | Readonly<Record<string, unknown>>;
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

/**
 * The key a passed-over message is remembered by: 16 base64url characters of the SHA-256 of its
 * id (96 bits) instead of Graph's ~150-character id. There can be many of them (see
 * NewMailState.passedOver) and they are written with every decision; a collision (odds ~n²/2⁹⁷)
 * would at worst silence one message.
 */
export function passedOverKey(messageId: string): string {
  return createHash('sha256').update(messageId).digest('base64url').slice(0, 16);
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
    if (has(ctx.notifiedIds, item.id) || has(ctx.retractedIds, item.id) || has(ctx.baselineIds, item.id)) continue;
    if (ctx.passedOver && has(ctx.passedOver, passedOverKey(item.id))) continue;
    newMail.push(item);
  }
  return { newMail, retractions };
}

export interface NewMailState {
  version: 1;
  /** Epoch ms on Graph's clock (received times are compared with it); null until the baseline completes. */
  watermark: number | null;
  /** id → receivedDateTime (epoch ms) of messages notified and not retracted. */
  notified: Record<string, number>;
  /** id → receivedDateTime (epoch ms) of messages whose notification was retracted. */
  retracted: Record<string, number>;
  /**
   * While the baseline runs: the earliest Graph time (HTTP `Date`) seen answering it. Optional
   * so that state saved before it existed still loads (a saved watermark stays valid as it is).
   */
  baselineGraphTime?: number | null;
  /**
   * id → receivedDateTime of messages the baseline listed received at or after the watermark
   * (within the grace). They were in the baseline, so they are never new, even when a lost inbox
   * cache makes the inbox list them again as `added`. A handful at most: the grace is minutes.
   */
  baselineIds?: Record<string, number>;
  /**
   * The first sync attempt, until the baseline completes (baseline-watermark.ts): when it failed,
   * mail that arrived since then is still news when the baseline finally lists it. Optional: state
   * saved before it existed still loads.
   */
  firstAttempt?: FirstAttempt;
  /**
   * passedOverKey(id) → receivedDateTime of added messages decided at or after the watermark and
   * not notified (read on arrival, self-sent, gone again in the same response): never new again.
   * Size: one entry (~35 bytes of JSON) for each such message in the sync window (14 days + 1,
   * forgetBefore); a mailbox whose rules mark 200 messages a day as read keeps ~3,000 (~100 KB).
   * Optional: state saved before it existed still loads.
   */
  passedOver?: Record<string, number>;
}

export function emptyNewMailState(): NewMailState {
  return { version: 1, watermark: null, notified: {}, retracted: {} };
}

/** What the engine knows about the response a batch of changes came from. */
export interface RoundInfo {
  /** The response carried the deltaLink that ends a round. */
  complete: boolean;
  /** This machine's clock when the round started (InboxDeltaSync); only a fallback for the watermark. */
  startedAt: number | null;
  /** Graph's clock (the HTTP `Date` of the call that brought the response); null when unknown. */
  graphTime?: number | null;
}

/** Keeps the detector's state across rounds (and restarts, via `state`). */
export class NewMailDetector {
  private s: NewMailState;
  private self: readonly string[];

  constructor(selfAddresses: readonly string[], state?: NewMailState) {
    this.self = [...selfAddresses];
    this.s = state ? structuredClone(state) : emptyNewMailState();
  }

  get state(): NewMailState {
    return structuredClone(this.s);
  }

  get watermark(): number | null {
    return this.s.watermark;
  }

  get selfAddresses(): readonly string[] {
    return this.self;
  }

  /** The account's own addresses changed (read from /me): its own mail from them never notifies. */
  setSelfAddresses(addresses: readonly string[]): void {
    this.self = [...addresses];
  }

  /**
   * Feeds one applied delta response. `round.complete` + `round.startedAt` come from
   * InboxDeltaSync.applyResponse, `round.graphTime` from the engine; completing the first round
   * sets the watermark.
   */
  observe(changes: readonly MailChange[], round: RoundInfo): NewMailResult {
    const baselineRunning = this.s.watermark === null;
    // While a late baseline runs, mail received since the first attempt is decided as usual.
    const decidingFrom = baselineRunning ? firstAttemptReference(this.s.firstAttempt) : this.s.watermark;
    const result = detectNewMail(changes, {
      watermark: decidingFrom,
      notifiedIds: this.s.notified,
      retractedIds: this.s.retracted,
      ...(this.s.baselineIds ? { baselineIds: this.s.baselineIds } : {}),
      ...(this.s.passedOver ? { passedOver: this.s.passedOver } : {}),
      selfAddresses: this.self,
    });
    for (const item of result.newMail) this.s.notified[item.id] = Date.parse(item.receivedDateTime);
    for (const { messageId } of result.retractions) {
      this.s.retracted[messageId] = this.s.notified[messageId] ?? 0;
      delete this.s.notified[messageId];
    }
    if (decidingFrom !== null) this.rememberPassedOver(changes, decidingFrom);
    if (baselineRunning) this.observeBaseline(changes, round, decidingFrom);
    return result;
  }

  /**
   * One sync attempt (a poll cycle's first call), answered or not, before the baseline completed;
   * returns true when the state changed (it must then be saved, even if the cycle failed).
   */
  noteAttempt(attempt: SyncAttempt): boolean {
    if (this.s.watermark !== null) return false;
    const before = JSON.stringify(this.s.firstAttempt ?? null);
    // A baseline left unfinished by a build that did not note attempts: its first Date stands for the first attempt.
    const legacyTime = this.s.baselineGraphTime ?? null;
    const legacy = legacyTime === null ? undefined : { localTime: attempt.sentAt, graphTime: legacyTime, retried: false };
    this.s.firstAttempt = noteAttempt(this.s.firstAttempt ?? legacy, attempt);
    return JSON.stringify(this.s.firstAttempt) !== before;
  }

  /** Forgets messages received before `beforeMs` (outside the sync window: they cannot come back as added). */
  forgetBefore(beforeMs: number): void {
    for (const map of [this.s.notified, this.s.retracted, this.s.baselineIds ?? {}, this.s.passedOver ?? {}]) {
      for (const [id, receivedAt] of Object.entries(map)) if (receivedAt < beforeMs) delete map[id];
    }
  }

  /**
   * Added messages at or after `from` that were decided and not notified: remembered so that no
   * later `added` (moved out and back, a lost inbox cache) makes them news. Notified ones are in
   * `notified` already; ones before `from` can never be new.
   */
  private rememberPassedOver(changes: readonly MailChange[], from: number): void {
    for (const change of changes) {
      if (change.kind !== 'added') continue;
      const { id, receivedDateTime } = change.item;
      const received = Date.parse(receivedDateTime);
      if (!(received >= secondOf(from)) || [this.s.notified, this.s.retracted, this.s.baselineIds ?? {}].some((known) => Object.hasOwn(known, id))) continue;
      (this.s.passedOver ??= {})[passedOverKey(id)] = received;
    }
  }

  /** `sinceFirstAttempt`: firstAttemptReference (null when the baseline runs on the first attempt). */
  private observeBaseline(changes: readonly MailChange[], round: RoundInfo, sinceFirstAttempt: number | null): void {
    const graphTime = round.graphTime ?? null;
    if (graphTime !== null) this.s.baselineGraphTime = Math.min(graphTime, this.s.baselineGraphTime ?? graphTime);
    // The watermark is not known before the round ends, but it cannot be lower than this bound
    // (Graph's earliest time so far, or the local start when Graph's is unknown, or the first
    // attempt's time, minus the grace): only messages at or after it can fall within the grace
    // and need remembering. Those since the first attempt were decided above, not remembered here.
    const lowerBound = Math.min(this.s.baselineGraphTime ?? Infinity, round.startedAt ?? Infinity, sinceFirstAttempt ?? Infinity) - BASELINE_GRACE_MS;
    const ids = (this.s.baselineIds ??= {});
    for (const change of changes) {
      if (change.kind !== 'added') continue;
      const received = Date.parse(change.item.receivedDateTime);
      if (received >= lowerBound && (sinceFirstAttempt === null || received < secondOf(sinceFirstAttempt))) ids[change.item.id] = received;
    }
    if (!round.complete) return;
    const watermark =
      sinceFirstAttempt === null
        ? baselineWatermark({ graphTime: this.s.baselineGraphTime ?? null, localStartedAt: round.startedAt })
        : sinceFirstAttempt - BASELINE_GRACE_MS;
    if (watermark === null) return;
    this.s.watermark = watermark;
    delete this.s.baselineGraphTime;
    delete this.s.firstAttempt;
    for (const [id, received] of Object.entries(ids)) if (received < secondOf(watermark)) delete ids[id];
  }
}
