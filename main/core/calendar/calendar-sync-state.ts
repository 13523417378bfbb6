// The persisted state of CalendarDeltaSync, and its runtime schema: the state module writes it to
// disk, and a file from an older run (or a half-written one) is checked before it is trusted.
import { z } from 'zod';
import type { CalendarItem } from './calendar-item.ts';
import type { CalendarWindow } from './calendar-window.ts';

export type RemovalReason = 'deleted' | 'cancelled' | 'outOfWindow';

export interface CalendarSyncState {
  version: 1;
  /** The window the current deltaLink (and `events`) belong to. */
  window: CalendarWindow;
  /** Where the next incremental round starts; null until a first round completes or after 410. */
  deltaLink: string | null;
  /** Mid-round: the next page of the round in progress (full or incremental). */
  nextLink: string | null;
  /** Set while a full (initial) round runs: for a new window, after 410, or the very first sync. */
  pendingWindow?: CalendarWindow;
  /** Events seen so far in the full round in progress; diffed against `events` when it completes. */
  pendingEvents?: Record<string, CalendarItem>;
  /** Why an event was dropped during the full round in progress (so the diff can say so). */
  pendingRemoved?: Record<string, RemovalReason>;
  /** What we know of the current window, by event id. Cancelled events are never kept. */
  events: Record<string, CalendarItem>;
}

export const calendarItemSchema = z.object({
  id: z.string().min(1),
  subject: z.string(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  isAllDay: z.boolean(),
  isCancelled: z.boolean(),
  isOnlineMeeting: z.boolean(),
  joinUrl: z.string().nullable(),
  isReminderOn: z.boolean(),
  reminderMinutesBeforeStart: z.number().int().min(0),
  location: z.string(),
  webLink: z.string(),
  organizer: z.string(),
  showAs: z.string(),
}) satisfies z.ZodType<CalendarItem>;

const windowSchema = z.object({ start: z.iso.datetime(), end: z.iso.datetime() });
const removalReasonSchema = z.enum(['deleted', 'cancelled', 'outOfWindow']);

export const calendarSyncStateSchema = z.object({
  version: z.literal(1),
  window: windowSchema,
  deltaLink: z.string().nullable(),
  nextLink: z.string().nullable(),
  pendingWindow: windowSchema.optional(),
  pendingEvents: z.record(z.string(), calendarItemSchema).optional(),
  pendingRemoved: z.record(z.string(), removalReasonSchema).optional(),
  events: z.record(z.string(), calendarItemSchema),
}) satisfies z.ZodType<CalendarSyncState>;

export class CalendarStateError extends Error {
  override readonly name = 'CalendarStateError';
}

/**
 * Checks a state read from disk. Throws CalendarStateError (with the first problem) when it is not
 * a CalendarSyncState; the caller then starts fresh, which costs one full round and re-notifies
 * nothing because the reminder scheduler keeps its own fired/dismissed record.
 */
export function parseCalendarSyncState(raw: unknown): CalendarSyncState {
  const parsed = calendarSyncStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CalendarStateError(`Calendar sync state is invalid at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  return parsed.data;
}
