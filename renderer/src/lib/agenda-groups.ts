// Groups the agenda's events by local day: Today, Tomorrow, then later days; all-day events
// first within a day, then by start time. Pure (`now` passed in).
import type { EventView } from '../../../preload/contract.ts';
import { calendarDayDelta } from './format-time.ts';

export interface AgendaGroup {
  /** 0 = today, 1 = tomorrow, 2+ = later. */
  dayOffset: number;
  /** Local midnight of the day, for the heading. */
  day: Date;
  events: EventView[];
}

/** All-day events are dates, not instants: Graph gives midnight UTC, shown as that calendar day. */
function eventDay(event: EventView): Date {
  const start = new Date(event.start);
  if (event.isAllDay) return new Date(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  return new Date(start.getFullYear(), start.getMonth(), start.getDate());
}

export function groupAgenda(events: readonly EventView[], now: Date): AgendaGroup[] {
  const groups = new Map<number, AgendaGroup>();
  for (const event of events) {
    const day = eventDay(event);
    // An event that started before today but is still running shows under today.
    const dayOffset = Math.max(0, calendarDayDelta(day, now));
    let group = groups.get(dayOffset);
    if (!group) {
      const shown = new Date(now.getFullYear(), now.getMonth(), now.getDate() + dayOffset);
      group = { dayOffset, day: shown, events: [] };
      groups.set(dayOffset, group);
    }
    group.events.push(event);
  }
  const sorted = [...groups.values()].sort((a, b) => a.dayOffset - b.dayOffset);
  for (const group of sorted) {
    group.events.sort((a, b) => Number(b.isAllDay) - Number(a.isAllDay) || Date.parse(a.start) - Date.parse(b.start));
  }
  return sorted;
}
