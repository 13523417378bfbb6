// The simulator's recurring series: rule validation (clear 400s), expansion (all six pattern
// types, ranges, caps, local time across DST), the rule as Graph answers it, and the series
// operations on a Calendar (stable ids, exceptions, deleted occurrences staying deleted).
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../sim/http.ts';
import { Calendar, type NewEvent } from '../../sim/graph/calendar.ts';
import {
  MAX_OCCURRENCES,
  MAX_SERIES_DAYS,
  expandOccurrences,
  localToUtc,
  recurrenceInputSchema,
  toGraphRecurrence,
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
  it('rejects unknown pattern types with a 400 naming the field', () => {
    const hourly = rejection({ pattern: { type: 'hourly' }, range: { type: 'noEnd' } });
    expect(hourly.status).toBe(400);
    expect(hourly.code).toBe('InvalidRequest');
    expect(hourly.message).toMatch(/recurrence\.pattern\.type: 'hourly' is not a recurrence pattern type/);
  });

  it('rejects each monthly and yearly pattern missing a field its type requires, naming the field', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ type: 'absoluteMonthly' }, /recurrence\.pattern\.dayOfMonth: required \(1\.\.31\) when pattern\.type is absoluteMonthly/],
      [{ type: 'absoluteMonthly', dayOfMonth: 0 }, /recurrence\.pattern\.dayOfMonth: required/],
      [{ type: 'relativeMonthly' }, /recurrence\.pattern\.daysOfWeek: required \(at least one day\) when pattern\.type is relativeMonthly/],
      [{ type: 'relativeMonthly', daysOfWeek: [] }, /recurrence\.pattern\.daysOfWeek: required/],
      [{ type: 'absoluteYearly', month: 4 }, /recurrence\.pattern\.dayOfMonth: required \(1\.\.31\) when pattern\.type is absoluteYearly/],
      [{ type: 'absoluteYearly', dayOfMonth: 15 }, /recurrence\.pattern\.month: required \(1\.\.12\) when pattern\.type is absoluteYearly/],
      [{ type: 'relativeYearly', month: 11 }, /recurrence\.pattern\.daysOfWeek: required \(at least one day\) when pattern\.type is relativeYearly/],
      [{ type: 'relativeYearly', daysOfWeek: ['wednesday'], index: 'last' }, /recurrence\.pattern\.month: required \(1\.\.12\) when pattern\.type is relativeYearly/],
    ];
    for (const [pattern, message] of cases) {
      const error = rejection({ pattern, range: { type: 'noEnd' } });
      expect(error.status, JSON.stringify(pattern)).toBe(400);
      expect(error.message, JSON.stringify(pattern)).toMatch(message);
    }
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
    const issuePath = (pattern: Record<string, unknown>) => {
      const parsed = recurrenceInputSchema.safeParse({ pattern, range: { type: 'noEnd' } });
      return parsed.success ? null : parsed.error.issues[0]?.path.join('.');
    };
    expect(issuePath({ type: 'absoluteMonthly', dayOfMonth: 32 })).toBe('pattern.dayOfMonth');
    expect(issuePath({ type: 'absoluteMonthly', dayOfMonth: 1.5 })).toBe('pattern.dayOfMonth');
    expect(issuePath({ type: 'absoluteYearly', dayOfMonth: 1, month: 13 })).toBe('pattern.month');
    expect(issuePath({ type: 'relativeMonthly', daysOfWeek: ['monday'], index: 'fifth' })).toBe('pattern.index');
    // Ignored fields are still validated, as Graph does ("Even if a field is ignored, it is still validated").
    expect(issuePath({ type: 'daily', month: -1 })).toBe('pattern.month');
    expect(issuePath({ type: 'daily', month: 0, dayOfMonth: 0, index: 'first' })).toBeNull();
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

describe('sim recurrence: monthly and yearly expansion', () => {
  const at = (date: string, time = '09:00') => Date.parse(`${date}T${time}:00Z`);
  /** The local dates (YYYYMMDD keys) of a rule starting at `start` (09:00 UTC, 30 minutes). */
  const keys = (raw: unknown, start: number, zone = 'UTC') => expandOccurrences(rule(raw, zone), start, start + 30 * 60_000, false).map((s) => s.key);
  const numbered = (pattern: Record<string, unknown>, count: number, startDate?: string) => ({
    pattern,
    range: { type: 'numbered', numberOfOccurrences: count, ...(startDate ? { startDate } : {}) },
  });

  it('absoluteMonthly: the day every `interval` months, first on or after the start date', () => {
    expect(keys(numbered({ type: 'absoluteMonthly', dayOfMonth: 15 }, 4), at('2026-11-02'))).toEqual(['20261115', '20261215', '20270115', '20270215']);
    // Started after the 15th: the first occurrence is next month's.
    expect(keys(numbered({ type: 'absoluteMonthly', dayOfMonth: 15 }, 2), at('2026-11-20'))).toEqual(['20261215', '20270115']);
    // Quarterly on the 7th (Graph's example), and every 2 months counted from the first occurrence.
    expect(keys(numbered({ type: 'absoluteMonthly', interval: 3, dayOfMonth: 7 }, 4), at('2026-11-02'))).toEqual(['20261107', '20270207', '20270507', '20270807']);
    expect(keys(numbered({ type: 'absoluteMonthly', interval: 2, dayOfMonth: 1 }, 3), at('2026-11-02'))).toEqual(['20261201', '20270201', '20270401']);
  });

  it('absoluteMonthly on the 31st falls on the last day of shorter months (as Exchange documents), February 29 in a leap year', () => {
    expect(keys(numbered({ type: 'absoluteMonthly', dayOfMonth: 31 }, 7), at('2027-12-31'))).toEqual([
      '20271231',
      '20280131',
      '20280229',
      '20280331',
      '20280430',
      '20280531',
      '20280630',
    ]);
    expect(keys(numbered({ type: 'absoluteMonthly', dayOfMonth: 30 }, 3), at('2027-01-30'))).toEqual(['20270130', '20270228', '20270330']);
  });

  it('relativeMonthly: first Monday, fourth Thursday and last Friday of the month', () => {
    expect(keys(numbered({ type: 'relativeMonthly', daysOfWeek: ['monday'] }, 4), at('2026-11-02'))).toEqual(['20261102', '20261207', '20270104', '20270201']);
    // index defaults to first; started the day after November's first Monday → December's.
    expect(keys(numbered({ type: 'relativeMonthly', daysOfWeek: ['monday'], index: 'first' }, 1), at('2026-11-03'))).toEqual(['20261207']);
    // Fourth Thursday (US Thanksgiving in November): 26 Nov 2026, 24 Dec 2026, 28 Jan 2027.
    expect(keys(numbered({ type: 'relativeMonthly', daysOfWeek: ['thursday'], index: 'fourth' }, 3), at('2026-11-01'))).toEqual(['20261126', '20261224', '20270128']);
    // Last Friday: 27 Nov, 25 Dec 2026; 29 Jan 2027 (January has five Fridays: last ≠ fourth).
    expect(keys(numbered({ type: 'relativeMonthly', daysOfWeek: ['friday'], index: 'last' }, 3), at('2026-11-01'))).toEqual(['20261127', '20261225', '20270129']);
    expect(keys(numbered({ type: 'relativeMonthly', daysOfWeek: ['friday'], index: 'fourth' }, 3), at('2026-11-01'))).toEqual(['20261127', '20261225', '20270122']);
  });

  it('relativeMonthly with several days: the index counts the days matching any of them', () => {
    // January 2027 starts on a Friday: first Thursday-or-Friday is 1 Jan, the second is 7 Jan (Thursday).
    const thuFri = (index: string) => numbered({ type: 'relativeMonthly', daysOfWeek: ['friday', 'thursday'], index }, 2);
    expect(keys(thuFri('first'), at('2027-01-01'))).toEqual(['20270101', '20270204']);
    expect(keys(thuFri('second'), at('2027-01-01'))).toEqual(['20270107', '20270205']);
    expect(keys(thuFri('last'), at('2027-01-01'))).toEqual(['20270129', '20270226']);
    // Last weekday of the month (Outlook's "last weekday"): 31 Jan 2027 is a Sunday → Friday 29.
    const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
    expect(keys(numbered({ type: 'relativeMonthly', daysOfWeek: weekdays, index: 'last' }, 3), at('2027-01-01'))).toEqual(['20270129', '20270226', '20270331']);
  });

  it("relativeMonthly every other month counts from the first occurrence's month (Graph's own example)", () => {
    // "the first Thursday of every other month starting August 29, 2017 … the first occurrence of
    // this series will be in September" (outlook-schedule-recurring-events).
    const rule2 = numbered({ type: 'relativeMonthly', interval: 2, daysOfWeek: ['thursday'], index: 'first' }, 3, '2017-08-29');
    expect(keys(rule2, Date.UTC(2017, 7, 29, 14))).toEqual(['20170907', '20171102', '20180104']);
  });

  it('absoluteYearly: February 29 in leap years, February 28 otherwise; interval counts years', () => {
    expect(keys(numbered({ type: 'absoluteYearly', dayOfMonth: 29, month: 2 }, 3), at('2027-01-10'))).toEqual(['20270228', '20280229', '20290228']);
    expect(keys(numbered({ type: 'absoluteYearly', dayOfMonth: 15, month: 4 }, 2), at('2026-11-02'))).toEqual(['20270415', '20280415']);
    expect(keys(numbered({ type: 'absoluteYearly', interval: 2, dayOfMonth: 15, month: 3 }, 2), at('2026-03-15'))).toEqual(['20260315', '20280315']);
  });

  it('relativeYearly: the last Wednesday of November, every year or every other year', () => {
    const lastWed = { type: 'relativeYearly', daysOfWeek: ['wednesday'], index: 'last', month: 11 };
    expect(keys(numbered(lastWed, 3), at('2026-11-02'))).toEqual(['20261125', '20271124', '20281129']);
    // Started after November's last Wednesday: the first is next year's.
    expect(keys(numbered(lastWed, 1), at('2026-11-26'))).toEqual(['20271124']);
    expect(keys(numbered({ ...lastWed, interval: 2, index: 'second' }, 2), at('2026-01-01'))).toEqual(['20261111', '20281108']);
  });

  it('ranges: endDate is inclusive; noEnd, long numbered and long endDate series stop at MAX_SERIES_DAYS', () => {
    const firstMonday = { type: 'relativeMonthly', daysOfWeek: ['monday'] };
    const start = at('2026-11-02');
    expect(keys({ pattern: firstMonday, range: { type: 'endDate', endDate: '2027-01-04' } }, start)).toEqual(['20261102', '20261207', '20270104']);
    expect(keys({ pattern: firstMonday, range: { type: 'endDate', endDate: '2027-01-03' } }, start)).toEqual(['20261102', '20261207']);
    // 1,096 days from 2 Nov 2026 end on 1 Nov 2029: 36 first Mondays, the last on 1 Oct 2029.
    const endless = keys({ pattern: firstMonday, range: { type: 'noEnd' } }, start);
    expect(endless).toHaveLength(36);
    expect(endless.at(-1)).toBe('20291001');
    expect(keys({ pattern: firstMonday, range: { type: 'numbered', numberOfOccurrences: 500 } }, start)).toEqual(endless);
    expect(keys({ pattern: firstMonday, range: { type: 'endDate', endDate: '2035-01-01' } }, start)).toEqual(endless);
    expect(keys({ pattern: { type: 'absoluteYearly', dayOfMonth: 2, month: 11 }, range: { type: 'noEnd' } }, start)).toEqual(['20261102', '20271102', '20281102']);
    expect(MAX_SERIES_DAYS).toBe(1096);
  });

  it('keeps the local time of day across DST: 09:00 Los Angeles, 10:00 Berlin', () => {
    // US daylight time starts 8 March 2026: first Mondays at 09:00 PST (17:00Z), then PDT (16:00Z).
    const la = rule(numbered({ type: 'relativeMonthly', daysOfWeek: ['monday'] }, 3), 'America/Los_Angeles');
    const laStart = localToUtc('2026-02-02T09:00:00', 'America/Los_Angeles');
    expect(expandOccurrences(la, laStart, laStart + HOUR, false).map((s) => [s.key, iso(s.startMs)])).toEqual([
      ['20260202', '2026-02-02T17:00:00.000Z'],
      ['20260302', '2026-03-02T17:00:00.000Z'],
      ['20260406', '2026-04-06T16:00:00.000Z'],
    ]);
    // Berlin changes on the last Sunday of March and October: a last-Sunday 10:00 meeting is 09:00Z
    // in winter and 08:00Z in summer; the 31st-of-month series moves with it too.
    const berlin = rule(numbered({ type: 'relativeMonthly', daysOfWeek: ['sunday'], index: 'last' }, 3), 'Europe/Berlin');
    const berlinStart = localToUtc('2027-02-28T10:00:00', 'Europe/Berlin');
    expect(expandOccurrences(berlin, berlinStart, berlinStart + HOUR, false).map((s) => [s.key, iso(s.startMs), iso(s.endMs)])).toEqual([
      ['20270228', '2027-02-28T09:00:00.000Z', '2027-02-28T10:00:00.000Z'],
      ['20270328', '2027-03-28T08:00:00.000Z', '2027-03-28T09:00:00.000Z'],
      ['20270425', '2027-04-25T08:00:00.000Z', '2027-04-25T09:00:00.000Z'],
    ]);
    const endOfMonth = rule(numbered({ type: 'absoluteMonthly', dayOfMonth: 31 }, 2), 'Europe/Berlin');
    const octStart = localToUtc('2027-09-30T10:00:00', 'Europe/Berlin');
    expect(expandOccurrences(endOfMonth, octStart, octStart + HOUR, false).map((s) => iso(s.startMs))).toEqual(['2027-09-30T08:00:00.000Z', '2027-10-31T09:00:00.000Z']);
  });

  it('all-day monthly series are expanded on UTC dates, keyed by local date', () => {
    const allDay = rule(numbered({ type: 'absoluteMonthly', dayOfMonth: 31 }, 3), 'America/Los_Angeles');
    const slots = expandOccurrences(allDay, Date.UTC(2027, 0, 31), Date.UTC(2027, 1, 1), true);
    expect(slots.map((s) => [s.key, iso(s.startMs), s.endMs - s.startMs])).toEqual([
      ['20270131', '2027-01-31T00:00:00.000Z', DAY],
      ['20270228', '2027-02-28T00:00:00.000Z', DAY],
      ['20270331', '2027-03-31T00:00:00.000Z', DAY],
    ]);
  });
});

describe('sim recurrence: the rule as Graph answers it', () => {
  const start = Date.UTC(2026, 10, 2, 9, 0);
  const cases: Record<string, unknown>[] = [
    { type: 'daily', interval: 2 },
    { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'monday' },
    { type: 'absoluteMonthly', interval: 3, dayOfMonth: 7 },
    { type: 'relativeMonthly', interval: 1, daysOfWeek: ['thursday', 'friday'], index: 'second' },
    { type: 'absoluteYearly', interval: 1, dayOfMonth: 15, month: 4 },
    { type: 'relativeYearly', interval: 2, daysOfWeek: ['wednesday'], index: 'last', month: 11 },
  ];

  it('answers the real month, dayOfMonth, index and daysOfWeek, with placeholders only where the type has no use for them', () => {
    const patterns = cases.map((pattern) => toGraphRecurrence(rule({ pattern, range: { type: 'noEnd' } }), start, false)['pattern']);
    expect(patterns).toEqual([
      { type: 'daily', interval: 2, month: 0, dayOfMonth: 0, firstDayOfWeek: 'sunday', index: 'first' },
      { type: 'weekly', interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: ['monday'], firstDayOfWeek: 'monday', index: 'first' },
      { type: 'absoluteMonthly', interval: 3, month: 0, dayOfMonth: 7, firstDayOfWeek: 'sunday', index: 'first' },
      { type: 'relativeMonthly', interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: ['thursday', 'friday'], firstDayOfWeek: 'sunday', index: 'second' },
      { type: 'absoluteYearly', interval: 1, month: 4, dayOfMonth: 15, firstDayOfWeek: 'sunday', index: 'first' },
      { type: 'relativeYearly', interval: 2, month: 11, dayOfMonth: 0, daysOfWeek: ['wednesday'], firstDayOfWeek: 'sunday', index: 'last' },
    ]);
  });

  it('round-trips: the JSON Graph answers, sent back, is the same rule', () => {
    for (const pattern of cases) {
      const original = rule({ pattern, range: { type: 'numbered', numberOfOccurrences: 4 } }, 'Europe/Berlin');
      const again = rule(toGraphRecurrence(original, start, false), 'UTC');
      expect(again, JSON.stringify(pattern)).toEqual({ ...original, startDate: '2026-11-02' });
    }
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
