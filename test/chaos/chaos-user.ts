// The user of a chaos run: changes the rules in the live settings (muted senders and keywords,
// quiet hours, Focused Inbox only, a pause),
// snoozes and dismisses reminders through the engine's public API (AccountSync, as the app's
// bridge does), and keeps what the pass criteria need: each message's durable decision with the
// rules of that moment, each snooze/dismiss the engine made durable, and Graph's final word.
import type { HeraldEngine } from '../../main/core/engine/herald-engine.ts';
import type { FakeClock } from '../../main/core/fake-clock.ts';
import type { AccountSyncState } from '../../main/core/engine/account-sync-state.ts';
import { defaultAccountSettings, type Settings } from '../../main/core/state/settings-schema.ts';
import { SimAdminError, type SimAdminClient } from '../../sim/admin-client.ts';
import type { CoverageSink, MailDecision } from './coverage.ts';
import type { DurableReminderAction, GraphReminderState } from './coverage-reminder-actions.ts';
import type { KillSwitch } from './incarnation.ts';
import type { ReminderUserAction, UserAction } from './plan-user-actions.ts';
import { chaosVerdict, type ArrivedMessage } from './rule-verdict.ts';

const MINUTE = 60_000;
/** A user waits this long for the app (dead, or the reminder not on screen yet) before giving up. */
const MAX_DEFERRALS = 20;

export interface ChaosUserContext {
  admin: SimAdminClient;
  upn: string;
  accountId: string;
  settings: Settings;
  sink: CoverageSink;
  clock: FakeClock;
  eventId(index: number): string;
  live(): { kill: KillSwitch; engine: HeraldEngine } | null;
  onError(line: string): void;
}

export interface UserCounters {
  mutes: number;
  /** Stretches with a whole domain muted. */
  domainMutes: number;
  unmutes: number;
  quietStretches: number;
  keywordMutes: number;
  focusedOnlyStretches: number;
  /** Pauses begun, those with vipBreaksPause on, and those the user ended before they lapsed. */
  pauses: number;
  /** Snoozes/dismissals planned from the agenda ahead of the reminder (how each went: the assessment). */
  agendaAsked: number;
  pausesVipBreaks: number;
  resumes: number;
  /** Stretches with the global / the account's notification switch off. */
  notificationsOffStretches: number;
  accountOffStretches: number;
  snoozesAsked: number;
  dismissesAsked: number;
  withKill: number;
  withFault: number;
  skipped: number;
  deferrals: number;
}

/** The engine's durable calendar held `eventId` at `start` (null: no longer held) from `durableAt` on. */
export interface CalendarSighting {
  eventId: string;
  start: number | null;
  durableAt: number;
}

export class ChaosUser {
  readonly decisions = new Map<string, MailDecision>();
  readonly durable: DurableReminderAction[] = [];
  /** When the engine's durable calendar first held each event at a start (null: gone), to tell when it had seen a change. */
  readonly calendarSeen: CalendarSighting[] = [];
  private readonly durableStarts = new Map<string, number | null>();
  readonly counters: UserCounters = { mutes: 0, domainMutes: 0, unmutes: 0, quietStretches: 0, keywordMutes: 0, focusedOnlyStretches: 0, pauses: 0, agendaAsked: 0, pausesVipBreaks: 0, resumes: 0, notificationsOffStretches: 0, accountOffStretches: 0, snoozesAsked: 0, dismissesAsked: 0, withKill: 0, withFault: 0, skipped: 0, deferrals: 0 };
  /** Write-back faults the user's actions ran into (their ids, to count hits in the request log). */
  readonly faultIds = new Set<string>();
  /** Events the user acted on (by id). */
  readonly actedOn = new Set<string>();
  private readonly messages = new Map<string, ArrivedMessage>();
  private readonly durableKeys = new Set<string>();
  private deferred: { action: ReminderUserAction; at: number; tries: number }[] = [];

  constructor(private readonly ctx: ChaosUserContext) {
    ctx.settings.notifications.quietHours = { ...ctx.settings.notifications.quietHours, enabled: false, timeZone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6] };
  }

  arrived(messageId: string, message: ArrivedMessage): void {
    this.messages.set(messageId, message);
  }

  /** For KillableStateStore: what this save decides, committed once it is on disk. */
  readonly observeSave = (accountId: string, payload: unknown): (() => void) | undefined => {
    // The same store also keeps push's subscription state under its own key.
    if (accountId !== this.ctx.accountId) return undefined;
    const state = payload as AccountSyncState;
    const now = this.ctx.clock.now();
    const decided: [string, MailDecision][] = [];
    for (const id of Object.keys(state.ledger.seen)) {
      const message = this.messages.get(id);
      if (message && !this.decisions.has(id)) decided.push([id, chaosVerdict(message, this.ctx.settings, this.ctx.accountId, now)]);
    }
    const actions: DurableReminderAction[] = [];
    const { snoozedUntil, dismissed, outbox } = state.reminders;
    for (const [eventId, until] of Object.entries(snoozedUntil)) actions.push({ eventId, kind: 'snooze', until, durableAt: now });
    for (const eventId of Object.keys(dismissed)) actions.push({ eventId, kind: 'dismiss', until: null, durableAt: now });
    for (const item of outbox) actions.push({ eventId: item.eventId, kind: item.kind, until: item.kind === 'snooze' ? item.until : null, durableAt: now });
    const starts = state.calendar ? new Map(Object.values(state.calendar.events).map((event) => [event.id, Date.parse(event.start)])) : null;
    return () => {
      const at = this.ctx.clock.now();
      if (starts) this.noteCalendar(starts, at);
      for (const [id, decision] of decided) if (!this.decisions.has(id)) this.decisions.set(id, decision);
      for (const action of actions) {
        const key = `${action.eventId}|${action.kind}|${action.until ?? ''}`;
        if (this.durableKeys.has(key)) continue;
        this.durableKeys.add(key);
        this.durable.push({ ...action, durableAt: at });
      }
    };
  };

  private noteCalendar(starts: ReadonlyMap<string, number>, durableAt: number): void {
    for (const [eventId, start] of starts) {
      if (this.durableStarts.get(eventId) === start) continue;
      this.durableStarts.set(eventId, start);
      this.calendarSeen.push({ eventId, start, durableAt });
    }
    for (const [eventId, start] of this.durableStarts) {
      if (start === null || starts.has(eventId)) continue;
      this.durableStarts.set(eventId, null);
      this.calendarSeen.push({ eventId, start: null, durableAt });
    }
  }

  async perform(action: UserAction): Promise<void> {
    const rules = this.ctx.settings.notifications;
    switch (action.kind) {
      case 'mute':
        rules.mutedSenders = [...new Set([...rules.mutedSenders, action.address])];
        this.counters.mutes += 1;
        return;
      case 'unmute':
        rules.mutedSenders = rules.mutedSenders.filter((address) => address !== action.address);
        this.counters.unmutes += 1;
        return;
      case 'quietHoursOn':
        rules.quietHours = { ...rules.quietHours, enabled: true, start: action.start, end: action.end };
        this.counters.quietStretches += 1;
        return;
      case 'quietHoursOff':
        rules.quietHours = { ...rules.quietHours, enabled: false };
        return;
      case 'muteKeyword':
        rules.mutedKeywords = [...new Set([...rules.mutedKeywords, action.keyword])];
        this.counters.keywordMutes += 1;
        return;
      case 'muteDomain':
        rules.mutedSenders = [...new Set([...rules.mutedSenders, action.domain])];
        this.counters.domainMutes += 1;
        return;
      case 'unmuteDomain':
        rules.mutedSenders = rules.mutedSenders.filter((entry) => entry !== action.domain);
        return;
      case 'unmuteKeyword':
        rules.mutedKeywords = rules.mutedKeywords.filter((keyword) => keyword !== action.keyword);
        return;
      case 'focusedOnlyOn':
      case 'focusedOnlyOff': {
        const settings = this.ctx.settings;
        const account = settings.accounts[this.ctx.accountId] ?? defaultAccountSettings();
        settings.accounts = { ...settings.accounts, [this.ctx.accountId]: { ...account, focusedOnly: action.kind === 'focusedOnlyOn' } };
        if (action.kind === 'focusedOnlyOn') this.counters.focusedOnlyStretches += 1;
        return;
      }
      case 'pause':
        rules.pausedUntil = action.until;
        rules.vipBreaksPause = action.vipBreaksPause;
        this.counters.pauses += 1;
        if (action.vipBreaksPause) this.counters.pausesVipBreaks += 1;
        return;
      case 'resume':
        // Only a pause still running can be ended early.
        if (rules.pausedUntil !== null && this.ctx.clock.now() < rules.pausedUntil) this.counters.resumes += 1;
        rules.pausedUntil = null;
        return;
      case 'notificationsOff':
      case 'notificationsOn':
        rules.enabled = action.kind === 'notificationsOn';
        if (!rules.enabled) this.counters.notificationsOffStretches += 1;
        return;
      case 'accountNotificationsOff':
      case 'accountNotificationsOn': {
        const settings = this.ctx.settings;
        const account = settings.accounts[this.ctx.accountId] ?? defaultAccountSettings();
        settings.accounts = { ...settings.accounts, [this.ctx.accountId]: { ...account, notificationsEnabled: action.kind === 'accountNotificationsOn' } };
        if (action.kind === 'accountNotificationsOff') this.counters.accountOffStretches += 1;
        return;
      }
      case 'reminderAction':
        await this.attempt(action, 0);
        return;
      case 'agendaAction':
        // From the agenda: the app must know the event; its reminder has not shown yet (planned so).
        this.counters.agendaAsked += 1;
        await this.attempt({ ...action, kind: 'reminderAction', needs: 'known' }, 0);
        return;
    }
  }

  /** When a deferred snooze/dismiss is tried again. */
  nextDeferredAt(): number | null {
    return this.deferred.reduce<number | null>((next, d) => (next === null || d.at < next ? d.at : next), null);
  }

  /** Tries the deferred actions that are due; true when one was carried out or dropped. */
  async runDeferred(now: number): Promise<boolean> {
    const due = this.deferred.filter((d) => d.at <= now);
    if (due.length === 0) return false;
    this.deferred = this.deferred.filter((d) => d.at > now);
    for (const d of due) await this.attempt(d.action, d.tries);
    return true;
  }

  private async attempt(action: ReminderUserAction, tries: number): Promise<void> {
    const live = this.ctx.live();
    const sync = live && !live.kill.killed && !live.kill.armed ? live.engine.account(this.ctx.accountId) : undefined;
    const eventId = this.ctx.eventId(action.event);
    const ready =
      sync !== undefined &&
      (action.needs === 'onScreen'
        ? [...this.ctx.sink.visible.values()].some((intent) => intent.type === 'reminder' && intent.eventId === eventId)
        : sync.events.some((event) => event.id === eventId));
    if (!live || !sync || !ready) {
      if (tries + 1 >= MAX_DEFERRALS) this.counters.skipped += 1;
      else {
        this.counters.deferrals += 1;
        this.deferred.push({ action, at: this.ctx.clock.now() + MINUTE, tries: tries + 1 });
      }
      return;
    }
    if (action.fault) {
      this.faultIds.add((await this.ctx.admin.addFault(action.fault)).id);
      this.counters.withFault += 1;
    } else if (action.trouble === 'afterFetch' || action.trouble === 'midWrite' || action.trouble === 'afterSave') {
      // Dies at the action's own write-ahead save or write-back (or whatever I/O comes first).
      live.kill.armed = action.trouble;
      this.counters.withKill += 1;
    }
    this.actedOn.add(eventId);
    if (action.action === 'snooze') this.counters.snoozesAsked += 1;
    else this.counters.dismissesAsked += 1;
    const call = action.action === 'snooze' ? sync.snoozeReminder(eventId, action.minutes) : sync.dismissReminder(eventId);
    // The answer may come after simulated time moved on (a write-back waiting out a Retry-After).
    call.catch((err: unknown) => {
      if (!live.kill.killed) this.ctx.onError(`reminder ${action.action} ${eventId}: ${String(err)}`);
    });
    if (action.trouble === 'idle') {
      // The click reached the app; the process died before it did anything with it.
      live.kill.kill('idle');
      this.counters.withKill += 1;
    }
  }

  /** Graph's reminder state at the end for every event the user acted on. */
  async graphStates(): Promise<Map<string, GraphReminderState>> {
    const out = new Map<string, GraphReminderState>();
    for (const eventId of this.actedOn) {
      const found = await this.ctx.admin.getEvent(this.ctx.upn, eventId).catch((err: unknown) => {
        // Deleted by the organizer after the user acted on it (plan-acted-changes.ts): nothing to compare.
        if (err instanceof SimAdminError && err.status === 404) return null;
        throw err;
      });
      if (!found) continue;
      const { reminderState } = found;
      out.set(eventId, { dismissed: reminderState.dismissed, snoozedUntil: reminderState.snoozedUntil === null ? null : Date.parse(reminderState.snoozedUntil) });
    }
    return out;
  }
}
