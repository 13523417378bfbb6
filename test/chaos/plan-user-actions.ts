// What the user does during a chaos run, decided up front like the rest of the plan: snooze and
// dismiss reminders that are on screen (some right before a kill, some while Graph throttles or
// fails the write-back), mute and unmute senders, and switch quiet hours on for a stretch.
import type { FaultSpec } from '../../sim/faults.ts';
import type { KillPoint } from './incarnation.ts';
import type { AgendaUserAction } from './plan-agenda-actions.ts';
import type { StretchUserAction } from './plan-rule-stretches.ts';
import type { SwitchUserAction } from './plan-switch-stretches.ts';
import type { Prng } from './prng.ts';

const MINUTE = 60_000;

/** What goes wrong around a snooze/dismiss: a kill armed as the user clicks, or a write-back fault. */
export const REMINDER_ACTION_TROUBLE = ['idle', 'afterFetch', 'midWrite', 'afterSave', 'throttled', 'failing', 'reset'] as const;
export type ReminderActionTrouble = (typeof REMINDER_ACTION_TROUBLE)[number];
/** The kill points among the troubles (armed as the user clicks; 'idle' kills right after). */
export type ReminderActionKill = Extract<ReminderActionTrouble, KillPoint>;

/**
 * A snooze or dismiss. `needs`: 'onScreen' acts on a reminder notification that is showing (the
 * runner waits for one, as a user would); 'known' acts from the agenda on an event the app knows
 * (re-snoozing or dismissing before a snoozed reminder comes back).
 */
export interface ReminderUserAction {
  at: number;
  kind: 'reminderAction';
  event: number;
  action: 'snooze' | 'dismiss';
  /** Snooze length (whole minutes, as the API takes it). */
  minutes: number;
  needs: 'onScreen' | 'known';
  trouble: ReminderActionTrouble | null;
  /** The write-back fault added right before the action (troubles 'throttled', 'failing', 'reset'). */
  fault?: FaultSpec;
}

export type RuleUserAction =
  | { at: number; kind: 'mute'; address: string }
  | { at: number; kind: 'unmute'; address: string }
  /** Quiet hours on for a UTC 'HH:MM' range that starts a little later (the run's zone is UTC). */
  | { at: number; kind: 'quietHoursOn'; start: string; end: string }
  | { at: number; kind: 'quietHoursOff' };

/** Muted keywords, Focused Inbox only and pauses: plan-rule-stretches.ts; agenda actions: plan-agenda-actions.ts. */
export type UserAction = ReminderUserAction | AgendaUserAction | RuleUserAction | StretchUserAction | SwitchUserAction;

/** An event as the reminder actions need it: its final regular reminder time and its end. */
export interface ActionableEvent {
  index: number;
  fireAt: number;
  end: number;
}

/** The write-back path the reminder faults hit (Graph's snoozeReminder / dismissReminder). */
export const WRITE_BACK_PATH = '/(snooze|dismiss)Reminder$';

/** The simulator fault for a write-back trouble; null for kills. */
export function writeBackFault(trouble: ReminderActionTrouble, prng: Prng): FaultSpec | null {
  switch (trouble) {
    case 'throttled':
      // Longer than the engine waits inline (30 s): the snooze is queued and retried by later polls.
      return { kind: '429', pathRegex: WRITE_BACK_PATH, retryAfterSeconds: prng.int(31, 90), times: prng.int(1, 3) };
    case 'failing':
      // More 503s than the client retries inline: queued, then written a poll or two later.
      return { kind: '503', pathRegex: WRITE_BACK_PATH, retryAfterSeconds: prng.int(1, 3), times: prng.int(7, 9) };
    case 'reset':
      // A POST whose connection broke is not repeated blindly: queued for the next poll.
      return { kind: 'reset', pathRegex: WRITE_BACK_PATH, times: 1 };
    default:
      return null;
  }
}

export function planReminderActions(prng: Prng, events: readonly ActionableEvent[]): ReminderUserAction[] {
  const actions: ReminderUserAction[] = [];
  // About a third of the actions run into trouble, each kind in turn (so every kind appears).
  let troubled = 0;
  const trouble = (): Pick<ReminderUserAction, 'trouble' | 'fault'> => {
    if (!prng.chance(0.35)) return { trouble: null };
    const kind = REMINDER_ACTION_TROUBLE[troubled++ % REMINDER_ACTION_TROUBLE.length] as ReminderActionTrouble;
    const fault = writeBackFault(kind, prng);
    return fault ? { trouble: kind, fault } : { trouble: kind };
  };
  // Snoozes that come back well before the event ends (a snooze past the end never fires).
  const snoozeMinutes = (from: number, end: number, choices: readonly number[]) => {
    const fitting = choices.filter((m) => from + m * MINUTE <= end - 5 * MINUTE);
    return fitting.length > 0 ? prng.pick(fitting) : null;
  };
  for (const event of events) {
    if (!prng.chance(0.55)) continue;
    const first = event.fireAt + prng.int(1, 6) * MINUTE;
    const firstMinutes = snoozeMinutes(first, event.end, [5, 10, 15]);
    if (firstMinutes === null || prng.chance(0.3)) {
      actions.push({ at: first, kind: 'reminderAction', event: event.index, action: 'dismiss', minutes: 0, needs: 'onScreen', ...trouble() });
      continue;
    }
    actions.push({ at: first, kind: 'reminderAction', event: event.index, action: 'snooze', minutes: firstMinutes, needs: 'onScreen', ...trouble() });
    const roll = prng.next();
    if (roll < 0.35) {
      // Before the snoozed reminder comes back: from the agenda, snooze again or dismiss.
      const at = first + prng.int(1, firstMinutes - 2) * MINUTE;
      const again = snoozeMinutes(at, event.end, [5, 10]);
      const action = again !== null && prng.chance(0.5) ? 'snooze' : 'dismiss';
      actions.push({ at, kind: 'reminderAction', event: event.index, action, minutes: action === 'snooze' ? (again ?? 0) : 0, needs: 'known', ...trouble() });
    } else if (roll < 0.75) {
      // After it came back: on the notification again.
      const at = first + (firstMinutes + prng.int(1, 3)) * MINUTE;
      const again = snoozeMinutes(at, event.end, [5]);
      const action = again !== null && prng.chance(0.4) ? 'snooze' : 'dismiss';
      actions.push({ at, kind: 'reminderAction', event: event.index, action, minutes: action === 'snooze' ? (again ?? 0) : 0, needs: 'onScreen', ...trouble() });
    }
  }
  return actions;
}

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

/**
 * Muted senders and quiet hours. The newsletter is muted for good, a VIP for a stretch (a mute
 * beats VIP) and another sender for a stretch; quiet hours come on about every six simulated
 * hours (at least twice) for a 30–90 minute range that starts 5–20 minutes after the switch.
 */
export function planRules(prng: Prng, start: number, span: number, senders: { newsletter: string; vips: readonly string[]; others: readonly string[] }): RuleUserAction[] {
  const actions: RuleUserAction[] = [];
  const someTime = (from: number, to: number) => from + Math.floor(prng.next() * Math.max(1, to - from));
  actions.push({ at: someTime(start + 20 * MINUTE, start + span / 3), kind: 'mute', address: senders.newsletter });
  for (const address of [prng.pick(senders.vips), prng.pick(senders.others)]) {
    const at = someTime(start + 10 * MINUTE, start + span - 3 * 60 * MINUTE);
    actions.push({ at, kind: 'mute', address }, { at: at + prng.int(30, 120) * MINUTE, kind: 'unmute', address });
  }
  const stretches = Math.max(2, Math.floor(span / (6 * 60 * MINUTE)));
  for (let i = 0; i < stretches; i += 1) {
    // One stretch per slice of the run, so they never overlap.
    const sliceStart = start + (i * span) / stretches;
    const on = someTime(sliceStart + 10 * MINUTE, sliceStart + span / stretches - 2 * 60 * MINUTE);
    const from = Math.ceil((on + prng.int(5, 20) * MINUTE) / MINUTE) * MINUTE;
    const to = from + prng.int(30, 90) * MINUTE;
    actions.push({ at: on, kind: 'quietHoursOn', start: hhmm(from), end: hhmm(to) }, { at: to + prng.int(0, 15) * MINUTE, kind: 'quietHoursOff' });
  }
  return actions;
}
