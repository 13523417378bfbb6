// Admin calendar routes: create, move, cancel or delete events as the organizer would, and read
// an event back with its reminder state (so tests see snooze/dismiss reached the simulator).
// With `recurrence` the event is a series: the id answered is the series master's; PATCH/DELETE
// of the master act on the whole series, of one occurrence on that occurrence only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SimContext } from '../context.ts';
import { HttpError, sendJson } from '../http.ts';
import type { SimUser } from '../users.ts';
import type { GraphTenant } from '../graph/tenant.ts';
import type { Calendar, EventPatch, SimEvent } from '../graph/calendar.ts';
import { recurrenceInputSchema, toSimRecurrence } from '../graph/recurrence.ts';
import { createSeries, patchOccurrence, patchSeries, removeOccurrence, removeSeries } from '../graph/recurrence-series.ts';
import { isKnownTimeZone, teamsJoinUrl, toGraphEvent } from '../graph/event-shape.ts';
import { parseDateTimeTimeZone } from '../graph/calendar-view.ts';
import { GraphError } from '../graph/graph-call.ts';
import { readValid } from './admin-http.ts';

const when = z.union([z.string().min(1), z.object({ dateTime: z.string().min(1), timeZone: z.string().min(1) })]);
const showAs = z.enum(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown']);

const newEventSchema = z.object({
  subject: z.string(),
  start: when,
  end: when,
  isOnlineMeeting: z.boolean().default(false),
  reminderMinutesBeforeStart: z.number().int().min(0).default(15),
  isReminderOn: z.boolean().default(true),
  location: z.string().default(''),
  isAllDay: z.boolean().default(false),
  timeZone: z.string().default('UTC'),
  organizer: z.object({ name: z.string(), address: z.string() }).optional(),
  showAs: showAs.default('busy'),
  bodyHtml: z.string().optional(),
  recurrence: recurrenceInputSchema.optional(),
});

const patchEventSchema = z.object({
  subject: z.string().optional(),
  start: when.optional(),
  end: when.optional(),
  isOnlineMeeting: z.boolean().optional(),
  reminderMinutesBeforeStart: z.number().int().min(0).optional(),
  isReminderOn: z.boolean().optional(),
  location: z.string().optional(),
  isAllDay: z.boolean().optional(),
  isCancelled: z.boolean().optional(),
  showAs: showAs.optional(),
  recurrence: recurrenceInputSchema.optional(),
});

function toMs(value: z.infer<typeof when>, name: string): number {
  try {
    if (typeof value === 'string') {
      const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(value) || value.length <= 10 ? value : `${value}Z`);
      if (Number.isNaN(ms)) throw new Error('bad');
      return ms;
    }
    return parseDateTimeTimeZone(value);
  } catch (err) {
    if (err instanceof GraphError || err instanceof Error) throw new HttpError(400, 'InvalidRequest', `${name}: not a valid date-time.`);
    throw err;
  }
}

export function adminEventJson(event: SimEvent): Record<string, unknown> {
  return {
    ...toGraphEvent(event),
    reminderState: {
      dismissed: event.reminder.dismissed,
      dismissCount: event.reminder.dismissCount,
      snoozedUntil: event.reminder.snoozedUntilMs === null ? null : new Date(event.reminder.snoozedUntilMs).toISOString(),
      snoozeCount: event.reminder.snoozeCount,
    },
  };
}

function applyPatch(calendar: Calendar, event: SimEvent, patch: EventPatch): void {
  if (event.type === 'seriesMaster') patchSeries(calendar, event, patch);
  else if (event.seriesMasterId !== null) patchOccurrence(calendar, event, patch);
  else calendar.update(event, patch);
}

export async function handleEventAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SimContext,
  tenant: GraphTenant,
  user: SimUser,
  rest: string[],
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const calendar = tenant.calendar(user);
  const [eventId, extra] = rest;
  if (rest.length === 0 && method === 'POST') {
    const body = await readValid(req, newEventSchema);
    if (!isKnownTimeZone(body.timeZone)) throw new HttpError(400, 'InvalidRequest', `timeZone: unknown time zone '${body.timeZone}'.`);
    const startMs = toMs(body.start, 'start');
    const endMs = toMs(body.end, 'end');
    if (endMs < startMs) throw new HttpError(400, 'InvalidRequest', 'end must not be before start.');
    const input = {
      subject: body.subject,
      bodyHtml: body.bodyHtml ?? `<html><body><p>${body.subject}</p></body></html>`,
      startMs,
      endMs,
      isAllDay: body.isAllDay,
      timeZone: body.timeZone,
      isCancelled: false,
      isOnlineMeeting: body.isOnlineMeeting,
      joinUrl: body.isOnlineMeeting ? teamsJoinUrl(`${user.id}:${body.subject}:${startMs}`) : null,
      reminderMinutesBeforeStart: body.reminderMinutesBeforeStart,
      isReminderOn: body.isReminderOn,
      location: body.location || (body.isOnlineMeeting ? 'Microsoft Teams Meeting' : ''),
      organizer: body.organizer ?? { name: user.displayName, address: user.upn },
      showAs: body.showAs,
    };
    if (body.recurrence) {
      const { master, occurrences } = createSeries(calendar, input, toSimRecurrence(body.recurrence, body.timeZone));
      sendJson(res, 201, { id: master.id, occurrences });
      return true;
    }
    sendJson(res, 201, { id: calendar.add(input).id });
    return true;
  }
  if (eventId === undefined || (extra !== undefined && extra !== 'instances') || rest.length > 2) return false;
  const event = calendar.events.get(eventId);
  if (!event) throw new HttpError(404, 'EventNotFound', `No event '${eventId}' for ${user.upn}.`);
  if (extra === 'instances') {
    if (method !== 'GET') return false;
    if (event.type !== 'seriesMaster') throw new HttpError(400, 'InvalidRequest', `Event '${eventId}' is not a series master.`);
    sendJson(res, 200, calendar.occurrencesOf(event.id).map(adminEventJson));
    return true;
  }
  if (method === 'GET') {
    sendJson(res, 200, adminEventJson(event));
    return true;
  }
  if (method === 'PATCH') {
    const body = await readValid(req, patchEventSchema);
    const { start, end, recurrence, ...rest2 } = body;
    const patch: EventPatch = {};
    for (const [k, v] of Object.entries(rest2)) if (v !== undefined) Object.assign(patch, { [k]: v });
    if (start !== undefined) patch.startMs = toMs(start, 'start');
    if (end !== undefined) patch.endMs = toMs(end, 'end');
    if ((patch.endMs ?? event.endMs) < (patch.startMs ?? event.startMs)) throw new HttpError(400, 'InvalidRequest', 'end must not be before start.');
    if (patch.isOnlineMeeting && !event.joinUrl) patch.joinUrl = teamsJoinUrl(`${user.id}:${event.id}`);
    if (recurrence !== undefined) {
      if (event.type !== 'seriesMaster') throw new HttpError(400, 'InvalidRequest', 'recurrence: only a series master has one (create a series instead).');
      patch.recurrence = toSimRecurrence(recurrence, event.timeZone);
    }
    applyPatch(calendar, event, patch);
    sendJson(res, 200, adminEventJson(event));
    return true;
  }
  if (method === 'DELETE') {
    // ?unreported=true: the deletion never shows in delta (see Calendar.removeUnreported).
    const unreported = new URL(req.url ?? '/', 'http://sim').searchParams.get('unreported') === 'true';
    if (event.type === 'seriesMaster') removeSeries(calendar, event);
    else if (event.seriesMasterId !== null) removeOccurrence(calendar, event, { unreported });
    else if (unreported) calendar.removeUnreported(event);
    else calendar.remove(event);
    res.writeHead(204).end();
    return true;
  }
  return false;
}
