// ReminderScheduler: one timer for the next due reminder (not one per event), on the injected
// Clock. It fires onReminder(event, fireAt) once per (event id, fireAt), retracts shown reminders
// of events that were removed, cancelled or moved, and applies snooze/dismiss locally first, then
// writes them back to Graph through an outbox that survives offline spells and restarts.
import type { Clock, TimerHandle } from '../clock.ts';
import type { CalendarItem } from './calendar-item.ts';
import type { ReminderWriteBackTarget, WriteBackOutcome } from './calendar-actions.ts';
import {
  emptyReminderState,
  firedFor,
  pendingFireAt,
  regularFireAt,
  reminderKey,
  type ReminderState,
  type ReminderWriteBack,
} from './reminder-state.ts';

export interface ReminderRetraction {
  eventId: string;
  /** The fireAt of the reminder that was shown (its intent id carries it). */
  fireAt: number;
  reason: 'removed' | 'dismissed' | 'superseded';
}

export interface ReminderSchedulerOptions {
  clock: Clock;
  onReminder: (event: CalendarItem, fireAt: number) => void;
  onRetract?: (retraction: ReminderRetraction) => void;
  /** Persist this (atomically) whenever it changes. */
  onStateChange?: (state: ReminderState) => void;
  /** CalendarActions for the account; without it snooze/dismiss stay local (and queued). */
  writeBack?: ReminderWriteBackTarget;
  /** The state persisted by a previous run. */
  state?: ReminderState | null;
  /**
   * The single timer never waits longer than this, so a laptop that slept past a reminder fires it
   * within this long of waking even if the platform timer did not count the sleep. Default 10 min.
   */
  maxTimerDelayMs?: number;
  /** Called when a listener or write-back throws; the scheduler carries on. */
  onError?: (error: unknown) => void;
}

export type ReminderActionProblem = 'unknownEvent' | 'invalidMinutes';

export class ReminderActionError extends Error {
  override readonly name = 'ReminderActionError';
  constructor(
    readonly problem: ReminderActionProblem,
    message: string,
  ) {
    super(message);
  }
}

/** How a snooze/dismiss went: always applied locally; `remote` says whether Graph has it yet. */
export interface ReminderActionResult {
  remote: 'written' | 'queued' | 'notAllowed' | 'eventGone';
}

const MAX_SNOOZE_MINUTES = 7 * 24 * 60;
const FORGET_UNKNOWN_AFTER_MS = 14 * 24 * 60 * 60_000;

export class ReminderScheduler {
  private readonly clock: Clock;
  private readonly options: ReminderSchedulerOptions;
  private readonly maxTimerDelayMs: number;
  private state: ReminderState;
  private events: Map<string, CalendarItem> | null = null;
  private timer: TimerHandle | null = null;
  private timerAt: number | null = null;
  private running = false;
  private flushing: Promise<void> | null = null;
  /** What Graph last answered per event, so snooze()/dismiss() can tell the caller. */
  private readonly lastOutcome = new Map<string, WriteBackOutcome>();

  constructor(options: ReminderSchedulerOptions) {
    this.options = options;
    this.clock = options.clock;
    this.maxTimerDelayMs = options.maxTimerDelayMs ?? 10 * 60_000;
    this.state = options.state ? structuredClone(options.state) : emptyReminderState();
  }

  /** Starts timing. Overdue reminders of known events (missed while the app was off) fire now. */
  start(): void {
    this.running = true;
    this.tick();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
  }

  /**
   * Re-reads the clock now: after a system sleep the armed timer (a monotonic clock) is late
   * by the time slept. Fires what is due and re-arms for the next one.
   */
  recheck(): void {
    this.tick();
  }

  snapshot(): ReminderState {
    return structuredClone(this.state);
  }

  /**
   * When this event's reminder will show next — the snoozed time, else the regular one — or
   * null when it is off, dismissed, already shown for that time, or not a known event.
   */
  nextReminderAt(eventId: string): number | null {
    const event = this.events?.get(eventId);
    return event ? pendingFireAt(event, this.state, this.clock.now()) : null;
  }

  /**
   * True once the event's current reminder (the snoozed time, else the regular one) has gone off
   * and was neither dismissed nor snoozed since, until the event ends: Snooze and Dismiss apply.
   */
  isActive(eventId: string): boolean {
    const event = this.events?.get(eventId);
    const now = this.clock.now();
    if (!event || !event.isReminderOn || Date.parse(event.end) <= now) return false;
    if (this.state.dismissed[eventId] === event.start) return false;
    const current = this.state.snoozedUntil[eventId] ?? regularFireAt(event);
    return current <= now && this.state.fired[reminderKey(eventId, current)] !== undefined;
  }

  /** When the armed timer fires next (diagnostics and tests), or null. */
  get nextWakeAt(): number | null {
    return this.timerAt;
  }

  /**
   * Replaces the known events (the sync's current window). Compared with the previous set: gone
   * events retract their shown reminder; moved ones (new start or reminder time) retract the old
   * one and are rescheduled. `arm: false` only brings the state up to date (a caller about to save
   * it next to the calendar) and leaves firing to a later `recheck()`.
   */
  setEvents(events: Iterable<CalendarItem> | Readonly<Record<string, CalendarItem>>, options: { arm?: boolean } = {}): void {
    const list: Iterable<CalendarItem> = Symbol.iterator in events ? (events as Iterable<CalendarItem>) : Object.values(events);
    const next = new Map<string, CalendarItem>();
    for (const event of list) if (!event.isCancelled) next.set(event.id, event);
    const previous = this.events;
    this.events = next;
    if (previous) {
      const now = this.clock.now();
      for (const [id, before] of previous) {
        const after = next.get(id);
        // A meeting that is over leaving the window (or the calendar) is not a cancellation: its
        // reminder stays where the user left it, whether or not a tick has pruned it yet.
        if (!after) {
          if (Date.parse(before.end) > now) this.retractShown(id, 'removed');
        }
        else if (after.start !== before.start || regularFireAt(after) !== regularFireAt(before)) this.moved(before);
      }
    }
    this.persist();
    if (options.arm !== false) this.tick();
  }

  /** Snoozes the event's reminder for `minutes` from now, here and in Graph. */
  async snooze(eventId: string, minutes: number): Promise<ReminderActionResult> {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SNOOZE_MINUTES) {
      throw new ReminderActionError('invalidMinutes', `Snooze minutes must be a whole number from 1 to ${MAX_SNOOZE_MINUTES}`);
    }
    this.requireEvent(eventId);
    const until = this.clock.now() + minutes * 60_000;
    this.retractShown(eventId, 'superseded');
    this.state.snoozedUntil[eventId] = until;
    this.enqueue({ kind: 'snooze', eventId, until });
    this.persist();
    this.tick();
    return this.writeOne(eventId);
  }

  /** Dismisses the event's reminder for its current start, here and in Graph. */
  async dismiss(eventId: string): Promise<ReminderActionResult> {
    const event = this.requireEvent(eventId);
    this.retractShown(eventId, 'dismissed');
    this.state.dismissed[eventId] = event.start;
    delete this.state.snoozedUntil[eventId];
    this.enqueue({ kind: 'dismiss', eventId });
    this.persist();
    this.tick();
    return this.writeOne(eventId);
  }

  /** Retries queued write-backs (call each poll cycle). Stops at the first one that still fails. */
  async flushWriteBacks(): Promise<{ pending: number }> {
    if (!this.flushing) {
      this.flushing = this.drainOutbox().finally(() => {
        this.flushing = null;
      });
    }
    await this.flushing;
    return { pending: this.state.outbox.length };
  }

  private async writeOne(eventId: string): Promise<ReminderActionResult> {
    if (!this.options.writeBack) return { remote: 'queued' };
    this.lastOutcome.delete(eventId);
    await this.flushWriteBacks();
    const outcome = this.lastOutcome.get(eventId);
    if (outcome === 'ok') return { remote: 'written' };
    if (outcome === 'gone') return { remote: 'eventGone' };
    if (outcome === 'forbidden' || outcome === 'rejected') return { remote: 'notAllowed' };
    return { remote: 'queued' };
  }

  private async drainOutbox(): Promise<void> {
    const target = this.options.writeBack;
    if (!target) return;
    for (;;) {
      const item = this.state.outbox[0];
      if (!item) return;
      let outcome: WriteBackOutcome;
      try {
        outcome =
          item.kind === 'snooze'
            ? await target.snoozeReminder(item.eventId, item.until)
            : await target.dismissReminder(item.eventId);
      } catch (error) {
        this.options.onError?.(error);
        return; // keep it queued: offline, throttled or Graph down passes; the next flush retries.
      }
      this.lastOutcome.set(item.eventId, outcome);
      // The head may have been replaced meanwhile by a newer action for the same event; drop only this one.
      const index = this.state.outbox.indexOf(item);
      if (index >= 0) this.state.outbox.splice(index, 1);
      this.persist();
    }
  }

  private enqueue(item: ReminderWriteBack): void {
    // The latest action on an event is what Graph should end up with; older ones need not be sent.
    this.state.outbox = this.state.outbox.filter((queued) => queued.eventId !== item.eventId);
    this.state.outbox.push(item);
  }

  private requireEvent(eventId: string): CalendarItem {
    const event = this.events?.get(eventId);
    if (!event) throw new ReminderActionError('unknownEvent', `No event ${eventId} in the calendar window`);
    return event;
  }

  private moved(before: CalendarItem): void {
    // Only the reminder shown for the old time is withdrawn; a dismissal keyed to the old start
    // no longer matches, and an old snooze no longer applies, so the new time fires afresh.
    const oldTimes = new Set([regularFireAt(before), this.state.snoozedUntil[before.id]]);
    for (const { fireAt } of firedFor(this.state, before.id)) {
      if (oldTimes.has(fireAt)) this.safely(() => this.options.onRetract?.({ eventId: before.id, fireAt, reason: 'superseded' }));
    }
    delete this.state.snoozedUntil[before.id];
  }

  private retractShown(eventId: string, reason: ReminderRetraction['reason']): void {
    const event = this.events?.get(eventId);
    // A reminder is on screen only for its latest fired time: the snoozed one, else the regular one.
    const shown = firedFor(this.state, eventId).sort((a, b) => b.fireAt - a.fireAt)[0];
    if (!shown) return;
    if (event && reason !== 'removed' && this.state.dismissed[eventId] === event.start) return;
    this.safely(() => this.options.onRetract?.({ eventId, fireAt: shown.fireAt, reason }));
  }

  /** Fires what is due, prunes what is over, and arms one timer for the next reminder. */
  private tick(): void {
    this.clearTimer();
    if (!this.running || !this.events) return;
    const now = this.clock.now();
    const due: { event: CalendarItem; fireAt: number }[] = [];
    let next: number | null = null;
    for (const event of this.events.values()) {
      const fireAt = pendingFireAt(event, this.state, now);
      if (fireAt === null) continue;
      if (fireAt <= now) due.push({ event, fireAt });
      else if (next === null || fireAt < next) next = fireAt;
    }
    due.sort((a, b) => a.fireAt - b.fireAt || a.event.id.localeCompare(b.event.id));
    for (const { event, fireAt } of due) {
      // Shown first, then recorded: a crash in between re-shows it under the same intent id
      // (hosts replace, not duplicate) rather than losing it.
      this.safely(() => this.options.onReminder(event, fireAt));
      this.state.fired[reminderKey(event.id, fireAt)] = Math.max(Date.parse(event.end), fireAt);
    }
    const pruned = this.prune(now);
    if (due.length > 0 || pruned) this.persist();
    if (next !== null) this.arm(Math.min(next - now, this.maxTimerDelayMs));
  }

  private prune(now: number): boolean {
    let changed = false;
    for (const [key, forgetAfter] of Object.entries(this.state.fired)) {
      if (forgetAfter < now) {
        delete this.state.fired[key];
        changed = true;
      }
    }
    // A known event's entries go when it ends. An unknown one may only be missing for a while (a
    // sync state rebuilt from scratch), so its entries are kept until well past any window.
    const over = (id: string, time: number) => {
      const event = this.events?.get(id);
      return event ? Date.parse(event.end) <= now : time + FORGET_UNKNOWN_AFTER_MS < now;
    };
    for (const [id, until] of Object.entries(this.state.snoozedUntil)) {
      if (over(id, until)) {
        delete this.state.snoozedUntil[id];
        changed = true;
      }
    }
    for (const [id, start] of Object.entries(this.state.dismissed)) {
      if (over(id, Date.parse(start))) {
        delete this.state.dismissed[id];
        changed = true;
      }
    }
    return changed;
  }

  private arm(delayMs: number): void {
    this.timerAt = this.clock.now() + delayMs;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.timerAt = null;
      this.tick();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = null;
  }

  private persist(): void {
    this.safely(() => this.options.onStateChange?.(this.snapshot()));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
