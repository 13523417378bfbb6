// Just before a reminder shows, one GET of the event confirms it still stands. Delta is not
// always told: Graph has been seen to send no @removed for a deleted occurrence
// (microsoftgraph/microsoft-graph-docs#4501), and a meeting cancelled or moved seconds before its
// reminder may not have been polled yet (15 minutes apart while push is live, if a notification
// is dropped). A reminder for a meeting that no longer exists is worse than a late one, but a
// lost one is worse still: anything but a clear answer (offline, throttled, 5xx, an odd body)
// shows the reminder as planned, and so does an answer slower than 5 s (AccountSync's
// REMINDER_CHECK_BUDGET_MS). Cost: one small request per reminder.
// https://learn.microsoft.com/graph/api/event-get
import type { GraphRequest, GraphResponse } from '../graph/graph-request.ts';
import type { CalendarItem } from './calendar-item.ts';
import { mapDeltaEntry } from './graph-event.ts';
import { regularFireAt } from './reminder-state.ts';

/** show: as planned; gone: deleted or cancelled; changed: moved or its reminder changed (delta will bring it). */
export type ReminderCheckVerdict = 'show' | 'gone' | 'changed';

const CHECK_SELECT = ['id', 'start', 'end', 'isAllDay', 'isCancelled', 'isReminderOn', 'reminderMinutesBeforeStart', 'originalStartTimeZone'];

export function reminderCheckRequest(eventId: string): GraphRequest {
  return {
    method: 'GET',
    url: `/me/events/${encodeURIComponent(eventId)}?$select=${CHECK_SELECT.join(',')}`,
    headers: { Prefer: 'outlook.timezone="UTC"' },
  };
}

function errorCode(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const error = (body as { error?: { code?: unknown } }).error;
  return typeof error?.code === 'string' ? error.code : '';
}

export function judgeReminderCheck(event: CalendarItem, res: GraphResponse, fallbackTimeZone: string): ReminderCheckVerdict {
  // A 404 about the mailbox (MailboxNotEnabledForRESTAPI) says nothing about the event.
  if (res.status === 404 && !errorCode(res.body).startsWith('Mailbox')) return 'gone';
  if (res.status < 200 || res.status > 299) return 'show';
  const outcome = mapDeltaEntry(res.body, event, { fallbackTimeZone });
  if (outcome.kind === 'removed') return 'gone';
  if (outcome.kind !== 'event' || outcome.item.id !== event.id) return 'show';
  const now = outcome.item;
  if (!now.isReminderOn) return 'changed';
  return now.start !== event.start || regularFireAt(now) !== regularFireAt(event) ? 'changed' : 'show';
}
