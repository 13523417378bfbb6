// The agenda the popup shows: what is on now and what comes next, soonest first.
import type { CalendarItem } from './calendar-item.ts';

/**
 * Events that have not ended and start within `hours` of `now`, sorted by start (all-day events
 * first on a tie, then by subject). Cancelled events are left out.
 */
export function upcoming(
  events: Iterable<CalendarItem> | Readonly<Record<string, CalendarItem>>,
  now: number,
  hours = 48,
): CalendarItem[] {
  const list: Iterable<CalendarItem> = Symbol.iterator in events ? (events as Iterable<CalendarItem>) : Object.values(events);
  const horizon = now + hours * 60 * 60 * 1000;
  const result: CalendarItem[] = [];
  for (const event of list) {
    if (event.isCancelled) continue;
    const start = Date.parse(event.start);
    const end = Date.parse(event.end);
    if (end <= now && start < now) continue;
    if (start >= horizon) continue;
    result.push(event);
  }
  return result.sort(
    (a, b) =>
      Date.parse(a.start) - Date.parse(b.start) ||
      Number(b.isAllDay) - Number(a.isAllDay) ||
      a.subject.localeCompare(b.subject) ||
      a.id.localeCompare(b.id),
  );
}
