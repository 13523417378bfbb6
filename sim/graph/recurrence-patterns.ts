// Which local dates a recurrence pattern falls on, for each of Graph's six pattern types. Dates
// are civil day numbers (days since 1970-01-01), read in the series' recurrence zone by the caller.
// https://learn.microsoft.com/graph/api/resources/recurrencepattern
// https://learn.microsoft.com/graph/outlook-schedule-recurring-events (an example per type)
import type { DayOfWeek } from '@microsoft/microsoft-graph-types';

export const DAYS: readonly DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
export const PATTERN_TYPES = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'] as const;
export const WEEK_INDEXES = ['first', 'second', 'third', 'fourth', 'last'] as const;

export type PatternType = (typeof PATTERN_TYPES)[number];
export type WeekIndex = (typeof WEEK_INDEXES)[number];

/** A validated recurrence pattern; fields a type does not use hold Graph's placeholders (0, [], 'first'). */
export interface PatternRule {
  patternType: PatternType;
  interval: number;
  /** In week order (sunday first); used by weekly, relativeMonthly and relativeYearly. */
  daysOfWeek: DayOfWeek[];
  firstDayOfWeek: DayOfWeek;
  /** 1..31 for the absolute types. */
  dayOfMonth: number;
  /** 1..12 for the yearly types. */
  month: number;
  /** For the relative types: which of the month's days matching `daysOfWeek`. */
  index: WeekIndex;
}

const DAY_MS = 86_400_000;

/** The pattern types whose `daysOfWeek` is required and meaningful. */
export function usesDaysOfWeek(type: PatternType): boolean {
  return type === 'weekly' || type === 'relativeMonthly' || type === 'relativeYearly';
}

export function usesDayOfMonth(type: PatternType): boolean {
  return type === 'absoluteMonthly' || type === 'absoluteYearly';
}

export function usesMonth(type: PatternType): boolean {
  return type === 'absoluteYearly' || type === 'relativeYearly';
}

export function usesIndex(type: PatternType): boolean {
  return type === 'relativeMonthly' || type === 'relativeYearly';
}

export function dowOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday.
}

/** Day number of a civil date (`month0` 0..11). */
function civilDay(year: number, month0: number, date: number): number {
  return Math.floor(Date.UTC(year, month0, date) / DAY_MS);
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/**
 * Every date of the pattern from `firstDay` to `lastDay` (inclusive), in order. The first is the
 * first matching date on or after `firstDay`, as Graph documents for every pattern type ("the
 * first occurrence of the meeting might not occur on this date if it does not fit the pattern").
 */
export function* patternDays(rule: PatternRule, firstDay: number, lastDay: number): Generator<number> {
  switch (rule.patternType) {
    case 'daily':
      for (let day = firstDay; day <= lastDay; day += rule.interval) yield day;
      return;
    case 'weekly':
      yield* weeklyDays(rule, firstDay, lastDay);
      return;
    case 'absoluteMonthly':
    case 'relativeMonthly':
      yield* monthlyDays(rule, firstDay, lastDay, 1);
      return;
    case 'absoluteYearly':
    case 'relativeYearly':
      yield* monthlyDays(rule, firstDay, lastDay, 12);
  }
}

/** Weekly `interval` counts weeks from the week (by `firstDayOfWeek`) holding `firstDay`. */
function* weeklyDays(rule: PatternRule, firstDay: number, lastDay: number): Generator<number> {
  const firstDow = DAYS.indexOf(rule.firstDayOfWeek);
  const weekStart = firstDay - ((dowOf(firstDay) - firstDow + 7) % 7);
  for (let day = firstDay; day <= lastDay; day++) {
    const dayName = DAYS[dowOf(day)];
    if (dayName === undefined || !rule.daysOfWeek.includes(dayName)) continue;
    if (Math.floor((day - weekStart) / 7) % rule.interval === 0) yield day;
  }
}

/**
 * Monthly (`step` 1) and yearly (`step` 12, in the rule's month) patterns: one date per period.
 * `interval` counts periods from the period of the first occurrence, not of the start date: Graph's
 * own example — the first Thursday of every other month from 29 August 2017 — first meets in
 * September ("Because the value of startDate is after the first Thursday in August").
 */
function* monthlyDays(rule: PatternRule, firstDay: number, lastDay: number, step: 1 | 12): Generator<number> {
  const start = new Date(firstDay * DAY_MS);
  const startYear = start.getUTCFullYear();
  let monthIndex = startYear * 12 + (step === 1 ? start.getUTCMonth() : rule.month - 1);
  let anchor: number | null = null;
  for (; ; monthIndex += step) {
    const year = Math.floor(monthIndex / 12);
    const month0 = monthIndex - year * 12;
    if (civilDay(year, month0, 1) > lastDay) return;
    if (anchor !== null && ((monthIndex - anchor) / step) % rule.interval !== 0) continue;
    const day = dateInMonth(rule, year, month0);
    if (day < firstDay) continue;
    if (day > lastDay) return;
    anchor ??= monthIndex;
    yield day;
  }
}

/** The pattern's one date in a month. Every month has at least four of each weekday, so the relative types always find one. */
function dateInMonth(rule: PatternRule, year: number, month0: number): number {
  const length = daysInMonth(year, month0);
  if (usesDayOfMonth(rule.patternType)) {
    // A dayOfMonth past the month's end falls on its last day (31 → 30 April, 29 February → 28 in
    // a common year). Graph's pages are silent; Exchange, which stores Graph's calendars, documents
    // it: https://learn.microsoft.com/exchange/client-developer/web-service-reference/dayofmonth
    // ("the last day of the month is assumed"), and Outlook does the same.
    return civilDay(year, month0, Math.min(rule.dayOfMonth, length));
  }
  // The index counts the month's days whose weekday is any of `daysOfWeek` ("on which instance of
  // the allowed days specified in daysOfWeek the event occurs, counted from the first instance in
  // the month"): first Thursday or Friday = the month's first day that is a Thursday or a Friday.
  const first = civilDay(year, month0, 1);
  const matching: number[] = [];
  for (let day = first; day < first + length; day++) {
    const dayName = DAYS[dowOf(day)];
    if (dayName !== undefined && rule.daysOfWeek.includes(dayName)) matching.push(day);
  }
  const at = rule.index === 'last' ? matching.length - 1 : WEEK_INDEXES.indexOf(rule.index);
  const day = matching[at];
  if (day === undefined) throw new Error('recurrence: a relative pattern without daysOfWeek (validation lets none through).');
  return day;
}
