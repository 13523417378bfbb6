// What the user saw, and whether it adds up. The sink behaves like a host (show replaces by
// intent id, retract removes) and keeps the whole history; `assessMail` and `assessReminders`
// turn that history into the pass criteria of the chaos suite:
// - every message that arrived is covered by exactly one notification as the user sees it: a
//   `mail` intent for it or a `mailSummary` listing it. A mail intent retracted as `superseded`
//   (coalesced into a summary) and the summary that absorbed it are one notification; a
//   re-emission of the same intent id (after a crash, or a summary updated in place) is too.
// - lost = never covered, or covered only by intents superseded into something that does not
//   list it; duplicated = covered by two or more intents that stayed visible (not superseded).
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

export interface MailAssessment {
  arrived: number;
  notified: number;
  lost: number;
  duplicated: number;
  lostIds: string[];
  duplicatedIds: string[];
  /** Distinct mail / summary intent ids shown (what the user saw, hosts replacing by id). */
  mailIntents: number;
  summaryIntents: number;
}

export function assessMail(history: readonly SinkEntry[], arrivedMessageIds: readonly string[]): MailAssessment {
  // Which intent ids cover which messages, and whether each id ended superseded.
  const covering = new Map<string, Set<string>>();
  const superseded = new Set<string>();
  let mailIntents = 0;
  let summaryIntents = 0;
  const seenIds = new Set<string>();
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
    else for (const messageId of intent.messageIds) cover(messageId, intent.id);
  }

  const lostIds: string[] = [];
  const duplicatedIds: string[] = [];
  for (const messageId of arrivedMessageIds) {
    const ids = [...(covering.get(messageId) ?? [])];
    const standing = ids.filter((id) => !superseded.has(id));
    if (standing.length === 0) lostIds.push(messageId);
    else if (standing.length > 1) duplicatedIds.push(messageId);
  }
  return {
    arrived: arrivedMessageIds.length,
    notified: arrivedMessageIds.length - lostIds.length,
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

export function assessReminders(history: readonly SinkEntry[], expectedIntentIds: readonly string[]): ReminderAssessment {
  const fired = new Map<string, string>();
  for (const entry of history) {
    if (entry.kind === 'show' && entry.intent.type === 'reminder') fired.set(entry.intent.id, entry.intent.eventId);
  }
  const expected = new Set(expectedIntentIds);
  const lostIds = [...expected].filter((id) => !fired.has(id));
  const unexpectedIds = [...fired.keys()].filter((id) => !expected.has(id));
  const perEvent = new Map<string, number>();
  for (const eventId of fired.values()) perEvent.set(eventId, (perEvent.get(eventId) ?? 0) + 1);
  const doubled = [...perEvent.values()].filter((n) => n > 1).length;
  return { expected: expected.size, fired: fired.size, lost: lostIds.length, doubled, unexpected: unexpectedIds.length, lostIds, unexpectedIds };
}
