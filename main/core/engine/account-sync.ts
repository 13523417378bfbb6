// One account's engine: a poll cycle that carries the inbox delta, the calendar delta and the
// unread count in one $batch, folds the answers into the sync state, decides notifications
// through the intent ledger, persists, and only then emits. Reminders fire from the
// ReminderScheduler's timer and go through the same decide → persist → emit path.
//
// Everything for one account runs through one serial queue, so a "check now", a reminder and
// a poll never interleave their state changes.
import type { Clock } from '../clock.ts';
import type { CalendarItem } from '../calendar/calendar-item.ts';
import { CalendarActions, type ReminderWriteBackTarget } from '../calendar/calendar-actions.ts';
import { CalendarDeltaSync, type CalendarChange } from '../calendar/calendar-delta-sync.ts';
import { emptyReminderState } from '../calendar/reminder-state.ts';
import { judgeReminderCheck, reminderCheckRequest, type ReminderCheckVerdict } from '../calendar/reminder-check.ts';
import { ReminderScheduler, type ReminderActionResult, type ReminderRetraction } from '../calendar/reminder-scheduler.ts';
import { OK_STATE, type AccountState } from '../graph/account-state.ts';
import type { GraphClient } from '../graph/graph-client.ts';
import { toAccountState } from '../graph/graph-errors.ts';
import type { GraphResponse } from '../graph/graph-request.ts';
import type { Logger } from '../log.ts';
import { InboxDeltaSync } from '../mail/inbox-delta-sync.ts';
import { emptyInboxSyncState, type InboxSyncState } from '../mail/inbox-sync-state.ts';
import { MailActions } from '../mail/mail-actions.ts';
import type { MailChange } from '../mail/mail-change.ts';
import type { MailItem } from '../mail/mail-item.ts';
import { NewMailDetector, emptyNewMailState } from '../mail/new-mail-detector.ts';
import { parseUnreadCount, unreadCountRequest } from '../mail/unread-count.ts';
import { SelfAddressBook } from '../mail/self-address-book.ts';
import { intentIds, reminderIntent, type AccountDisplay } from '../notify/intent-builders.ts';
import { IntentLedger } from '../notify/intent-ledger.ts';
import { freshLedgerState } from '../notify/ledger-state.ts';
import type { MailRemoval, PlanInput } from '../notify/notification-planner.ts';
import type { IntentRetraction, NotificationIntent } from '../notify/notification-intent.ts';
import type { Settings } from '../state/settings-schema.ts';
import type { SyncStateStore } from '../state/sync-state-store.ts';
import {
  ACCOUNT_SYNC_STATE_VERSION,
  INBOX_CACHE_VERSION,
  inboxCacheKey,
  inboxCacheSchema,
  storedAccountSyncStateSchema,
  type AccountSyncState,
  type InboxCache,
  type StoredAccountSyncState,
  upgradeStoredState,
} from './account-sync-state.ts';
import { InboxCacheWriter } from './inbox-cache-writer.ts';
import { GraphServerTime } from './graph-server-time.ts';

const DAY_MS = 86_400_000;

/** Where decided notifications go. Hosts show by intent id, so showing an id twice replaces it. */
export interface NotificationSink {
  show(intent: NotificationIntent): void | Promise<void>;
  retract(retraction: IntentRetraction): void | Promise<void>;
}

export interface AccountSyncListener {
  inboxChanged?(accountId: string, items: readonly MailItem[], unreadCount: number | null): void;
  eventsChanged?(accountId: string, events: readonly CalendarItem[]): void;
  stateChanged?(accountId: string, state: AccountState): void;
  /** After every poll cycle, idle ones included (hosts track "last synced" from it). */
  cycleCompleted?(accountId: string, report: CycleReport): void;
}

export interface AccountIdentity extends AccountDisplay {
  /**
   * Addresses known to be the account itself before /me answers (the sign-in name); the
   * addresses /me gives are added to them (its own mail never notifies).
   */
  selfAddresses: string[];
  readOnly: boolean;
}

export interface AccountSyncOptions {
  identity: AccountIdentity;
  graph: GraphClient;
  store: SyncStateStore;
  settings: () => Settings;
  sink: NotificationSink;
  clock: Clock;
  logger: Logger;
  listener?: AccountSyncListener;
  /** IANA zone for quiet hours and reminder texts; default the system's. */
  timeZone?: string;
  /**
   * Graph's clock as the account's responses state it (its `fetch` must be wrapped by it);
   * without it the new-mail watermark falls back to this machine's clock.
   */
  graphTime?: GraphServerTime;
}

export interface CycleReport {
  /** Pages fetched beyond the $batch (first sync, bursts); 0 on an idle cycle. */
  extraPages: number;
  newMessages: number;
  intents: NotificationIntent[];
  retractions: IntentRetraction[];
  state: AccountState;
}

/** How long a reminder may wait for its check (calendar/reminder-check.ts) before it shows anyway. */
export const REMINDER_CHECK_BUDGET_MS = 5_000;

/** A bound on pages per cycle, so a pathological server cannot keep one cycle running forever. */
const MAX_PAGES_PER_CYCLE = 40;

export class AccountSync {
  readonly accountId: string;
  readonly mail: MailActions;
  private readonly o: AccountSyncOptions;
  private readonly log: Logger;
  private readonly inbox: InboxDeltaSync;
  private calendar: CalendarDeltaSync | null;
  private readonly detector: NewMailDetector;
  private readonly ledger: IntentLedger;
  private readonly reminders: ReminderScheduler;
  private unreadCount: number | null;
  private accountState: AccountState = OK_STATE;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly inboxCache: InboxCacheWriter;
  private readonly graphTime: GraphServerTime;
  private readonly selfAddresses: SelfAddressBook;

  private constructor(options: AccountSyncOptions, saved: AccountSyncState, inbox: InboxSyncState) {
    this.o = options;
    this.accountId = options.identity.accountId;
    this.log = options.logger.child({ accountId: this.accountId });
    this.inbox = new InboxDeltaSync(inbox);
    this.inboxCache = new InboxCacheWriter(this.accountId, this.inbox, options.store, options.clock, this.log);
    this.calendar = saved.calendar ? new CalendarDeltaSync(saved.calendar, options.clock.now(), this.calendarOptions()) : null;
    this.graphTime = options.graphTime ?? new GraphServerTime();
    this.selfAddresses = new SelfAddressBook(options.identity.selfAddresses, saved.selfAddresses);
    this.detector = new NewMailDetector(this.selfAddresses.addresses, saved.newMail);
    this.ledger = new IntentLedger({ clock: options.clock, state: saved.ledger, ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
    this.unreadCount = saved.unreadCount;
    this.mail = new MailActions({ client: options.graph, readOnly: options.identity.readOnly });
    this.reminders = new ReminderScheduler({
      clock: options.clock,
      state: saved.reminders,
      writeBack: this.writeAhead(new CalendarActions(options.graph)),
      onReminder: (event, fireAt) => void this.enqueue(() => this.raiseReminder(event, fireAt)).catch((err) => this.log.error({ err }, 'reminder failed')),
      onRetract: (retraction) => void this.enqueue(() => this.retractReminder(retraction)).catch((err) => this.log.error({ err }, 'reminder retraction failed')),
      onError: (err) => this.log.warn({ err }, 'reminder scheduler error'),
    });
  }

  /**
   * Loads the account's persisted state (or starts fresh; a corrupt file is set aside and the
   * next inbox round is a baseline), re-emits what a crash may have left unshown, and starts
   * the reminder timer.
   */
  static async open(options: AccountSyncOptions): Promise<AccountSync> {
    const accountId = options.identity.accountId;
    const loaded = await options.store.load<StoredAccountSyncState>(accountId, storedAccountSyncStateSchema, freshAccountSyncState);
    const { decisions, inboxInside } = upgradeStoredState(loaded.state);
    let inbox = inboxInside;
    let inboxRecovered: string | undefined;
    if (inbox === null) {
      const cache = await options.store.load<InboxCache>(inboxCacheKey(accountId), inboxCacheSchema, freshInboxCache);
      inbox = cache.state.inbox;
      if (cache.recovered) inboxRecovered = cache.backupPath ?? '';
    }
    const sync = new AccountSync(options, decisions, inbox);
    // A version-1 file's inbox moves to its own file with the next write.
    if (inboxInside !== null) sync.inboxCache.markStale();
    if (loaded.recovered) sync.log.warn({ backupPath: loaded.backupPath }, 'sync state rebuilt: the next sync is a baseline');
    if (inboxRecovered !== undefined) {
      sync.log.warn({ backupPath: inboxRecovered }, 'inbox cache rebuilt: the inbox is listed again (messages already decided, notified or not, do not notify)');
    }
    await sync.enqueue(() => sync.redeliverOutbox());
    if (sync.calendar) sync.reminders.setEvents(sync.calendar.events);
    sync.reminders.start();
    return sync;
  }

  get state(): AccountState {
    return this.accountState;
  }

  get items(): MailItem[] {
    return this.inbox.items;
  }

  get events(): CalendarItem[] {
    return this.calendar ? Object.values(this.calendar.events) : [];
  }

  /** Fires reminders that fell due while timers stood still (sleep), and re-arms the timer. */
  recheckReminders(): void {
    if (!this.closed) this.reminders.recheck();
  }

  /** The event's reminder has gone off and stands (not dismissed or snoozed since; see ReminderScheduler). */
  reminderActive(eventId: string): boolean {
    return this.reminders.isActive(eventId);
  }

  /** When the event's reminder shows next, snoozes and dismissals included (see ReminderScheduler). */
  nextReminderAt(eventId: string): number | null {
    return this.reminders.nextReminderAt(eventId);
  }

  get unread(): number | null {
    return this.unreadCount;
  }

  /** One poll cycle. Concurrent calls queue behind each other. */
  syncOnce(): Promise<CycleReport> {
    return this.enqueue(() => this.cycle());
  }

  snoozeReminder(eventId: string, minutes: number): Promise<ReminderActionResult> {
    return this.enqueue(async () => {
      const result = await this.reminders.snooze(eventId, minutes);
      await this.persist();
      return result;
    });
  }

  dismissReminder(eventId: string): Promise<ReminderActionResult> {
    return this.enqueue(async () => {
      const result = await this.reminders.dismiss(eventId);
      await this.persist();
      return result;
    });
  }

  /** The user clicked or closed a notification: it is no longer live. */
  forgetIntent(intentId: string): Promise<void> {
    return this.enqueue(async () => {
      this.ledger.forget(intentId);
      await this.persist();
    });
  }

  /** Stops timers and waits for queued work and writes. The state stays on disk. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.reminders.stop();
    // Delivery marks are persisted lazily (with the next cycle's save); a clean shutdown saves
    // them so a restart does not re-emit what was already shown, and the inbox cache, so a
    // restart has nothing to replay.
    await this.enqueue(() => this.persist({ inboxNow: true })).catch((err: unknown) => this.log.warn({ err }, 'could not save state at shutdown'));
    await this.o.store.flush();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Snooze/dismiss reach Graph only after the state holding them (applied locally, queued in the
   * outbox) is on disk. Saving after the answer instead let a crash while the POST was in flight,
   * or waiting out a Retry-After, leave Graph (and Outlook on other devices) with a snooze or
   * dismissal this device had forgotten (test/integration/chaos-reminder-write-ahead.test.ts).
   */
  private writeAhead(target: ReminderWriteBackTarget): ReminderWriteBackTarget {
    return {
      snoozeReminder: async (eventId, until) => {
        await this.persist();
        return target.snoozeReminder(eventId, until);
      },
      dismissReminder: async (eventId) => {
        await this.persist();
        return target.dismissReminder(eventId);
      },
    };
  }

  private calendarOptions() {
    return this.o.timeZone ? { fallbackTimeZone: this.o.timeZone } : {};
  }

  private async cycle(): Promise<CycleReport> {
    // Whatever a host failed to show last time (it threw) is still in the outbox: try again.
    await this.redeliverOutbox();
    const now = this.o.clock.now();
    const calendar = (this.calendar ??= new CalendarDeltaSync(null, now, this.calendarOptions()));
    const mailChanges: MailChange[] = [];
    const newMail: MailItem[] = [];
    const removals: MailRemoval[] = [];
    const calendarChanges: CalendarChange[] = [];
    let extraPages = 0;
    let failure: unknown = null;
    let dirty = false;

    try {
      // One $batch: inbox delta, calendar delta, unread count (GRAPH-NOTES: each inner request
      // still counts toward throttling, but the idle cost is one HTTP round trip). Once a day
      // (and until it first answers) /me rides along for the account's own addresses.
      const requests = [this.inbox.nextRequest(now), calendar.nextRequest(now), unreadCountRequest()];
      const askSelf = this.selfAddresses.requestIfDue(now);
      if (askSelf) requests.push(askSelf);
      const attempt = await this.graphTime.during(() => settled(this.o.graph.batch(requests)));
      // Until the first inbox round completes, every attempt is noted, failed ones too (a 503
      // still carries Graph's Date): mail arriving while the first sync fails is still news.
      if (this.detector.noteAttempt({ sentAt: now, graphTime: attempt.graphTime })) dirty = true;
      if (!attempt.value.ok) throw attempt.value.error;
      const answered = { value: attempt.value.value, graphTime: attempt.graphTime };
      const [inboxRes, calendarRes, unreadRes, selfRes] = answered.value as [GraphResponse, GraphResponse, GraphResponse, GraphResponse | undefined];
      if (selfRes && this.applySelfAddresses(selfRes)) dirty = true;

      const settle = async (first: GraphResponse, firstGraphTime: number | null, part: 'inbox' | 'calendar') => {
        try {
          let res = first;
          let graphTime = firstGraphTime;
          for (let page = 0; ; page += 1) {
            const done = part === 'inbox' ? this.applyInbox(res, graphTime, mailChanges, newMail, removals) : this.applyCalendar(res, calendarChanges);
            if (done || page >= MAX_PAGES_PER_CYCLE) break;
            dirty = true;
            extraPages += 1;
            const next = part === 'inbox' ? this.inbox.nextRequest(this.o.clock.now()) : calendar.nextRequest(this.o.clock.now());
            ({ value: res, graphTime } = await this.graphTime.during(() => this.o.graph.send(next)));
          }
        } catch (err) {
          failure ??= err;
        }
      };
      await settle(inboxRes, answered.graphTime, 'inbox');
      await settle(calendarRes, answered.graphTime, 'calendar');
      try {
        const count = parseUnreadCount(unreadRes, this.o.clock.now());
        if (count !== this.unreadCount) dirty = true;
        this.unreadCount = count;
      } catch (err) {
        failure ??= err;
      }
    } catch (err) {
      failure = err;
    }

    const state = failure === null ? OK_STATE : toAccountState(failure, this.o.clock.now());
    if (failure !== null) this.log.warn({ state: state.kind, errorCode: state.code }, 'sync cycle failed');
    const stateChanged = state.kind !== this.accountState.kind;
    this.accountState = state;

    const plan = this.ledger.plan({
      account: this.o.identity,
      newMessages: newMail,
      removals,
      accountState: state,
      settings: this.o.settings(),
    });
    this.ledger.commit(plan);
    // The reminder state is brought up to date with the calendar before both are saved together:
    // saved apart, a crash in between left the new start on disk next to the old snooze, which
    // moved() would have dropped, so after the restart the reminder came back at the old snoozed
    // time and never at the new one (found by the chaos suite). Firing waits until after delivery.
    if (calendarChanges.length > 0) this.reminders.setEvents(calendar.events, { arm: false });
    if (mailChanges.length > 0 || calendarChanges.length > 0 || plan.intents.length > 0 || plan.retractions.length > 0) dirty = true;
    // An idle cycle changes only the delta token; replaying the previous one after a crash
    // yields the same empty answer, so it is not worth a disk write every minute.
    if (dirty || stateChanged) await this.persist();
    else await this.inboxCache.writeIfDue(false);
    await this.deliver(plan.intents, plan.retractions);

    // Snoozes and dismissals that could not reach Graph earlier (offline) are retried here.
    if (failure === null) await this.reminders.flushWriteBacks();
    if (calendarChanges.length > 0) {
      this.reminders.recheck();
      this.o.listener?.eventsChanged?.(this.accountId, this.events);
    }
    if (mailChanges.length > 0 || dirty) this.o.listener?.inboxChanged?.(this.accountId, this.inbox.items, this.unreadCount);
    if (stateChanged) this.o.listener?.stateChanged?.(this.accountId, state);
    const report: CycleReport = { extraPages, newMessages: newMail.length, intents: plan.intents, retractions: plan.retractions, state };
    this.o.listener?.cycleCompleted?.(this.accountId, report);
    return report;
  }

  /** Folds one inbox page in; returns true when the round is complete (nothing more to fetch now). */
  private applyInbox(res: GraphResponse, graphTime: number | null, changes: MailChange[], newMail: MailItem[], removals: MailRemoval[]): boolean {
    const result = this.inbox.applyResponse(res, this.o.clock.now());
    this.inboxCache.noteApplied(result.changes.length, result.resynced || this.inbox.roundKind === 'initial');
    if (result.resynced) this.log.info('inbox delta link expired: resyncing (nothing will be re-notified)');
    if (result.malformed > 0) this.log.warn({ malformed: result.malformed }, 'skipped unreadable messages in inbox delta');
    changes.push(...result.changes);
    const found = this.detector.observe(result.changes, { complete: result.roundComplete, startedAt: result.roundStartedAt, graphTime });
    // Messages older than the synced window cannot be listed as added again, so the detector
    // need not remember them (its maps would otherwise grow with every notification, for good).
    // A day's margin covers any clock difference with Graph.
    if (result.roundComplete) this.detector.forgetBefore(this.o.clock.now() - (this.inbox.windowDays + 1) * DAY_MS);
    newMail.push(...found.newMail);
    for (const retraction of found.retractions) removals.push({ messageId: retraction.messageId, reason: retraction.reason });
    return result.roundComplete;
  }

  /**
   * Folds /me's answer in; returns true when the state changed. A failure never fails the cycle:
   * the addresses known so far (at least the sign-in name) stand, and /me is asked again later.
   */
  private applySelfAddresses(res: GraphResponse): boolean {
    const applied = this.selfAddresses.apply(res, this.o.clock.now());
    if (!applied.ok) {
      this.log.info({ err: applied.error }, "could not read the account's own addresses from /me; trying again later");
      return false;
    }
    this.detector.setSelfAddresses(this.selfAddresses.addresses);
    return true;
  }

  private applyCalendar(res: GraphResponse, changes: CalendarChange[]): boolean {
    const calendar = this.calendar as CalendarDeltaSync;
    const result = calendar.applyResponse(res);
    if (result.resyncStarted) this.log.info('calendar delta link expired: resyncing');
    if (result.skipped.length > 0) this.log.warn({ skipped: result.skipped.length }, 'skipped unreadable events in calendar delta');
    changes.push(...result.changes);
    return result.roundComplete;
  }

  private async raiseReminder(event: CalendarItem, fireAt: number): Promise<void> {
    if (this.closed) return;
    if ((await this.checkReminder(event)) !== 'show') return;
    const settings = this.o.settings();
    const intent = reminderIntent(event, fireAt, settings.notifications.privacyMode, {
      accountId: this.accountId,
      now: this.o.clock.now(),
      snoozeMinutes: settings.notifications.snoozeMinutes,
      locale: settings.locale,
      ...(this.o.timeZone ? { timeZone: this.o.timeZone } : {}),
    });
    await this.decide({ reminders: [intent] });
  }

  /**
   * One GET confirms the event still stands (calendar/reminder-check.ts). Skipped while the
   * account is throttled or offline (the reminder shows as planned). A gone event leaves the
   * calendar at once (delta may never say so); a changed one is left for delta to bring.
   */
  private async checkReminder(event: CalendarItem): Promise<ReminderCheckVerdict> {
    const calendar = this.calendar;
    if (!calendar || this.accountState.kind !== 'ok') return 'show';
    let res: GraphResponse | 'late';
    const budget = new AbortController();
    try {
      // A slow or hanging answer (retries, a 60 s request timeout) must not make the reminder late.
      res = await Promise.race([
        this.o.graph.send(reminderCheckRequest(event.id)),
        // Aborted (in `finally`) only once the race is over: its rejection then means nothing.
        this.o.clock.sleep(REMINDER_CHECK_BUDGET_MS, budget.signal).then(
          () => 'late' as const,
          () => 'late' as const,
        ),
      ]);
    } catch (err) {
      this.log.info({ err }, 'reminder check failed; showing the reminder as planned');
      return 'show';
    } finally {
      budget.abort();
    }
    if (res === 'late') {
      this.log.info('reminder check too slow; showing the reminder as planned');
      return 'show';
    }
    const verdict = judgeReminderCheck(event, res, calendar.timeZoneFallback);
    if (verdict === 'show') return verdict;
    this.log.info({ verdict }, 'reminder withheld: the event no longer stands as it was');
    if (verdict === 'gone' && calendar.forgetEvent(event.id)) {
      await this.persist();
      this.reminders.setEvents(calendar.events);
      this.o.listener?.eventsChanged?.(this.accountId, this.events);
    }
    return verdict;
  }

  private async retractReminder(retraction: ReminderRetraction): Promise<void> {
    if (this.closed) return;
    const intentId = intentIds.reminder(this.accountId, retraction.eventId, retraction.fireAt);
    await this.decide({ reminderRetractions: [{ intentId, reason: retraction.reason }] });
  }

  /** Outside a poll cycle (reminders): plan → commit → persist → emit, the same protocol. */
  private async decide(input: Omit<PlanInput, 'account' | 'settings'>): Promise<void> {
    const plan = this.ledger.plan({ ...input, account: this.o.identity, settings: this.o.settings() });
    this.ledger.commit(plan);
    await this.persist();
    await this.deliver(plan.intents, plan.retractions);
  }

  private async redeliverOutbox(): Promise<void> {
    const { intents, retractions } = this.ledger.outbox();
    if (intents.length === 0 && retractions.length === 0) return;
    this.log.info({ intents: intents.length, retractions: retractions.length }, 're-emitting notifications a previous run may not have shown');
    await this.deliver(intents, retractions);
    await this.persist();
  }

  private async deliver(intents: readonly NotificationIntent[], retractions: readonly IntentRetraction[]): Promise<void> {
    const delivered: string[] = [];
    for (const retraction of retractions) {
      try {
        await this.o.sink.retract(retraction);
        delivered.push(retraction.intentId);
      } catch (err) {
        this.log.warn({ err, intentId: retraction.intentId }, 'host could not retract a notification; retrying next cycle');
      }
    }
    for (const intent of intents) {
      try {
        await this.o.sink.show(intent);
        delivered.push(intent.id);
      } catch (err) {
        this.log.warn({ err, intentId: intent.id }, 'host could not show a notification; retrying next cycle');
      }
    }
    // Persisted with the next save; until then a restart re-emits them, which hosts absorb by id.
    this.ledger.markDelivered(delivered);
  }

  private snapshot(): AccountSyncState {
    return {
      version: ACCOUNT_SYNC_STATE_VERSION,
      calendar: this.calendar ? this.calendar.snapshot() : null,
      newMail: this.detector.state,
      reminders: this.reminders.snapshot(),
      ledger: this.ledger.snapshot(),
      unreadCount: this.unreadCount,
      ...(this.selfAddresses.state ? { selfAddresses: this.selfAddresses.state } : {}),
    };
  }

  /**
   * The decisions first, then (when due) the inbox cache: on disk the inbox delta position may
   * lag behind the decisions, never run ahead of them (account-sync-state.ts says why).
   */
  private async persist(options: { inboxNow?: boolean } = {}): Promise<void> {
    await this.o.store.save(this.accountId, this.snapshot());
    await this.inboxCache.writeIfDue(options.inboxNow ?? false);
  }

  /** Deletes an account's persisted state, both files (sign-out). */
  static async forget(store: SyncStateStore, accountId: string): Promise<void> {
    await store.remove(accountId);
    await store.remove(inboxCacheKey(accountId));
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The call's outcome as a value, so what was learned while it ran (Graph's Date) survives a failure. */
async function settled<T>(call: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    return { ok: false, error };
  }
}

function freshInboxCache(): InboxCache {
  return { version: INBOX_CACHE_VERSION, inbox: emptyInboxSyncState() };
}

export function freshAccountSyncState(): AccountSyncState {
  return {
    version: ACCOUNT_SYNC_STATE_VERSION,
    calendar: null,
    newMail: emptyNewMailState(),
    reminders: emptyReminderState(),
    ledger: freshLedgerState(),
    unreadCount: null,
  };
}
