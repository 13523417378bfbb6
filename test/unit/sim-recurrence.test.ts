// The simulator's recurring series: rule validation (clear 400s), expansion (daily, weekly,
// ranges, caps, local time across DST) and the series operations on a Calendar (stable ids,
// exceptions, deleted occurrences staying deleted).
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../sim/http.ts';
import { Calendar, type NewEvent } from '../../sim/graph/calendar.ts';
import {
  MAX_OCCURRENCES,
  MAX_SERIES_DAYS,
  expandOccurrences,
  localToUtc,
  recurrenceInputSchema,
  toSimRecurrence,
  type SimRecurrence,
} from '../../sim/graph/recurrence.ts';
import { createSeries, occurrenceId, patchOccurrence, patchSeries, removeOccurrence, removeSeries } from '../../sim/graph/recurrence-series.ts';
import { toGraphEvent } from '../../sim/graph/event-shape.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

function rule(raw: unknown, zone = 'UTC'): SimRecurrence {
  return toSimRecurrence(recurrenceInputSchema.parse(raw), zone);
}

function rejection(raw: unknown, zone = 'UTC'): HttpError {
  try {
    rule(raw, zone);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('the recurrence was accepted');
}

const daily = (range: Record<string, unknown> = { type: 'noEnd' }) => ({ pattern: { type: 'daily', interval: 1 }, range });

describe('sim recurrence: validation', () => {
  it('rejects unsupported and unknown pattern types with a 400 naming the field', () => {
    const monthly = rejection({ pattern: { type: 'absoluteMonthly', interval: 1 }, range: { type: 'noEnd' } });
    expect(monthly.status).toBe(400);
    expect(monthly.message).toMatch(/recurrence\.pattern\.type: 'absoluteMonthly' is not supported.*daily, weekly/);
    expect(rejection({ pattern: { type: 'hourly' }, range: { type: 'noEnd' } }).message).toMatch(/'hourly' is not a recurrence pattern type/);
  });

  it('rejects a weekly pattern without days, and ranges missing what their type needs', () => {
    expect(rejection({ pattern: { type: 'weekly' }, range: { type: 'noEnd' } }).message).toMatch(/pattern\.daysOfWeek: required/);
    expect(rejection(daily({ type: 'endDate' })).message).toMatch(/range\.endDate: required/);
    expect(rejection(daily({ type: 'numbered' })).message).toMatch(/range\.numberOfOccurrences: required and positive/);
    expect(rejection(daily({ type: 'numbered', numberOfOccurrences: 0 })).status).toBe(400);
    expect(rejection(daily({ type: 'endDate', startDate: '2026-11-10', endDate: '2026-11-09' })).message).toMatch(/endDate: must not be before/);
    expect(rejection(daily({ type: 'noEnd', startDate: '2026-02-30' })).message).toMatch(/startDate: '2026-02-30' is not a date/);
    expect(rejection(daily({ type: 'noEnd', recurrenceTimeZone: 'Mars/Olympus' })).message).toMatch(/unknown time zone/);
  });

  it('leaves malformed shapes to the schema (the admin API answers those 400 with the path)', () => {
    expect(recurrenceInputSchema.safeParse({ pattern: { type: 'daily', interval: 0 }, range: { type: 'noEnd' } }).success).toBe(false);
    expect(recurrenceInputSchema.safeParse({ pattern: { type: 'weekly', daysOfWeek: ['funday'] }, range: { type: 'noEnd' } }).success).toBe(false);
    expect(recurrenceInputSchema.safeParse({ pattern: { type: 'daily' }, range: { type: 'forever' } }).success).toBe(false);
  });
});

describe('sim recurrence: expansion', () => {
  const start = Date.UTC(2026, 10, 2, 9, 0); // Monday 2 Nov 2026, 09:00 UTC
  const end = start + 15 * 60_000;

  it('daily: numbered, endDate (inclusive) and interval', () => {
    const five = expandOccurrences(rule(daily({ type: 'numbered', numberOfOccurrences: 5 })), start, end, false);
    expect(five.map((s) => iso(s.startMs))).toEqual([0, 1, 2, 3, 4].map((d) => iso(start + d * DAY)));
    expect(five.every((s) => s.endMs - s.startMs === 15 * 60_000)).toBe(true);
    expect(five.map((s) => s.key)).toEqual(['20261102', '20261103', '20261104', '20261105', '20261106']);
    expect(expandOccurrences(rule(daily({ type: 'endDate', endDate: '2026-11-04' })), start, end, false)).toHaveLength(3);
    const everyThird = rule({ pattern: { type: 'daily', interval: 3 }, range: { type: 'endDate', endDate: '2026-11-12' } });
    expect(expandOccurrences(everyThird, start, end, false).map((s) => s.key)).toEqual(['20261102', '20261105', '20261108', '20261111']);
  });

  it('weekly: only the listed days, every `interval` weeks counted from the first day of the week', () => {
    const monWed = rule({ pattern: { type: 'weekly', daysOfWeek: ['wednesday', 'monday'] }, range: { type: 'numbered', numberOfOccurrences: 4 } });
    expect(expandOccurrences(monWed, start, end, false).map((s) => s.key)).toEqual(['20261102', '20261104', '20261109', '20261111']);
    const fortnightly = rule({
      pattern: { type: 'weekly', interval: 2, daysOfWeek: ['friday'], firstDayOfWeek: 'monday' },
      range: { type: 'numbered', numberOfOccurrences: 3 },
    });
    expect(expandOccurrences(fortnightly, start, end, false).map((s) => s.key)).toEqual(['20261106', '20261120', '20261204']);
  });

  it('keeps the local time of day across a DST change in the series zone', () => {
    // 09:00 in Los Angeles is 16:00 UTC under PDT and 17:00 UTC under PST (DST ends 1 Nov 2026).
    const la = rule(daily({ type: 'numbered', numberOfOccurrences: 4 }), 'America/Los_Angeles');
    const first = localToUtc('2026-10-30T09:00:00', 'America/Los_Angeles');
    expect(iso(first)).toBe('2026-10-30T16:00:00.000Z');
    const slots = expandOccurrences(la, first, first + HOUR, false);
    expect(slots.map((s) => iso(s.startMs))).toEqual([
      '2026-10-30T16:00:00.000Z',
      '2026-10-31T16:00:00.000Z',
      '2026-11-01T17:00:00.000Z',
      '2026-11-02T17:00:00.000Z',
    ]);
  });

  it('caps a noEnd series at MAX_OCCURRENCES and a sparse one at MAX_SERIES_DAYS', () => {
    const endless = expandOccurrences(rule(daily()), start, end, false);
    expect(endless).toHaveLength(MAX_OCCURRENCES);
    const huge = expandOccurrences(rule(daily({ type: 'numbered', numberOfOccurrences: 5_000 })), start, end, false);
    expect(huge).toHaveLength(MAX_OCCURRENCES);
    const weekly = expandOccurrences(rule({ pattern: { type: 'weekly', daysOfWeek: ['monday'] }, range: { type: 'noEnd' } }), start, end, false);
    const last = weekly[weekly.length - 1];
    expect(last && last.startMs - start).toBeLessThan(MAX_SERIES_DAYS * DAY);
    expect(weekly.length).toBe(Math.ceil(MAX_SERIES_DAYS / 7));
  });
});

describe('sim recurrence: series in a calendar', () => {
  const now = Date.UTC(2026, 10, 1, 8, 0);
  const start = Date.UTC(2026, 10, 2, 9, 0);
  const input: NewEvent = {
    subject: 'Standup',
    bodyHtml: '<p>Standup</p>',
    startMs: start,
    endMs: start + 15 * 60_000,
    isAllDay: false,
    timeZone: 'UTC',
    isCancelled: false,
    isOnlineMeeting: false,
    joinUrl: null,
    reminderMinutesBeforeStart: 5,
    isReminderOn: true,
    location: '',
    organizer: { name: 'Ada', address: 'ada@contoso.example' },
    showAs: 'busy',
  };

  it('gives occurrences stable ids, Graph types and shapes, and keeps the master out of views', () => {
    const calendar = new Calendar('user-1', () => now);
    const { master, occurrences } = createSeries(calendar, input, rule(daily({ type: 'numbered', numberOfOccurrences: 3 })));
    expect(occurrences).toBe(3);
    const list = calendar.occurrencesOf(master.id);
    expect(list.map((e) => e.id)).toEqual(['20261102', '20261103', '20261104'].map((k) => occurrenceId(master.id, k)));
    const again = new Calendar('user-1', () => now);
    expect(again.occurrencesOf(createSeries(again, input, rule(daily({ type: 'numbered', numberOfOccurrences: 3 }))).master.id).map((e) => e.id)).toEqual(
      list.map((e) => e.id),
    );
    const shaped = toGraphEvent(list[1] as (typeof list)[number]);
    expect(shaped).toMatchObject({ type: 'occurrence', seriesMasterId: master.id, recurrence: null, originalStart: '2026-11-03T09:00:00Z' });
    const masterJson = toGraphEvent(master);
    expect(masterJson).toMatchObject({ type: 'seriesMaster', seriesMasterId: null, recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', numberOfOccurrences: 3, startDate: '2026-11-02' } } });
    expect(shaped.iCalUId).toBe(masterJson.iCalUId);
  });

  it('an occurrence patch makes only it an exception; a re-timed series keeps ids and drops deleted dates', () => {
    const calendar = new Calendar('user-1', () => now);
    const { master } = createSeries(calendar, input, rule(daily({ type: 'numbered', numberOfOccurrences: 3 })));
    const [first, second, third] = calendar.occurrencesOf(master.id);
    if (!first || !second || !third) throw new Error('expected three occurrences');
    const seqBefore = calendar.seq;
    patchOccurrence(calendar, second, { startMs: second.startMs + HOUR, endMs: second.endMs + HOUR });
    expect(calendar.changes.slice(-1).map((c) => c.id)).toEqual([second.id]);
    expect(calendar.seq).toBe(seqBefore + 1);
    expect([first.type, second.type, third.type]).toEqual(['occurrence', 'exception', 'occurrence']);
    expect(second.originalStartMs).toBe(start + DAY);

    removeOccurrence(calendar, third);
    patchSeries(calendar, master, { startMs: start + 2 * HOUR, endMs: start + 2 * HOUR + 15 * 60_000 });
    const after = calendar.occurrencesOf(master.id);
    expect(after.map((e) => e.id)).toEqual([first.id, second.id]);
    expect(after.map((e) => [e.type, iso(e.startMs)])).toEqual([
      ['occurrence', '2026-11-02T11:00:00.000Z'],
      ['occurrence', '2026-11-03T11:00:00.000Z'],
    ]);

    patchSeries(calendar, master, { subject: 'Daily sync' });
    expect(calendar.occurrencesOf(master.id).map((e) => e.subject)).toEqual(['Daily sync', 'Daily sync']);
    removeSeries(calendar, master);
    expect(calendar.events.size).toBe(0);
  });

  it('refuses a series that produces no occurrence', () => {
    const calendar = new Calendar('user-1', () => now);
    const never = rule({ pattern: { type: 'weekly', daysOfWeek: ['sunday'] }, range: { type: 'endDate', startDate: '2026-11-02', endDate: '2026-11-06' } });
    expect(() => createSeries(calendar, input, never)).toThrow(/produce no occurrence/);
    expect(calendar.events.size).toBe(0);
  });
});
