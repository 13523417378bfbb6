// What the user saw, and whether it adds up. The sink behaves like a host (show replaces by
// intent id, retract removes) and keeps the whole history; `assessMail` and `assessReminders`
// turn that history into the pass criteria of the chaos suite:
// - every message that arrived is covered by exactly one notification as the user sees it: a
//   `mail` intent for it or a `mailSummary` listing it. A mail intent retracted as `superseded`
//   (coalesced into a summary) and the summary that absorbed it are one notification; a
//   re-emission of the same intent id (after a crash, or a summary updated in place) is too.
// - lost = never covered, or covered only by intents superseded into something that does not
//   list it; duplicated = covered by two or more intents that stayed visible (not superseded).
// - rules (muted senders and keywords, Focused Inbox only, a pause, quiet hours): a message whose durable decision was "suppressed" is
//   never shown, then or later (no catch-up when the rule lifts, no re-decision after a restart);
//   it counts as `suppressed`, not lost. lost = arrived and neither notified, summarised nor
//   suppressed by a rule.
// - reminders: exactly the expected `reminder:<account>:<event>:<fireAt>` ids, none missing,
//   none for a cancelled event or an abandoned schedule.
import type { NotificationSink } from '../../main/core/engine/account-sync.ts';
import type { IntentRetraction, NotificationIntent } from '../../main/core/notify/notification-intent.ts';

export type SinkEntry =
  | { kind: 'show'; at: number; intent: NotificationIntent }
  | { kind: 'retract'; at: number; retraction: IntentRetraction };

export class CoverageSink implements NotificationSink {
  readonly history: SinkEntry[] = [];
  readonly visible = new Map<string, NotificationIntent>();

  constructor(private readonly now: () => number) {}

  show(intent: NotificationIntent): void {
    this.history.push({ kind: 'show', at: this.now(), intent });
    this.visible.set(intent.id, intent);
  }

  retract(retraction: IntentRetraction): void {
    this.history.push({ kind: 'retract', at: this.now(), retraction });
    this.visible.delete(retraction.intentId);
  }
}

/** The rules that can hold a message back (in order of precedence). */
export type SuppressVerdict = 'notificationsOff' | 'accountNotificationsOff' | 'mutedSender' | 'mutedKeyword' | 'notFocused' | 'paused' | 'quietHours';
/** The rules a VIP breaks through (a pause only with vipBreaksPause). */
export type BreakThrough = 'notFocused' | 'paused' | 'quietHours';

/** What the rules said when the engine durably decided a message (the runner watches its saves). */
export interface MailDecision {
  decidedAt: number;
  verdict: 'notify' | SuppressVerdict;
  vip: boolean;
  /** Quiet hours were on when it was decided (a VIP notifying then broke through). */
  quietHours: boolean;
  /** For a VIP that notified: the rules it broke through. */
  brokeThrough?: readonly BreakThrough[];
  /** The sender is listed (as a VIP, or muted) through a domain entry rather than its address. */
  vipByDomain?: boolean;
  mutedByDomain?: boolean;
}

export interface MailAssessment {
  arrived: number;
  /** Shown as the user sees it: `notifiedSingly` + `summarised`. */
  notified: number;
  notifiedSingly: number;
  summarised: number;
  /** Decided while a rule suppressed it, and never shown. */
  suppressed: number;
  suppressedBy: Record<SuppressVerdict, number>;
  /** VIP messages suppressed because their sender was muted (a mute beats VIP). */
  mutedVips: number;
  /** VIP messages held back by a pause (vipBreaksPause off). */
  pausedVips: number;
  /** Suppressed by a muted domain (not the address). */
  mutedByDomain: number;
  /** VIPs through a domain entry that notified breaking through a rule. */
  domainVipsBrokeThrough: number;
  /** VIP messages decided during quiet hours (and not muted) that notified. */
  vipBrokeThrough: number;
  /** VIP messages that notified, by each rule they broke through (one message may count under several). */
  vipBrokeThroughBy: Record<BreakThrough, number>;
  /** Shown although its durable decision was "suppressed" (a catch-up or a re-decision). */
  notifiedAfterSuppressed: number;
  notifiedAfterSuppressedIds: string[];
  lost: number;
  duplicated: number;
  lostIds: string[];
  duplicatedIds: string[];
  /** Distinct mail / summary intent ids shown (what the user saw, hosts replacing by id). */
  mailIntents: number;
  summaryIntents: number;
}

export function assessMail(history: readonly SinkEntry[], arrivedMessageIds: readonly string[], decisions: ReadonlyMap<string, MailDecision> = new Map()): MailAssessment {
  // Which intent ids cover which messages, and whether each id ended superseded.
  const covering = new Map<string, Set<string>>();
  const superseded = new Set<string>();
  let mailIntents = 0;
  let summaryIntents = 0;
  const seenIds = new Set<string>();
  const summaryIds = new Set<string>();
  const cover = (messageId: string, intentId: string) => {
    let set = covering.get(messageId);
    if (!set) covering.set(messageId, (set = new Set()));
    set.add(intentId);
  };
  for (const entry of history) {
    if (entry.kind === 'retract') {
      if (entry.retraction.reason === 'superseded') superseded.add(entry.retraction.intentId);
      else superseded.delete(entry.retraction.intentId);
      continue;
    }
    const intent = entry.intent;
    if (intent.type !== 'mail' && intent.type !== 'mailSummary') continue;
    // Shown again after a retraction: visible again, so no longer superseded.
    superseded.delete(intent.id);
    if (!seenIds.has(intent.id)) {
      seenIds.add(intent.id);
      if (intent.type === 'mail') mailIntents += 1;
      else summaryIntents += 1;
    }
    if (intent.type === 'mail') cover(intent.messageId, intent.id);
    else {
      summaryIds.add(intent.id);
      for (const messageId of intent.messageIds) cover(messageId, intent.id);
    }
  }

  const lostIds: string[] = [];
  const duplicatedIds: string[] = [];
  const notifiedAfterSuppressedIds: string[] = [];
  const suppressedBy: Record<SuppressVerdict, number> = { notificationsOff: 0, accountNotificationsOff: 0, mutedSender: 0, mutedKeyword: 0, notFocused: 0, paused: 0, quietHours: 0 };
  const vipBrokeThroughBy: Record<BreakThrough, number> = { notFocused: 0, paused: 0, quietHours: 0 };
  let summarised = 0;
  let vipBrokeThrough = 0;
  let mutedVips = 0;
  let pausedVips = 0;
  let mutedByDomain = 0;
  let domainVipsBrokeThrough = 0;
  for (const messageId of arrivedMessageIds) {
    const ids = [...(covering.get(messageId) ?? [])];
    const standing = ids.filter((id) => !superseded.has(id));
    const decision = decisions.get(messageId);
    if (decision && decision.verdict !== 'notify') {
      // Any notification at all (even one later superseded) was a notification it must not get.
      if (ids.length > 0) notifiedAfterSuppressedIds.push(messageId);
      else {
        suppressedBy[decision.verdict] += 1;
        if (decision.vip && decision.verdict === 'mutedSender') mutedVips += 1;
        if (decision.vip && decision.verdict === 'paused') pausedVips += 1;
        if (decision.verdict === 'mutedSender' && decision.mutedByDomain) mutedByDomain += 1;
        continue;
      }
    }
    if (standing.length === 0) lostIds.push(messageId);
    else if (standing.length > 1) duplicatedIds.push(messageId);
    else {
      if (summaryIds.has(standing[0] ?? '')) summarised += 1;
      if (decision?.vip && decision.quietHours) vipBrokeThrough += 1;
      if (decision?.vip) for (const rule of decision.brokeThrough ?? []) vipBrokeThroughBy[rule] += 1;
      if (decision?.vipByDomain && (decision.brokeThrough ?? []).length > 0) domainVipsBrokeThrough += 1;
    }
  }
  const suppressed = Object.values(suppressedBy).reduce((sum, n) => sum + n, 0);
  const notified = arrivedMessageIds.length - lostIds.length - suppressed;
  return {
    arrived: arrivedMessageIds.length,
    notified,
    notifiedSingly: notified - summarised,
    summarised,
    suppressed,
    suppressedBy,
    mutedVips,
    pausedVips,
    mutedByDomain,
    domainVipsBrokeThrough,
    vipBrokeThrough,
    vipBrokeThroughBy,
    notifiedAfterSuppressed: notifiedAfterSuppressedIds.length,
    notifiedAfterSuppressedIds,
    lost: lostIds.length,
    duplicated: duplicatedIds.length,
    lostIds,
    duplicatedIds,
    mailIntents,
    summaryIntents,
  };
}

export interface ReminderAssessment {
  expected: number;
  fired: number;
  lost: number;
  /** Events that got more than one reminder id while one was expected (an old schedule fired too). */
  doubled: number;
  /** Reminder ids that should never have fired (cancelled event, abandoned schedule). */
  unexpected: number;
  lostIds: string[];
  unexpectedIds: string[];
}

/** `snoozedIds`: reminders a user's snooze brought back, judged by assessReminderActions instead. */
export function assessReminders(history: readonly SinkEntry[], expectedIntentIds: readonly string[], snoozedIds: ReadonlySet<string> = new Set()): ReminderAssessment {
  const fired = new Map<string, string>();
  for (const entry of history) {
    if (entry.kind === 'show' && entry.intent.type === 'reminder' && !snoozedIds.has(entry.intent.id)) fired.set(entry.intent.id, entry.intent.eventId);
  }
  const expected = new Set(expectedIntentIds);
  const lostIds = [...expected].filter((id) => !fired.has(id));
  const unexpectedIds = [...fired.keys()].filter((id) => !expected.has(id));
  const perEvent = new Map<string, number>();
  for (const eventId of fired.values()) perEvent.set(eventId, (perEvent.get(eventId) ?? 0) + 1);
  const doubled = [...perEvent.values()].filter((n) => n > 1).length;
  return { expected: expected.size, fired: fired.size, lost: lostIds.length, doubled, unexpected: unexpectedIds.length, lostIds, unexpectedIds };
}
