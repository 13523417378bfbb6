// The agenda helper and the time-zone conversion behind CalendarItem's UTC instants.
import { describe, expect, it } from 'vitest';
import type { CalendarItem } from '../../main/core/calendar/calendar-item.ts';
import { upcoming } from '../../main/core/calendar/agenda.ts';
import { dateMidnightInZone, resolveTimeZone, toInstant } from '../../main/core/calendar/time-zones.ts';
import { windowAt, windowNeedsRoll } from '../../main/core/calendar/calendar-window.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const HOUR = 3_600_000;

function item(id: string, start: number, end: number, overrides: Partial<CalendarItem> = {}): CalendarItem {
  return {
    id,
    subject: id,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    isAllDay: false,
    isCancelled: false,
    isOnlineMeeting: false,
    joinUrl: null,
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    location: '',
    webLink: '',
    organizer: '',
    showAs: 'busy',
    ...overrides,
  };
}

describe('upcoming', () => {
  it('lists what is on now and what starts within the horizon, soonest first, all-day first on a tie', () => {
    const events = {
      over: item('over', T0 - 2 * HOUR, T0 - HOUR),
      ongoing: item('ongoing', T0 - HOUR, T0 + HOUR),
      tomorrow: item('tomorrow', T0 + 24 * HOUR, T0 + 25 * HOUR),
      allday: item('allday', T0 + 24 * HOUR, T0 + 48 * HOUR, { isAllDay: true }),
      soon: item('soon', T0 + HOUR, T0 + 2 * HOUR),
      cancelled: item('cancelled', T0 + HOUR, T0 + 2 * HOUR, { isCancelled: true }),
      beyond: item('beyond', T0 + 49 * HOUR, T0 + 50 * HOUR),
    };
    expect(upcoming(events, T0).map((e) => e.id)).toEqual(['ongoing', 'soon', 'allday', 'tomorrow']);
    expect(upcoming(Object.values(events), T0, 2).map((e) => e.id)).toEqual(['ongoing', 'soon']);
  });
});

describe('time zones', () => {
  it('resolves Windows and IANA names, and says null for an unknown one', () => {
    expect(resolveTimeZone('Russian Standard Time')).toBe('Europe/Moscow');
    expect(resolveTimeZone('Europe/Moscow')).toBe('Europe/Moscow');
    expect(resolveTimeZone('UTC')).toBe('UTC');
    expect(resolveTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(resolveTimeZone(undefined)).toBeNull();
  });

  it('converts Graph dateTimes to instants, with 7 fractional digits, offsets and zones', () => {
    expect(toInstant('2026-11-03T06:00:00.0000000', 'UTC')).toEqual({ ok: true, epochMs: Date.UTC(2026, 10, 3, 6), zoneKnown: true });
    expect(toInstant('2026-11-03T09:00:00.1234567', 'Europe/Moscow')).toMatchObject({ epochMs: Date.UTC(2026, 10, 3, 6, 0, 0, 123) });
    expect(toInstant('2026-11-03T09:00:00-05:00', 'Europe/Moscow')).toMatchObject({ epochMs: Date.UTC(2026, 10, 3, 14) });
    // An unknown zone falls back to UTC (what the Prefer header asked for) and says so.
    expect(toInstant('2026-11-03T09:00:00', 'Nowhere Standard Time')).toEqual({ ok: true, epochMs: Date.UTC(2026, 10, 3, 9), zoneKnown: false });
    expect(toInstant('next tuesday', 'UTC')).toMatchObject({ ok: false });
    expect(toInstant('2026-13-03T09:00:00', 'UTC')).toMatchObject({ ok: false });
  });

  it('finds midnight of a date in a zone, across DST', () => {
    expect(dateMidnightInZone('2026-11-04T00:00:00.0000000', 'Europe/Moscow')).toBe(Date.UTC(2026, 10, 3, 21));
    expect(dateMidnightInZone('2026-07-04T00:00:00.0000000', 'America/New_York')).toBe(Date.UTC(2026, 6, 4, 4));
    expect(dateMidnightInZone('2026-12-04T00:00:00.0000000', 'America/New_York')).toBe(Date.UTC(2026, 11, 4, 5));
  });
});

describe('calendar window', () => {
  it('is now − 1 h … now + 7 days and rolls when under 6 days remain or the clock went back', () => {
    const w = windowAt(T0);
    expect(w).toEqual({ start: '2026-11-02T08:00:00Z', end: '2026-11-09T09:00:00Z' });
    expect(windowNeedsRoll(w, T0 + 24 * HOUR)).toBe(false);
    expect(windowNeedsRoll(w, T0 + 24 * HOUR + 1)).toBe(true);
    expect(windowNeedsRoll(w, T0 - 2 * HOUR)).toBe(true);
    expect(windowNeedsRoll({ start: 'x', end: 'y' }, T0)).toBe(true);
  });
});
