// The organizer changes events the user already snoozed or dismissed: about a third of the events
// acted on (on screen or from the agenda) are moved a few minutes after the user's last planned
// action on them, and about one in seven is cancelled or deleted. The engine must then drop the
// old snooze and a dismissal keyed to the old start (`ReminderScheduler.moved()`): the reminder
// fires once for the new time, nothing at the old snoozed time, and never for a cancelled event.
// The new start keeps the usual lead (its reminder ≥ 2 h away), so polling lag never decides the
// new reminder. Drawn from a stream of its own, after every other one.
import type { PlannedEvent } from './plan.ts';
import type { Prng } from './prng.ts';

const MINUTE = 60_000;

export type ActedEventChange =
  | { at: number; kind: 'eventMove'; event: number; start: number; durationMinutes: number; afterUserAction: true }
  | { at: number; kind: 'eventCancel'; event: number; how: 'cancel' | 'delete'; afterUserAction: true };

/**
 * `lastActionAt`: event index → when the user's last planned snooze/dismiss of it happens.
 * Applies the changes to `events` (their final state) and returns the actions.
 */
export function planActedChanges(prng: Prng, lastActionAt: ReadonlyMap<number, number>, events: PlannedEvent[]): ActedEventChange[] {
  const out: ActedEventChange[] = [];
  for (const [index, last] of [...lastActionAt].sort((a, b) => a[0] - b[0])) {
    const event = events[index];
    const roll = prng.next();
    if (!event || event.cancelled || roll >= 0.5) continue;
    // A minute or two after the action: usually before a snooze of 5 minutes or more comes back.
    const at = last + prng.int(1, 2) * MINUTE + prng.int(0, 30) * 1_000;
    if (roll < 0.35) {
      event.start = Math.ceil((at + prng.int(150, 300) * MINUTE) / MINUTE) * MINUTE;
      event.durationMinutes = prng.pick([15, 30, 60]);
      out.push({ at, kind: 'eventMove', event: index, start: event.start, durationMinutes: event.durationMinutes, afterUserAction: true });
    } else {
      event.cancelled = true;
      out.push({ at, kind: 'eventCancel', event: index, how: prng.chance(0.5) ? 'cancel' : 'delete', afterUserAction: true });
    }
  }
  return out;
}
