// Snooze and dismiss, written back to Graph so Outlook on the user's other devices agrees.
// https://learn.microsoft.com/graph/api/event-snoozereminder
// https://learn.microsoft.com/graph/api/event-dismissreminder
import type { GraphRequest, GraphResponse } from '../graph/graph-request.ts';

/** What the calendar needs from the Graph client (GraphClient.send satisfies it: no throw on non-2xx). */
export interface GraphSender {
  send(req: GraphRequest): Promise<GraphResponse>;
}

/**
 * 'ok': Graph has it. 'gone': the event no longer exists (nothing left to write).
 * 'forbidden': the account lacks Calendars.ReadWrite (read-only mode) — the snooze/dismiss stays
 * local to this device, and the UI says so. 'rejected': another 4xx that retrying cannot fix.
 */
export type WriteBackOutcome = 'ok' | 'gone' | 'forbidden' | 'rejected';

/** Where the reminder scheduler writes snooze/dismiss. Throws CalendarActionError when worth retrying. */
export interface ReminderWriteBackTarget {
  snoozeReminder(eventId: string, until: number): Promise<WriteBackOutcome>;
  dismissReminder(eventId: string): Promise<WriteBackOutcome>;
}

/** A write-back that failed for a reason that may pass (offline, throttled, Graph down). */
export class CalendarActionError extends Error {
  override readonly name = 'CalendarActionError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function snoozeReminderRequest(eventId: string, until: number): GraphRequest {
  // dateTime without an offset, plus timeZone: the dateTimeTimeZone shape Graph documents.
  const dateTime = new Date(until).toISOString().replace(/Z$/, '');
  return {
    method: 'POST',
    url: `/me/events/${encodeURIComponent(eventId)}/snoozeReminder`,
    body: { newReminderTime: { dateTime, timeZone: 'UTC' } },
  };
}

export function dismissReminderRequest(eventId: string): GraphRequest {
  return { method: 'POST', url: `/me/events/${encodeURIComponent(eventId)}/dismissReminder` };
}

export class CalendarActions implements ReminderWriteBackTarget {
  constructor(private readonly graph: GraphSender) {}

  async snoozeReminder(eventId: string, until: number): Promise<WriteBackOutcome> {
    return outcomeOf(await this.graph.send(snoozeReminderRequest(eventId, until)), 'snoozeReminder');
  }

  async dismissReminder(eventId: string): Promise<WriteBackOutcome> {
    return outcomeOf(await this.graph.send(dismissReminderRequest(eventId)), 'dismissReminder');
  }
}

function outcomeOf(res: GraphResponse, action: string): WriteBackOutcome {
  if (res.status >= 200 && res.status <= 299) return 'ok';
  if (res.status === 404) return 'gone';
  if (res.status === 403) return 'forbidden';
  // 401 (sign-in needed), 408 and 429 pass with time; other 4xx would fail the same way forever.
  if (res.status >= 400 && res.status <= 499 && ![401, 408, 429].includes(res.status)) return 'rejected';
  throw new CalendarActionError(res.status, `${action} answered ${res.status}`);
}
