// The NotificationPlanner turns one sync's facts for one account (new messages, messages
// read or removed elsewhere, the account state, due reminders) plus the ledger so far into
// the intents and retractions to emit and the ledger that results. Pure: no I/O, time from
// the injected clock, the input ledger is never mutated. IntentLedger wraps it with the
// plan → commit → markDelivered protocol (README.md).
import { systemClock, type Clock } from '../clock.ts';
import type { AccountState, AccountStateKind } from '../graph/account-state.ts';
import type { MailItem } from '../mail/mail-item.ts';
import type { Settings } from '../state/settings-schema.ts';
import {
  accountProblemIntent,
  intentIds,
  isProblemKind,
  mailIntent,
  mailSummaryIntent,
  senderLabel,
  type AccountDisplay,
  type SummaryEntry,
} from './intent-builders.ts';
import { cloneLedgerState, type LedgerState, type LiveIntent } from './ledger-state.ts';
import { decideMail, type MailVerdict } from './mail-rules.ts';
import type { IntentRetraction, NotificationIntent, ReminderIntent } from './notification-intent.ts';
import { systemTimeZone } from './quiet-hours.ts';

/** The inbox sync window: decided ids older than this are pruned, older mail is never raised. */
export const DEFAULT_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export interface MailRemoval {
  messageId: string;
  /** Read elsewhere, or moved / deleted elsewhere. */
  reason: 'readElsewhere' | 'removed';
}

export interface PlanInput {
  account: AccountDisplay;
  /** Messages the mail sync considers new (unread, after the watermark, not from self). */
  newMessages?: readonly MailItem[];
  /** Messages read, moved or deleted elsewhere since the last sync. */
  removals?: readonly MailRemoval[];
  /** The account state after this sync; omit when unchanged / unknown. */
  accountState?: AccountState | AccountStateKind;
  /** Reminders that fell due (build them with reminderIntent()). */
  reminders?: readonly ReminderIntent[];
  /** Reminders to take down (dismissed, snoozed, cancelled, moved). */
  reminderRetractions?: readonly IntentRetraction[];
  settings: Settings;
  /**
   * A baseline sync (first sync, or state recovered from a corrupt file): new messages are
   * recorded as decided and nothing is raised, so old mail never floods in.
   */
  baseline?: boolean;
}

export interface MessageDecision {
  messageId: string;
  verdict: MailVerdict | { notify: false; reason: 'baseline' | 'tooOld' };
}

export interface PlanResult {
  /** To emit now (hosts replace by id). */
  intents: NotificationIntent[];
  retractions: IntentRetraction[];
  /** Why each new message did or did not notify (for logs and tests). */
  decisions: MessageDecision[];
  /** The ledger after this plan, including the new outbox entries. */
  next: LedgerState;
}

export interface NotificationPlannerOptions {
  clock?: Clock;
  /** IANA zone for quiet hours when settings name none; default the system's. */
  timeZone?: string;
  retentionMs?: number;
}

export class NotificationPlanner {
  private readonly clock: Clock;
  private readonly timeZone: string;
  private readonly retentionMs: number;

  constructor(options: NotificationPlannerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.timeZone = options.timeZone ?? systemTimeZone();
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  }

  plan(state: LedgerState, input: PlanInput): PlanResult {
    const now = this.clock.now();
    const run = new PlanRun(cloneLedgerState(state), input, now);
    run.applyRemovals();
    run.applyNewMail(this.timeZone, this.retentionMs);
    run.applyAccountState();
    run.applyReminders();
    run.emitDirtySummaries();
    run.prune(this.retentionMs);
    return run.result();
  }
}

/** One plan's working state; kept separate so each step reads as a small method. */
class PlanRun {
  private readonly intents = new Map<string, NotificationIntent>();
  private readonly retractions = new Map<string, IntentRetraction>();
  private readonly decisions: MessageDecision[] = [];
  /** Summaries whose entries changed: re-emitted once at the end (silent unless new mail). */
  private readonly dirtySummaries = new Map<string, { silent: boolean }>();
  private readonly accountId: string;
  private readonly privacy: boolean;
  /** The texts' language: the settings' locale (HeraldApp resolves a null override to the system's). */
  private readonly locale: string | null;
  private seenCopied = false;
  private remindersCopied = false;

  constructor(
    private readonly next: LedgerState,
    private readonly input: PlanInput,
    private readonly now: number,
  ) {
    this.accountId = input.account.accountId;
    this.privacy = input.settings.notifications.privacyMode;
    this.locale = input.settings.locale;
  }

  applyRemovals(): void {
    for (const removal of this.input.removals ?? []) {
      for (const live of [...this.next.live]) {
        const index = live.entries.findIndex((entry) => entry.messageId === removal.messageId);
        if (index < 0) continue;
        if (live.type === 'mailSummary') {
          live.entries.splice(index, 1);
          if (live.entries.length === 0) this.retract(live.intentId, removal.reason);
          else this.markSummaryDirty(live.intentId, true);
        } else {
          this.retract(live.intentId, removal.reason);
        }
      }
    }
  }

  applyNewMail(timeZone: string, retentionMs: number): void {
    const oldest = this.now - retentionMs;
    const notify: Array<{ message: MailItem; vip: boolean; received: number }> = [];
    for (const message of this.input.newMessages ?? []) {
      if (Object.hasOwn(this.next.seen, message.id)) continue; // decided before: exactly once
      const parsed = Date.parse(message.receivedDateTime);
      const received = Number.isFinite(parsed) ? parsed : this.now;
      if (received < oldest) {
        this.decisions.push({ messageId: message.id, verdict: { notify: false, reason: 'tooOld' } });
        continue;
      }
      this.writableSeen()[message.id] = received;
      if (this.input.baseline) {
        this.decisions.push({ messageId: message.id, verdict: { notify: false, reason: 'baseline' } });
        continue;
      }
      const verdict = decideMail(message, { settings: this.input.settings, accountId: this.accountId, now: this.now, timeZone });
      this.decisions.push({ messageId: message.id, verdict });
      if (verdict.notify) notify.push({ message, vip: verdict.vip, received });
    }
    if (notify.length === 0) return;
    notify.sort((a, b) => a.received - b.received);
    this.raiseMail(notify);
  }

  /** Individual intents, or one summary when this batch plus recent ones exceed the threshold. */
  private raiseMail(batch: ReadonlyArray<{ message: MailItem; vip: boolean }>): void {
    const { summaryThreshold, coalesceWindowMs } = this.input.settings.notifications;
    const windowStart = this.now - coalesceWindowMs;
    const newEntries: SummaryEntry[] = batch.map(({ message }) => ({ messageId: message.id, sender: senderLabel(message, this.locale) }));
    const recentSummary = this.next.live
      .filter((live) => live.type === 'mailSummary' && live.updatedAt >= windowStart)
      .sort((a, b) => b.updatedAt - a.updatedAt)[0];
    const recentMails = this.next.live.filter((live) => live.type === 'mail' && live.createdAt >= windowStart);

    if (recentSummary || recentMails.length + batch.length > summaryThreshold) {
      const summary = recentSummary ?? this.newSummaryEntry(recentMails, newEntries);
      for (const mail of recentMails) {
        summary.entries.push(...mail.entries.filter((entry) => !summary.entries.some((e) => e.messageId === entry.messageId)));
        this.retract(mail.intentId, 'superseded');
      }
      summary.entries.push(...newEntries);
      summary.updatedAt = this.now;
      this.markSummaryDirty(summary.intentId, false);
      return;
    }
    for (const { message, vip } of batch) {
      const intent = mailIntent(this.accountId, message, { vip, privacy: this.privacy, now: this.now, locale: this.locale });
      this.emit(intent);
      this.next.live.push({
        intentId: intent.id,
        type: 'mail',
        createdAt: this.now,
        updatedAt: this.now,
        entries: [{ messageId: message.id, sender: senderLabel(message, this.locale) }],
      });
    }
  }

  private newSummaryEntry(recentMails: readonly LiveIntent[], newEntries: readonly SummaryEntry[]): LiveIntent {
    const first = recentMails[0]?.entries[0] ?? newEntries[0];
    const summary: LiveIntent = {
      intentId: intentIds.summary(this.accountId, first?.messageId ?? String(this.now)),
      type: 'mailSummary',
      createdAt: this.now,
      updatedAt: this.now,
      entries: [],
    };
    this.next.live.push(summary);
    return summary;
  }

  applyAccountState(): void {
    const state = this.input.accountState;
    if (state === undefined) return;
    const kind = typeof state === 'string' ? state : state.kind;
    const open = this.next.problem;
    if (isProblemKind(kind)) {
      if (open?.kind === kind) return; // same episode: already raised once
      if (open) this.retract(open.intentId, 'superseded');
      const intent = accountProblemIntent(this.input.account, kind, this.now, this.locale);
      this.emit(intent);
      this.next.problem = { kind, intentId: intent.id };
      this.next.live.push({ intentId: intent.id, type: 'accountProblem', createdAt: this.now, updatedAt: this.now, entries: [] });
    } else if (kind === 'ok' && open) {
      this.retract(open.intentId, 'resolved');
      this.next.problem = null;
    }
    // offline / throttled / graphDown heal by themselves: nothing raised, episode unchanged.
  }

  applyReminders(): void {
    for (const retraction of this.input.reminderRetractions ?? []) {
      if (this.next.live.some((live) => live.intentId === retraction.intentId)) this.retract(retraction.intentId, retraction.reason);
    }
    for (const reminder of this.input.reminders ?? []) {
      if (Object.hasOwn(this.next.reminders, reminder.id)) continue;
      this.writableReminders()[reminder.id] = reminder.fireAt;
      this.emit(reminder);
      this.next.live.push({ intentId: reminder.id, type: 'reminder', createdAt: this.now, updatedAt: this.now, entries: [] });
    }
  }

  emitDirtySummaries(): void {
    for (const [intentId, { silent }] of this.dirtySummaries) {
      const live = this.next.live.find((entry) => entry.intentId === intentId);
      if (!live || live.entries.length === 0) continue;
      this.emit(mailSummaryIntent(this.accountId, intentId, live.entries, { privacy: this.privacy, now: this.now, silent, locale: this.locale }));
    }
  }

  prune(retentionMs: number): void {
    const oldest = this.now - retentionMs;
    // Walking every decided id each sync would cost more than the sync; hourly is plenty.
    if (this.now - this.next.prunedAt >= PRUNE_INTERVAL_MS || this.now < this.next.prunedAt) {
      this.next.prunedAt = this.now;
      const seen = this.writableSeen();
      for (const [id, received] of Object.entries(seen)) if (received < oldest) delete seen[id];
      const reminders = this.writableReminders();
      for (const [id, fireAt] of Object.entries(reminders)) if (fireAt < oldest) delete reminders[id];
    }
    // Live intents that old were long since cleared by the OS; keep the open problem's.
    this.next.live = this.next.live.filter(
      (live) => live.updatedAt >= oldest || live.intentId === this.next.problem?.intentId,
    );
  }

  result(): PlanResult {
    return {
      intents: [...this.intents.values()],
      retractions: [...this.retractions.values()],
      decisions: this.decisions,
      next: this.next,
    };
  }

  private writableSeen(): Record<string, number> {
    if (!this.seenCopied) {
      this.next.seen = { ...this.next.seen };
      this.seenCopied = true;
    }
    return this.next.seen;
  }

  private writableReminders(): Record<string, number> {
    if (!this.remindersCopied) {
      this.next.reminders = { ...this.next.reminders };
      this.remindersCopied = true;
    }
    return this.next.reminders;
  }

  private markSummaryDirty(intentId: string, silent: boolean): void {
    const previous = this.dirtySummaries.get(intentId);
    // New mail in the same plan makes the update audible even if a removal also touched it.
    this.dirtySummaries.set(intentId, { silent: (previous?.silent ?? true) && silent });
  }

  /** Queue an intent: emitted now and kept in the outbox (one entry per id) until delivered. */
  private emit(intent: NotificationIntent): void {
    this.retractions.delete(intent.id);
    this.intents.set(intent.id, intent);
    const outbox = this.next.outbox;
    outbox.retractions = outbox.retractions.filter((r) => r.intentId !== intent.id);
    outbox.intents = [...outbox.intents.filter((i) => i.id !== intent.id), intent];
  }

  private retract(intentId: string, reason: IntentRetraction['reason']): void {
    const retraction: IntentRetraction = { intentId, reason };
    this.intents.delete(intentId);
    this.dirtySummaries.delete(intentId);
    this.retractions.set(intentId, retraction);
    this.next.live = this.next.live.filter((live) => live.intentId !== intentId);
    const outbox = this.next.outbox;
    outbox.intents = outbox.intents.filter((i) => i.id !== intentId);
    outbox.retractions = [...outbox.retractions.filter((r) => r.intentId !== intentId), retraction];
  }
}
