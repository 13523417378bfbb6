// The pass criterion for events the organizer moved or cancelled after the user had snoozed or
// dismissed them. The engine learns of a change at a poll, so the judgement starts when its durable
// calendar first reflected the change (`seenAt`; before that the user's actions still hold and the
// usual criteria apply). From then on, as `ReminderScheduler.moved()` intends:
// - a move drops the old snooze and a dismissal keyed to the old start: the reminder shows once
//   for the new time (unless the user acted on the event again), and never at an old time;
// - a cancelled (or deleted) event's reminder never shows again.
import type { DurableReminderAction, EngineLife, PopUp, ReminderActionAssessment } from './coverage-reminder-actions.ts';
import { showDeadline } from './coverage-reminder-actions.ts';

export interface EventChangeAfterAction {
  /** When Graph changed the event. */
  at: number;
  /** When the engine's durable calendar first held the change (the new start, or the event gone); null if never. */
  seenAt: number | null;
  /** The new regular reminder time; null when the event was cancelled or deleted. */
  newFireAt: number | null;
}

type ChangeResult = Pick<ReminderActionAssessment, 'changed' | 'firedAtOldTime' | 'newTimeMissed' | 'changeUnseen'>;

export function judgeEventChange(
  eventId: string,
  change: EventChangeAfterAction,
  actions: readonly DurableReminderAction[],
  pops: readonly PopUp[],
  timing: { end: number; lives: readonly EngineLife[]; lateMs: number },
  result: ChangeResult,
): void {
  if (change.newFireAt === null) result.changed.cancelled += 1;
  else result.changed.moved += 1;
  if (change.seenAt === null) {
    result.changeUnseen.push(eventId);
    return;
  }
  const seenAt = change.seenAt;
  const before = actions.filter((a) => a.durableAt < seenAt);
  const after = actions.filter((a) => a.durableAt >= seenAt);
  // Times a reminder of this event may show at once the change was seen: the new regular time, and
  // snoozes the user made after it.
  const allowed = new Set<number>(after.flatMap((a) => (a.kind === 'snooze' && a.until !== null ? [a.until] : [])));
  if (change.newFireAt !== null) allowed.add(change.newFireAt);
  for (const pop of pops) if (pop.at >= seenAt && (change.newFireAt === null || !allowed.has(pop.fireAt))) result.firedAtOldTime.push(pop.id);
  for (const snooze of before) {
    if (snooze.kind === 'snooze' && snooze.until !== null && snooze.until >= seenAt && !pops.some((p) => p.fireAt === snooze.until)) result.changed.oldSnoozesDropped += 1;
  }
  if (change.newFireAt === null || after.length > 0) return;
  const newFireAt = change.newFireAt;
  const atNewTime = pops.filter((p) => p.fireAt === newFireAt);
  const first = atNewTime[0];
  if (!first) {
    if (showDeadline(newFireAt, timing.end, timing.lives, timing.lateMs) !== null) result.newTimeMissed.push(`${eventId}@${newFireAt}`);
    return;
  }
  if (first.at < newFireAt) {
    result.newTimeMissed.push(`${first.id} early at ${first.at}`);
    return;
  }
  result.changed.newTimeBack += 1;
  if (before[before.length - 1]?.kind === 'dismiss') result.changed.dismissalsOverridden += 1;
}
