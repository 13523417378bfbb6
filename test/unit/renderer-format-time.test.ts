// Times in the list, the status line and the agenda, through Intl in the popup's locale.
// Dates are built in local time so the tests hold in any time zone.
import { describe, expect, it } from 'vitest';
import { calendarDayDelta, formatMessageTime, formatRelativeAgo } from '../../renderer/src/lib/format-time.ts';

const now = new Date(2026, 10, 28, 15, 30, 0);
const at = (date: Date): string => date.toISOString();

describe('formatRelativeAgo', () => {
  it('says "now" under a minute and counts minutes, hours, days', () => {
    expect(formatRelativeAgo(now.getTime() - 20_000, now.getTime(), 'en-US')).toBe('now');
    expect(formatRelativeAgo(now.getTime() - 2 * 60_000, now.getTime(), 'en-US')).toBe('2 min. ago');
    expect(formatRelativeAgo(now.getTime() - 3 * 3_600_000, now.getTime(), 'en-US')).toBe('3 hr. ago');
    expect(formatRelativeAgo(now.getTime() - 2 * 86_400_000, now.getTime(), 'en-US')).toBe('2 days ago');
  });

  it('never says "in the future" for a clock slightly ahead', () => {
    expect(formatRelativeAgo(now.getTime() + 5_000, now.getTime(), 'en-US')).toBe('now');
  });

  it('follows the locale', () => {
    expect(formatRelativeAgo(now.getTime() - 5 * 60_000, now.getTime(), 'ru-RU')).toBe('5 мин. назад');
  });
});

describe('formatMessageTime', () => {
  it('is relative within the last hour of today', () => {
    expect(formatMessageTime(at(new Date(2026, 10, 28, 15, 18)), now, 'en-US')).toBe('12 min. ago');
  });

  it('is the clock time earlier today', () => {
    expect(formatMessageTime(at(new Date(2026, 10, 28, 9, 5)), now, 'en-US')).toBe('9:05 AM');
    expect(formatMessageTime(at(new Date(2026, 10, 28, 9, 5)), now, 'ru-RU')).toBe('9:05');
  });

  it('says yesterday, then the weekday, then a short date', () => {
    expect(formatMessageTime(at(new Date(2026, 10, 27, 23, 0)), now, 'en-US')).toBe('yesterday');
    expect(formatMessageTime(at(new Date(2026, 10, 24, 10, 0)), now, 'en-US')).toBe('Tue');
    expect(formatMessageTime(at(new Date(2026, 9, 3, 10, 0)), now, 'en-US')).toBe('Oct 3');
    expect(formatMessageTime(at(new Date(2025, 0, 15, 10, 0)), now, 'en-US')).toBe('1/15/25');
  });

  it('returns an empty string for an unparseable date instead of "Invalid Date"', () => {
    expect(formatMessageTime('not a date', now, 'en-US')).toBe('');
  });
});

describe('calendarDayDelta', () => {
  it('counts calendar days, not 24-hour spans', () => {
    expect(calendarDayDelta(new Date(2026, 10, 29, 0, 5), now)).toBe(1);
    expect(calendarDayDelta(new Date(2026, 10, 28, 23, 59), now)).toBe(0);
    expect(calendarDayDelta(new Date(2026, 10, 27, 23, 59), now)).toBe(-1);
  });
});
