// Recurring series: Graph's patternedRecurrence (pattern + range) validated and expanded into
// occurrences. All six pattern types are modelled (daily, weekly, absolute/relative monthly and
// yearly); which dates each falls on is in recurrence-patterns.ts.
// https://learn.microsoft.com/graph/api/resources/patternedrecurrence
// https://learn.microsoft.com/graph/api/resources/recurrencepattern
// https://learn.microsoft.com/graph/api/resources/recurrencerange
// Occurrences are materialized when the series is created (or re-timed), capped at
// MAX_OCCURRENCES and MAX_SERIES_DAYS after the range's start date, so a `noEnd` series is finite.
import type { DayOfWeek } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import { HttpError } from '../http.ts';
import { isKnownTimeZone, zonedDateTime } from './event-shape.ts';
import {
  DAYS,
  PATTERN_TYPES,
  WEEK_INDEXES,
  patternDays,
  usesDayOfMonth,
  usesDaysOfWeek,
  usesIndex,
  usesMonth,
  type PatternRule,
  type PatternType,
} from './recurrence-patterns.ts';

/** At most this many occurrences per series (a `numbered` or `endDate` range beyond it is cut). */
export const MAX_OCCURRENCES = 1000;
/** Occurrences start no later than this many days after the range's start date (3 years). */
export const MAX_SERIES_DAYS = 1096;

const DAY_MS = 86_400_000;
const KNOWN_PATTERNS = new Set<string>(PATTERN_TYPES);
const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const dayOfWeek = z.enum(DAYS as [DayOfWeek, ...DayOfWeek[]]);

/** The admin body's `recurrence`, in Graph's shape; the pattern type is checked after parsing. */
export const recurrenceInputSchema = z.object({
  pattern: z.object({
    type: z.string(),
    interval: z.number().int().min(1).max(999).default(1),
    daysOfWeek: z.array(dayOfWeek).optional(),
    firstDayOfWeek: dayOfWeek.default('sunday'),
    // 0 is Graph's placeholder for "not used" (it answers month: 0, dayOfMonth: 0 on other types),
    // so a rule read back from Graph can be sent again; the per-type checks require 1..31 / 1..12.
    dayOfMonth: z.number().int().min(0).max(31).optional(),
    month: z.number().int().min(0).max(12).optional(),
    index: z.enum(WEEK_INDEXES).default('first'),
  }),
  range: z.object({
    type: z.enum(['endDate', 'noEnd', 'numbered']),
    startDate: dateOnly.optional(),
    endDate: dateOnly.optional(),
    numberOfOccurrences: z.number().int().optional(),
    recurrenceTimeZone: z.string().optional(),
  }),
});

export type RecurrenceInput = z.infer<typeof recurrenceInputSchema>;

/** A validated series rule, as the simulator keeps it on the series master. */
export interface SimRecurrence extends PatternRule {
  rangeType: 'endDate' | 'noEnd' | 'numbered';
  /** YYYY-MM-DD in `timeZone`; defaults to the local date of the series start. */
  startDate: string | null;
  endDate: string | null;
  numberOfOccurrences: number;
  /** The zone the dates and the time of day are read in (recurrenceTimeZone, else the event's). */
  timeZone: string;
}

function bad(field: string, message: string): HttpError {
  return new HttpError(400, 'InvalidRequest', `recurrence.${field}: ${message}`);
}

/** Checks the fields each pattern type requires (recurrencePattern's table of required properties). */
function toPatternRule(pattern: RecurrenceInput['pattern']): PatternRule {
  if (!KNOWN_PATTERNS.has(pattern.type)) throw bad('pattern.type', `'${pattern.type}' is not a recurrence pattern type.`);
  const patternType = pattern.type as PatternType;
  const daysOfWeek = [...new Set(pattern.daysOfWeek ?? [])];
  if (usesDaysOfWeek(patternType) && daysOfWeek.length === 0) {
    throw bad('pattern.daysOfWeek', `required (at least one day) when pattern.type is ${patternType}.`);
  }
  const dayOfMonth = pattern.dayOfMonth ?? 0;
  if (usesDayOfMonth(patternType) && dayOfMonth === 0) throw bad('pattern.dayOfMonth', `required (1..31) when pattern.type is ${patternType}.`);
  const month = pattern.month ?? 0;
  if (usesMonth(patternType) && month === 0) throw bad('pattern.month', `required (1..12) when pattern.type is ${patternType}.`);
  return {
    patternType,
    interval: pattern.interval,
    daysOfWeek: usesDaysOfWeek(patternType) ? DAYS.filter((d) => daysOfWeek.includes(d)) : [],
    firstDayOfWeek: pattern.firstDayOfWeek,
    dayOfMonth: usesDayOfMonth(patternType) ? dayOfMonth : 0,
    month: usesMonth(patternType) ? month : 0,
    index: usesIndex(patternType) ? pattern.index : 'first',
  };
}

/** Checks what the schema cannot (pattern type, per-type required fields, range) → SimRecurrence. */
export function toSimRecurrence(input: RecurrenceInput, eventTimeZone: string): SimRecurrence {
  const { range } = input;
  const pattern = toPatternRule(input.pattern);
  if (range.type === 'endDate' && range.endDate === undefined) throw bad('range.endDate', 'required when range.type is endDate.');
  if (range.type === 'endDate' && range.startDate !== undefined && range.endDate !== undefined && range.endDate < range.startDate) {
    throw bad('range.endDate', 'must not be before range.startDate.');
  }
  if (range.type === 'numbered' && (range.numberOfOccurrences === undefined || range.numberOfOccurrences < 1)) {
    throw bad('range.numberOfOccurrences', 'required and positive when range.type is numbered.');
  }
  if (range.startDate !== undefined && !validDate(range.startDate)) throw bad('range.startDate', `'${range.startDate}' is not a date.`);
  if (range.endDate !== undefined && !validDate(range.endDate)) throw bad('range.endDate', `'${range.endDate}' is not a date.`);
  const timeZone = range.recurrenceTimeZone ?? eventTimeZone;
  if (!isKnownTimeZone(timeZone)) throw bad('range.recurrenceTimeZone', `unknown time zone '${timeZone}'.`);
  return {
    ...pattern,
    rangeType: range.type,
    startDate: range.startDate ?? null,
    endDate: range.type === 'endDate' ? (range.endDate ?? null) : null,
    numberOfOccurrences: range.type === 'numbered' ? (range.numberOfOccurrences ?? 0) : 0,
    timeZone,
  };
}

function validDate(value: string): boolean {
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export interface OccurrenceSlot {
  /** The occurrence's local date, YYYYMMDD: stable across re-timing, it names the occurrence. */
  key: string;
  startMs: number;
  endMs: number;
}

/** Civil day number (days since 1970-01-01) of a YYYY-MM-DD date. */
function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The occurrences of a series whose first meeting is at `startMs`..`endMs`: every matching local
 * date from the range's start date, at the start's local time of day in the recurrence zone (so
 * a 09:00 meeting stays at 09:00 local across a DST change), within the range and the caps.
 * All-day series are expanded on UTC dates (the simulator keeps all-day events as UTC midnights).
 */
export function expandOccurrences(rule: SimRecurrence, startMs: number, endMs: number, isAllDay: boolean): OccurrenceSlot[] {
  const zone = isAllDay ? 'UTC' : rule.timeZone;
  const local = zonedDateTime(startMs, zone); // 2026-11-28T09:30:00.0000000
  const timeOfDay = local.slice(11, 19);
  const firstDay = dayNumber(rule.startDate ?? local.slice(0, 10));
  const lastDay = Math.min(firstDay + MAX_SERIES_DAYS - 1, rule.endDate ? dayNumber(rule.endDate) : Number.POSITIVE_INFINITY);
  const limit = Math.min(MAX_OCCURRENCES, rule.rangeType === 'numbered' ? rule.numberOfOccurrences : MAX_OCCURRENCES);
  const durationMs = endMs - startMs;
  const slots: OccurrenceSlot[] = [];
  for (const day of patternDays(rule, firstDay, lastDay)) {
    if (slots.length >= limit) break;
    const date = dateOfDay(day);
    const start = localToUtc(`${date}T${timeOfDay}`, zone);
    slots.push({ key: date.replaceAll('-', ''), startMs: start, endMs: start + durationMs });
  }
  return slots;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset in minutes at instant `ms`. */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  if (zone.toUpperCase() === 'UTC') return 0;
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // "GMT" alone: offset zero.
  return (Number(match[2]) * 60 + Number(match[3])) * (match[1] === '-' ? -1 : 1);
}

/** A local wall-clock time (YYYY-MM-DDTHH:mm:ss) in `zone` → UTC ms; two passes settle DST edges. */
export function localToUtc(wallClock: string, zone: string): number {
  const asUtc = Date.parse(`${wallClock}Z`);
  const first = asUtc - zoneOffsetMinutes(zone, asUtc) * 60_000;
  return asUtc - zoneOffsetMinutes(zone, first) * 60_000;
}

/**
 * The rule as Graph's patternedRecurrence JSON. Fields the pattern type does not use carry Graph's
 * placeholders (month 0, dayOfMonth 0, index 'first'), as it answers them; 0001-01-01 for an unused endDate.
 */
export function toGraphRecurrence(rule: SimRecurrence, firstStartMs: number, isAllDay: boolean): Record<string, unknown> {
  const startDate = rule.startDate ?? zonedDateTime(firstStartMs, isAllDay ? 'UTC' : rule.timeZone).slice(0, 10);
  return {
    pattern: {
      type: rule.patternType,
      interval: rule.interval,
      month: rule.month,
      dayOfMonth: rule.dayOfMonth,
      ...(usesDaysOfWeek(rule.patternType) ? { daysOfWeek: rule.daysOfWeek } : {}),
      firstDayOfWeek: rule.firstDayOfWeek,
      index: rule.index,
    },
    range: {
      type: rule.rangeType,
      startDate,
      endDate: rule.endDate ?? '0001-01-01',
      recurrenceTimeZone: rule.timeZone,
      numberOfOccurrences: rule.numberOfOccurrences,
    },
  };
}
