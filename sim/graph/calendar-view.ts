// Calendar routes other than delta: GET calendarView, GET events/{id}, and the reminder actions
// snoozeReminder / dismissReminder (https://learn.microsoft.com/graph/api/event-snoozereminder,
// https://learn.microsoft.com/graph/api/event-dismissreminder).
import { z } from 'zod';
import { GraphError, noContent, ok, type GraphCall, type GraphResult } from './graph-call.ts';
import { overlaps, type Calendar, type SimEvent } from './calendar.ts';
import { EVENT_PROPERTIES, isKnownTimeZone, toGraphEvent } from './event-shape.ts';
import { applySelect, parseIsoDate, parseNonNegativeInt, parsePrefer, parseSelect, type PreferHeader } from './odata.ts';
import { preferenceApplied } from './mail-delta.ts';
import { requireScope } from './scopes.ts';

export function eventTimeZone(prefer: PreferHeader): string {
  return prefer.timeZone && isKnownTimeZone(prefer.timeZone) ? prefer.timeZone : 'UTC';
}

export function findEvent(calendar: Calendar, id: string): SimEvent {
  const event = calendar.events.get(id);
  if (!event) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  return event;
}

export function listCalendarView(call: GraphCall, calendar: Calendar, baseUrl: string): GraphResult {
  const prefer = parsePrefer(call.headers['prefer']);
  const timeZone = eventTimeZone(prefer);
  const startMs = parseIsoDate(call.query.get('startDateTime'), 'startDateTime');
  const endMs = parseIsoDate(call.query.get('endDateTime'), 'endDateTime');
  const select = parseSelect(call.query.get('$select'), EVENT_PROPERTIES, 'microsoft.graph.event');
  const top = parseNonNegativeInt(call.query.get('$top'), '$top', prefer.maxPageSize ?? 10);
  const skip = parseNonNegativeInt(call.query.get('$skip'), '$skip', 0);
  const all = [...calendar.events.values()]
    // calendarView expands series: occurrences and exceptions are listed, never the master
    // (https://learn.microsoft.com/graph/api/user-list-calendarview).
    .filter((e) => e.type !== 'seriesMaster' && overlaps(e, startMs, endMs))
    .sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : 1));
  const page = all.slice(skip, skip + top);
  const body: Record<string, unknown> = {
    '@odata.context': `${baseUrl}/${call.version}/$metadata#users('${call.caller?.id ?? ''}')/calendarView`,
    value: page.map((e) => applySelect(toGraphEvent(e, timeZone), select)),
  };
  if (skip + top < all.length) {
    const next = new URLSearchParams(call.query);
    next.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${baseUrl}${call.rawPath}?${next.toString()}`;
  }
  return ok(body, 200, preferenceApplied(prefer.immutableId, undefined, prefer.timeZone ? timeZone : undefined));
}

export function getEvent(call: GraphCall, calendar: Calendar, id: string): GraphResult {
  const prefer = parsePrefer(call.headers['prefer']);
  const timeZone = eventTimeZone(prefer);
  const select = parseSelect(call.query.get('$select'), EVENT_PROPERTIES, 'microsoft.graph.event');
  const event = findEvent(calendar, id);
  return ok(applySelect(toGraphEvent(event, timeZone), select), 200, preferenceApplied(prefer.immutableId, undefined, prefer.timeZone ? timeZone : undefined));
}

const snoozeBodySchema = z.object({
  newReminderTime: z.object({ dateTime: z.string().min(1), timeZone: z.string().min(1) }),
});

/** A {dateTime, timeZone} pair to epoch ms; UTC and IANA zones (Graph also accepts Windows names). */
export function parseDateTimeTimeZone(value: { dateTime: string; timeZone: string }): number {
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(value.dateTime);
  const asUtc = Date.parse(hasOffset ? value.dateTime : `${value.dateTime}Z`);
  if (Number.isNaN(asUtc)) throw new GraphError(400, 'ErrorInvalidParameter', `'${value.dateTime}' is not a valid dateTime.`);
  if (hasOffset || value.timeZone.toUpperCase() === 'UTC' || !isKnownTimeZone(value.timeZone)) return asUtc;
  // Wall clock in a zone: find the offset of that zone at about that instant.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: value.timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(asUtc));
  const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(parts.find((p) => p.type === 'timeZoneName')?.value ?? '');
  if (!offset) return asUtc;
  const minutes = (Number(offset[2]) * 60 + Number(offset[3])) * (offset[1] === '-' ? -1 : 1);
  return asUtc - minutes * 60_000;
}

export function snoozeReminder(call: GraphCall, calendar: Calendar, id: string): GraphResult {
  requireScope(call, 'calendarWrite');
  const parsed = snoozeBodySchema.safeParse(call.body);
  if (!parsed.success) throw new GraphError(400, 'ErrorInvalidRequest', 'newReminderTime {dateTime, timeZone} is required.');
  const event = findEvent(calendar, id);
  event.reminder.snoozedUntilMs = parseDateTimeTimeZone(parsed.data.newReminderTime);
  event.reminder.snoozeCount += 1;
  event.reminder.dismissed = false;
  calendar.touch(event);
  return noContent(200);
}

export function dismissReminder(call: GraphCall, calendar: Calendar, id: string): GraphResult {
  requireScope(call, 'calendarWrite');
  const event = findEvent(calendar, id);
  event.reminder.dismissed = true;
  event.reminder.dismissCount += 1;
  event.reminder.snoozedUntilMs = null;
  calendar.touch(event);
  return noContent(200);
}
