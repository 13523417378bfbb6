// Series operations on a Calendar, as the organizer (the admin API) makes them: create a series,
// change one occurrence (it becomes an `exception`), delete one occurrence, change or delete the
// whole series. Every occurrence is its own SimEvent in the calendar and its own change-log
// entry, so calendarView delta and change notifications report exactly the occurrences touched.
// https://learn.microsoft.com/graph/api/resources/event (type, seriesMasterId, originalStart)
import { HttpError } from '../http.ts';
import type { Calendar, EventPatch, NewEvent, SimEvent } from './calendar.ts';
import { expandOccurrences, type OccurrenceSlot, type SimRecurrence } from './recurrence.ts';

/** An occurrence's id: its series and its original local date, so it is the same every time. */
export function occurrenceId(masterId: string, key: string): string {
  return `${masterId}AAO${Buffer.from(key).toString('base64url')}`;
}

function slotsOrFail(rule: SimRecurrence, startMs: number, endMs: number, isAllDay: boolean): OccurrenceSlot[] {
  const slots = expandOccurrences(rule, startMs, endMs, isAllDay);
  if (slots.length === 0) throw new HttpError(400, 'InvalidRequest', 'recurrence: the pattern and range produce no occurrence.');
  return slots;
}

/** The fields an occurrence takes from its master (everything but its own times and identity). */
function inherited(master: SimEvent): Omit<NewEvent, 'startMs' | 'endMs'> {
  return {
    subject: master.subject,
    bodyHtml: master.bodyHtml,
    isAllDay: master.isAllDay,
    timeZone: master.timeZone,
    isCancelled: master.isCancelled,
    isOnlineMeeting: master.isOnlineMeeting,
    joinUrl: master.joinUrl,
    reminderMinutesBeforeStart: master.reminderMinutesBeforeStart,
    isReminderOn: master.isReminderOn,
    location: master.location,
    organizer: master.organizer,
    showAs: master.showAs,
  };
}

function seriesFields(master: SimEvent): EventPatch {
  const { organizer: _organizer, ...rest } = inherited(master);
  return rest;
}

/** Creates the master (at the first occurrence's time, as Outlook does) and every occurrence. */
export function createSeries(calendar: Calendar, input: NewEvent, rule: SimRecurrence): { master: SimEvent; occurrences: number } {
  const slots = slotsOrFail(rule, input.startMs, input.endMs, input.isAllDay);
  const first = slots[0] as OccurrenceSlot;
  const master = calendar.add({ ...input, startMs: first.startMs, endMs: first.endMs, type: 'seriesMaster', recurrence: rule });
  for (const slot of slots) addOccurrence(calendar, master, slot);
  return { master, occurrences: slots.length };
}

function addOccurrence(calendar: Calendar, master: SimEvent, slot: OccurrenceSlot): void {
  calendar.add(
    {
      ...inherited(master),
      startMs: slot.startMs,
      endMs: slot.endMs,
      type: 'occurrence',
      seriesMasterId: master.id,
      originalStartMs: slot.startMs,
    },
    occurrenceId(master.id, slot.key),
  );
}

/** One occurrence changed on its own: it becomes an exception; nothing else in the series changes. */
export function patchOccurrence(calendar: Calendar, occurrence: SimEvent, patch: EventPatch): SimEvent {
  return calendar.update(occurrence, { ...patch, type: 'exception' });
}

/** One occurrence deleted: gone from views (delta: @removed), and it stays gone if the series is re-timed. */
export function removeOccurrence(calendar: Calendar, occurrence: SimEvent, options: { unreported?: boolean } = {}): void {
  calendar.deletedOccurrences.add(occurrence.id);
  if (options.unreported) calendar.removeUnreported(occurrence);
  else calendar.remove(occurrence);
}

/** The whole series deleted: every occurrence and exception, then the master. */
export function removeSeries(calendar: Calendar, master: SimEvent): void {
  for (const occurrence of calendar.occurrencesOf(master.id)) calendar.remove(occurrence);
  calendar.remove(master);
}

/**
 * The series changed. Without new times or rule, the change is applied to the master and to
 * every occurrence and exception. With a new start, end or rule, the series is re-expanded:
 * occurrences keep their id (named by local date) and move, dates no longer in the series are
 * removed, new dates are added, and exceptions are reset to the series (as Outlook does when a
 * series is re-timed). Validated before anything changes.
 */
export function patchSeries(calendar: Calendar, master: SimEvent, patch: EventPatch): SimEvent {
  const { startMs, endMs, recurrence, isAllDay, ...plain } = patch;
  const retimed = startMs !== undefined || endMs !== undefined || recurrence !== undefined || isAllDay !== undefined;
  if (!retimed) {
    calendar.update(master, plain);
    for (const occurrence of calendar.occurrencesOf(master.id)) calendar.update(occurrence, plain);
    return master;
  }
  const rule = recurrence ?? master.recurrence;
  if (!rule) throw new HttpError(400, 'InvalidRequest', 'recurrence: the event is not a series master.');
  const allDay = isAllDay ?? master.isAllDay;
  const slots = slotsOrFail(rule, startMs ?? master.startMs, endMs ?? master.endMs, allDay);
  const first = slots[0] as OccurrenceSlot;
  calendar.update(master, { ...plain, isAllDay: allDay, recurrence: rule, startMs: first.startMs, endMs: first.endMs });
  const wanted = new Map(slots.map((slot) => [occurrenceId(master.id, slot.key), slot]));
  for (const occurrence of calendar.occurrencesOf(master.id)) {
    const slot = wanted.get(occurrence.id);
    if (!slot) calendar.remove(occurrence);
    else calendar.update(occurrence, { ...seriesFields(master), startMs: slot.startMs, endMs: slot.endMs, originalStartMs: slot.startMs, type: 'occurrence' });
  }
  for (const [id, slot] of wanted) {
    if (!calendar.events.has(id) && !calendar.deletedOccurrences.has(id)) addOccurrence(calendar, master, slot);
  }
  return master;
}
