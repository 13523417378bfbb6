// Quiet hours are a local-time range ('22:00'–'07:00') on chosen days. A range whose end is
// before its start crosses midnight; `days` names the day a quiet period *starts*, so Friday
// 22:00–07:00 covers Saturday 03:00. start === end means the whole day. Local time comes from
// Intl in an injectable IANA zone (default: the system's), so tests pin any zone and DST
// transitions are Intl's problem, not ours.
import type { QuietHours } from '../state/settings-schema.ts';

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export interface LocalTime {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localTime(epochMs: number, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(epochMs)) {
    if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minutes: hour * 60 + minute };
}

function parseClock(value: string): number {
  const [hours = '0', minutes = '0'] = value.split(':');
  return Number(hours) * 60 + Number(minutes);
}

export function isInQuietHours(now: number, quietHours: QuietHours, fallbackTimeZone: string): boolean {
  if (!quietHours.enabled || quietHours.days.length === 0) return false;
  const zone = quietHours.timeZone ?? fallbackTimeZone;
  const { weekday, minutes } = localTime(now, zone);
  const start = parseClock(quietHours.start);
  const end = parseClock(quietHours.end);
  const startsOn = (day: number) => quietHours.days.includes(day);
  const yesterday = (weekday + 6) % 7;
  if (start === end) return startsOn(weekday);
  if (start < end) return startsOn(weekday) && minutes >= start && minutes < end;
  // Crosses midnight: the evening part belongs to today, the early-morning part to yesterday.
  return (startsOn(weekday) && minutes >= start) || (startsOn(yesterday) && minutes < end);
}
