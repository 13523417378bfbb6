// A SimEvent as Graph's JSON (https://learn.microsoft.com/graph/api/resources/event), typed with
// @microsoft/microsoft-graph-types. start/end are in UTC unless Prefer: outlook.timezone asks for
// another zone (https://learn.microsoft.com/graph/api/user-list-calendarview, "Prefer" header).
import type { Event } from '@microsoft/microsoft-graph-types';
import type { SimEvent } from './calendar.ts';
import { toGraphRecurrence } from './recurrence.ts';
import { bodyPreview, changeKey, graphTimestamp } from './message-shape.ts';
import { OUTLOOK_ON_THE_WEB } from './message-shape.ts';

export const EVENT_PROPERTIES: ReadonlySet<string> = new Set([
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'originalStartTimeZone', 'originalEndTimeZone',
  'iCalUId', 'reminderMinutesBeforeStart', 'isReminderOn', 'hasAttachments', 'subject', 'bodyPreview', 'importance',
  'sensitivity', 'isAllDay', 'isCancelled', 'isOrganizer', 'responseRequested', 'seriesMasterId', 'showAs', 'type',
  'webLink', 'onlineMeetingUrl', 'isOnlineMeeting', 'onlineMeetingProvider', 'onlineMeeting', 'responseStatus', 'body',
  'start', 'end', 'location', 'locations', 'attendees', 'organizer', 'recurrence', 'originalStart',
]);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Wall-clock time of `ms` in `timeZone`, formatted like Graph: 2026-11-28T09:30:00.0000000. */
export function zonedDateTime(ms: number, timeZone: string): string {
  if (timeZone.toUpperCase() === 'UTC') return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000');
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(ms));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
    return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}.${pad(ms % 1000, 3)}0000`;
  } catch {
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000');
  }
}

export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.toUpperCase() === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function dateTimeTimeZone(event: SimEvent, ms: number, timeZone: string): { dateTime: string; timeZone: string } {
  // All-day events are floating dates: midnight in whatever zone the caller asked for.
  if (event.isAllDay) return { dateTime: `${new Date(ms).toISOString().slice(0, 10)}T00:00:00.0000000`, timeZone };
  return { dateTime: zonedDateTime(ms, timeZone), timeZone };
}

export function toGraphEvent(event: SimEvent, timeZone = 'UTC'): Event & Record<string, unknown> {
  const key = changeKey(event.id, event.version);
  const organizer = { emailAddress: { name: event.organizer.name, address: event.organizer.address } };
  const location = { displayName: event.location, locationType: 'default' as const, uniqueIdType: 'unknown' as const };
  return {
    '@odata.etag': `W/"${key}"`,
    id: event.id,
    createdDateTime: new Date(event.createdMs).toISOString(),
    lastModifiedDateTime: new Date(event.modifiedMs).toISOString(),
    changeKey: key,
    categories: [],
    transactionId: null,
    originalStartTimeZone: event.timeZone,
    originalEndTimeZone: event.timeZone,
    // Occurrences share their series' iCalUId (https://learn.microsoft.com/graph/api/resources/event).
    iCalUId: `040000008200E00074C5B7101A82E008${Buffer.from((event.seriesMasterId ?? event.id).slice(-16)).toString('hex').toUpperCase()}`,
    reminderMinutesBeforeStart: event.reminderMinutesBeforeStart,
    isReminderOn: event.isReminderOn,
    hasAttachments: false,
    subject: event.subject,
    bodyPreview: bodyPreview(event.bodyHtml),
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: event.isAllDay,
    isCancelled: event.isCancelled,
    isOrganizer: false,
    responseRequested: true,
    seriesMasterId: event.seriesMasterId,
    showAs: event.showAs,
    type: event.type,
    webLink: `${OUTLOOK_ON_THE_WEB}/owa/?itemid=${encodeURIComponent(event.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: event.isOnlineMeeting,
    onlineMeetingProvider: event.isOnlineMeeting ? 'teamsForBusiness' : 'unknown',
    onlineMeeting: event.joinUrl ? { joinUrl: event.joinUrl } : null,
    allowNewTimeProposals: true,
    responseStatus: { response: 'accepted', time: graphTimestamp(event.createdMs) },
    body: { contentType: 'html', content: event.bodyHtml },
    start: dateTimeTimeZone(event, event.startMs, timeZone),
    end: dateTimeTimeZone(event, event.endMs, timeZone),
    location,
    locations: event.location ? [location] : [],
    // Only the series master carries the rule; occurrences and exceptions answer null.
    recurrence: event.recurrence ? toGraphRecurrence(event.recurrence, event.startMs, event.isAllDay) : null,
    ...(event.originalStartMs !== null ? { originalStart: graphOffsetTimestamp(event.originalStartMs) } : {}),
    attendees: [],
    organizer,
  };
}

/** Edm.DateTimeOffset as Graph writes originalStart: 2026-11-30T09:00:00Z. */
function graphOffsetTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A Teams-like join URL (the real ones are https://teams.microsoft.com/l/meetup-join/…). */
export function teamsJoinUrl(seed: string): string {
  return `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${Buffer.from(seed).toString('base64url').slice(0, 40)}%40thread.v2/0`;
}
