// judgeReminderCheck: what one GET of the event says about a reminder about to show.
import { describe, expect, it } from 'vitest';
import type { CalendarItem } from '../../main/core/calendar/calendar-item.ts';
import { judgeReminderCheck, reminderCheckRequest } from '../../main/core/calendar/reminder-check.ts';

const event: CalendarItem = {
  id: 'ev1',
  subject: 'Standup',
  start: '2026-11-02T09:00:00.000Z',
  end: '2026-11-02T09:15:00.000Z',
  isAllDay: false,
  isCancelled: false,
  isOnlineMeeting: true,
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
  isReminderOn: true,
  reminderMinutesBeforeStart: 10,
  location: '',
  webLink: '',
  organizer: '',
  showAs: 'busy',
};

const graphEvent = (overrides: Record<string, unknown> = {}) => ({
  id: 'ev1',
  start: { dateTime: '2026-11-02T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-11-02T09:15:00.0000000', timeZone: 'UTC' },
  isAllDay: false,
  isCancelled: false,
  isReminderOn: true,
  reminderMinutesBeforeStart: 10,
  ...overrides,
});

const judge = (status: number, body: unknown) => judgeReminderCheck(event, { status, headers: {}, body }, 'UTC');

describe('judgeReminderCheck', () => {
  it('asks for just the fields that decide, in UTC', () => {
    const req = reminderCheckRequest('AAMk/+=');
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/me/events/AAMk%2F%2B%3D?$select=id,start,end,isAllDay,isCancelled,isReminderOn,reminderMinutesBeforeStart,originalStartTimeZone');
    expect(req.headers).toEqual({ Prefer: 'outlook.timezone="UTC"' });
  });

  it('shows a reminder whose event is unchanged', () => {
    expect(judge(200, graphEvent())).toBe('show');
  });

  it('withholds it when the event is gone or cancelled', () => {
    expect(judge(404, { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } })).toBe('gone');
    expect(judge(200, graphEvent({ isCancelled: true }))).toBe('gone');
  });

  it('withholds it when the meeting moved or its reminder changed or was turned off', () => {
    expect(judge(200, graphEvent({ start: { dateTime: '2026-11-02T10:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-11-02T10:15:00.0000000', timeZone: 'UTC' } }))).toBe('changed');
    expect(judge(200, graphEvent({ reminderMinutesBeforeStart: 30 }))).toBe('changed');
    expect(judge(200, graphEvent({ isReminderOn: false }))).toBe('changed');
  });

  it('shows it when the answer is unclear: throttled, down, a mailbox problem, an odd body', () => {
    expect(judge(429, { error: { code: 'TooManyRequests' } })).toBe('show');
    expect(judge(503, null)).toBe('show');
    expect(judge(404, { error: { code: 'MailboxNotEnabledForRESTAPI' } })).toBe('show');
    expect(judge(200, { id: 'another-event' })).toBe('show');
    expect(judge(200, 'not json')).toBe('show');
    expect(judge(200, graphEvent({ start: { dateTime: 'yesterday-ish' } }))).toBe('show');
  });
});
