// One entry of a calendarView delta page → what Herald keeps (CalendarItem), a removal, or a
// rejected entry. calendarView delta does not support $select, so the full event arrives and we
// keep only what we need. Every entry is validated on its own: a malformed one is reported and
// skipped, never thrown, so one bad event cannot stop the sync.
// https://learn.microsoft.com/graph/api/event-delta
// https://learn.microsoft.com/graph/api/resources/event
import { z } from 'zod';
import type { CalendarItem } from './calendar-item.ts';
import { dateMidnightInZone, resolveTimeZone, toInstant } from './time-zones.ts';

const dateTimeTimeZone = z.object({
  dateTime: z.string().min(1),
  timeZone: z.string().nullish(),
});

/** The fields of a Graph event we read. Everything but `id` is optional: updates may be partial. */
const graphEventSchema = z.object({
  id: z.string().min(1),
  subject: z.string().nullish(),
  start: dateTimeTimeZone.nullish(),
  end: dateTimeTimeZone.nullish(),
  isAllDay: z.boolean().nullish(),
  isCancelled: z.boolean().nullish(),
  isOnlineMeeting: z.boolean().nullish(),
  onlineMeeting: z.object({ joinUrl: z.string().nullish() }).nullish(),
  onlineMeetingUrl: z.string().nullish(),
  isReminderOn: z.boolean().nullish(),
  reminderMinutesBeforeStart: z.number().int().min(0).nullish(),
  location: z.object({ displayName: z.string().nullish() }).nullish(),
  webLink: z.string().nullish(),
  organizer: z
    .object({ emailAddress: z.object({ name: z.string().nullish(), address: z.string().nullish() }).nullish() })
    .nullish(),
  showAs: z.string().nullish(),
  originalStartTimeZone: z.string().nullish(),
});

export type GraphEventEntry = z.infer<typeof graphEventSchema>;

const removedEntrySchema = z.object({
  id: z.string().min(1),
  '@removed': z.object({ reason: z.string().nullish() }).loose(),
});

export interface EventMappingOptions {
  /** IANA zone for all-day events whose own zone (originalStartTimeZone) is missing or unknown. */
  fallbackTimeZone: string;
}

export type EntryOutcome =
  | { kind: 'event'; item: CalendarItem; zoneUnknown: boolean }
  | { kind: 'removed'; id: string; reason: 'deleted' | 'cancelled' }
  | { kind: 'invalid'; id: string | null; reason: string };

/**
 * Maps one delta entry. `known` is the version we already hold (if any): delta may send only the
 * properties that changed, so missing fields keep their known values.
 */
export function mapDeltaEntry(raw: unknown, known: CalendarItem | undefined, options: EventMappingOptions): EntryOutcome {
  const removed = removedEntrySchema.safeParse(raw);
  if (removed.success) return { kind: 'removed', id: removed.data.id, reason: 'deleted' };

  const parsed = graphEventSchema.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'invalid', id: idOf(raw), reason: summarize(parsed.error) };
  }
  const entry = parsed.data;
  if (entry.isCancelled === true) return { kind: 'removed', id: entry.id, reason: 'cancelled' };

  const isAllDay = entry.isAllDay ?? known?.isAllDay ?? false;
  const times = resolveTimes(entry, known, isAllDay, options);
  if (!times.ok) return { kind: 'invalid', id: entry.id, reason: times.reason };

  const organizer = entry.organizer?.emailAddress;
  const item: CalendarItem = {
    id: entry.id,
    subject: pick(entry.subject, known?.subject, ''),
    start: new Date(times.start).toISOString(),
    end: new Date(times.end).toISOString(),
    isAllDay,
    isCancelled: false,
    isOnlineMeeting: pick(entry.isOnlineMeeting, known?.isOnlineMeeting, false),
    joinUrl: joinUrlOf(entry, known),
    isReminderOn: pick(entry.isReminderOn, known?.isReminderOn, true),
    reminderMinutesBeforeStart: pick(entry.reminderMinutesBeforeStart, known?.reminderMinutesBeforeStart, 15),
    location: entry.location === undefined ? (known?.location ?? '') : (entry.location?.displayName ?? ''),
    webLink: pick(entry.webLink, known?.webLink, ''),
    organizer:
      organizer === undefined ? (known?.organizer ?? '') : (organizer?.name ?? organizer?.address ?? ''),
    showAs: pick(entry.showAs, known?.showAs, 'unknown'),
  };
  return { kind: 'event', item, zoneUnknown: times.zoneUnknown };
}

type Times = { ok: true; start: number; end: number; zoneUnknown: boolean } | { ok: false; reason: string };

function resolveTimes(
  entry: GraphEventEntry,
  known: CalendarItem | undefined,
  isAllDay: boolean,
  options: EventMappingOptions,
): Times {
  if (!entry.start || !entry.end) {
    if (known && !entry.start && !entry.end) {
      return { ok: true, start: Date.parse(known.start), end: Date.parse(known.end), zoneUnknown: false };
    }
    return { ok: false, reason: 'missing start or end' };
  }
  let start: number | null;
  let end: number | null;
  let zoneUnknown = false;
  if (isAllDay) {
    // All-day events are midnight-to-midnight dates in the event's own zone, whatever the Prefer
    // header says; the CalendarItem contract stores that midnight as a UTC instant.
    const ownZone = resolveTimeZone(entry.originalStartTimeZone);
    zoneUnknown = ownZone === null;
    const zone = ownZone ?? options.fallbackTimeZone;
    start = dateMidnightInZone(entry.start.dateTime, zone);
    end = dateMidnightInZone(entry.end.dateTime, zone);
    if (start === null || end === null) return { ok: false, reason: 'unparseable all-day date' };
  } else {
    const s = toInstant(entry.start.dateTime, entry.start.timeZone);
    const e = toInstant(entry.end.dateTime, entry.end.timeZone);
    if (!s.ok) return { ok: false, reason: `start: ${s.reason}` };
    if (!e.ok) return { ok: false, reason: `end: ${e.reason}` };
    start = s.epochMs;
    end = e.epochMs;
    zoneUnknown = !s.zoneKnown || !e.zoneKnown;
  }
  if (end < start) return { ok: false, reason: 'end before start' };
  return { ok: true, start, end, zoneUnknown };
}

function joinUrlOf(entry: GraphEventEntry, known: CalendarItem | undefined): string | null {
  // onlineMeeting.joinUrl is the current field; onlineMeetingUrl is older and often null for Teams.
  // https://learn.microsoft.com/graph/api/resources/onlinemeetinginfo
  if (entry.onlineMeeting === undefined && entry.onlineMeetingUrl === undefined) return known?.joinUrl ?? null;
  const url = entry.onlineMeeting?.joinUrl ?? entry.onlineMeetingUrl ?? null;
  return url && /^https:\/\//i.test(url) ? url : null;
}

/** A present value wins (null counts as "cleared" only where a default exists), then known, then default. */
function pick<T>(value: T | null | undefined, known: T | undefined, fallback: T): T {
  if (value !== undefined && value !== null) return value;
  if (value === null) return fallback;
  return known ?? fallback;
}

function idOf(raw: unknown): string | null {
  if (typeof raw === 'object' && raw !== null && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'string' && id.length > 0) return id;
  }
  return null;
}

function summarize(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid event';
  const path = first.path.map(String).join('.') || '(entry)';
  return `${path}: ${first.message}`;
}
