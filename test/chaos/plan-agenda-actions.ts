// Snoozing or dismissing from the agenda before a reminder has shown: on about 80 % of the
// events the user does not otherwise act on, 5–45 minutes before the regular reminder, a snooze
// that brings it back before or after its regular time, or a dismissal (it must then never show).
// Some run into the same troubles as the on-screen actions (a kill as the user clicks or at the
// action's own save / write-back, a write-back fault), and the app is killed a minute before
// some snoozes are due, so the snoozed reminder must come back at the next start (if the restart
// comes after its time) rather than at its regular time. Drawn from a stream of its own.
import { REMINDER_ACTION_TROUBLE, writeBackFault, type ActionableEvent, type ReminderActionTrouble, type ReminderUserAction } from './plan-user-actions.ts';
import type { Prng } from './prng.ts';

const MINUTE = 60_000;

/** A snooze or dismiss from the agenda, planned before the event's reminder is due (carried out as a 'known' ReminderUserAction). */
export interface AgendaUserAction extends Omit<ReminderUserAction, 'kind' | 'needs'> {
  kind: 'agendaAction';
}

/** In turn: a snooze that comes back before the regular time, one after it, a dismissal. */
const VARIANTS = ['snoozeBefore', 'snoozeAfter', 'dismiss'] as const;

export function planAgendaActions(prng: Prng, events: readonly ActionableEvent[], actedOn: ReadonlySet<number>): { actions: AgendaUserAction[]; killsAt: number[] } {
  const actions: AgendaUserAction[] = [];
  const killsAt: number[] = [];
  let troubled = 0;
  let variant = 0;
  for (const event of events) {
    if (actedOn.has(event.index) || !prng.chance(0.8)) continue;
    // Event changes are planned only while the reminder is ≥ 2 h away and a reminder change moves
    // it ≤ 25 min (plan.ts): this is ≥ 55 min after the event's last change, long seen by a poll.
    const ahead = prng.int(5, 45);
    const at = event.fireAt - ahead * MINUTE;
    const kind = VARIANTS[variant++ % VARIANTS.length];
    // Never back at exactly the regular time (that would be the regular reminder's own id), nor
    // after the event ended (Graph never shows that).
    const fitting = [5, 10, 15, 30, 45, 60].filter((m) => (kind === 'snoozeBefore' ? m < ahead : m > ahead) && at + m * MINUTE <= event.end - 5 * MINUTE);
    const dismiss = kind === 'dismiss' || fitting.length === 0;
    const minutes = dismiss ? 0 : prng.pick(fitting);
    let trouble: ReminderActionTrouble | null = null;
    if (prng.chance(0.3)) trouble = REMINDER_ACTION_TROUBLE[troubled++ % REMINDER_ACTION_TROUBLE.length] as ReminderActionTrouble;
    const fault = trouble ? writeBackFault(trouble, prng) : null;
    actions.push({ at, kind: 'agendaAction', event: event.index, action: dismiss ? 'dismiss' : 'snooze', minutes, trouble, ...(fault ? { fault } : {}) });
    // Dead when it is due: restarts come 0–8 minutes after a kill (run-chaos.ts).
    if (kind === 'snoozeAfter' && !dismiss && trouble === null) killsAt.push(at + (minutes - 1) * MINUTE);
  }
  return { actions, killsAt };
}
