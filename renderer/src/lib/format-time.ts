// Dates and times for the list, the message header, the agenda and the status line, all
// through Intl in the popup's locale. `now` is passed in so the functions are pure.

const MINUTE = 60_000;

// Building an Intl formatter costs far more than using one; rows format on every scroll.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

function relativeFormat(locale: string, options: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = relativeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, options);
    relativeFormats.set(key, format);
  }
  return format;
}
const HOUR = 60 * MINUTE;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole calendar days from `now`'s day to `date`'s day (local time; negative = past). */
export function calendarDayDelta(date: Date, now: Date): number {
  return Math.round((startOfDay(date) - startOfDay(now)) / (24 * HOUR));
}

/** "5 min ago" style, for durations under a day; "now" under a minute. */
export function formatRelativeAgo(thenMs: number, nowMs: number, locale: string): string {
  const rtf = relativeFormat(locale, { numeric: 'auto', style: 'short' });
  const elapsed = Math.max(0, nowMs - thenMs);
  if (elapsed < MINUTE) return rtf.format(0, 'second');
  if (elapsed < HOUR) return rtf.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < 24 * HOUR) return rtf.format(-Math.floor(elapsed / HOUR), 'hour');
  return rtf.format(-Math.floor(elapsed / (24 * HOUR)), 'day');
}

export function formatClockTime(date: Date, locale: string): string {
  return dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(date);
}

/**
 * The time column of the message list: relative within the last hour ("12 min ago"), the clock
 * time for the rest of today, "yesterday", the weekday within a week, then a short date.
 */
export function formatMessageTime(iso: string, now: Date, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const days = calendarDayDelta(date, now);
  if (days === 0) {
    const elapsed = now.getTime() - date.getTime();
    if (elapsed >= 0 && elapsed < HOUR) return formatRelativeAgo(date.getTime(), now.getTime(), locale);
    return formatClockTime(date, locale);
  }
  if (days === -1) return relativeFormat(locale, { numeric: 'auto' }).format(-1, 'day');
  if (days > -7 && days < 0) return dateFormat(locale, { weekday: 'short' }).format(date);
  if (date.getFullYear() === now.getFullYear()) return dateFormat(locale, { day: 'numeric', month: 'short' }).format(date);
  return dateFormat(locale, { dateStyle: 'short' }).format(date);
}

/** Full date and time for the message header. */
export function formatFullDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** "Tue, 3 Dec" style heading for agenda days beyond tomorrow. */
export function formatDayHeading(date: Date, locale: string): string {
  return dateFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(date);
}
