// What the reminder scheduler persists, and the pure rule for when an event's reminder is due.
// Exactly-once as the user sees it: a reminder is identified by (event id, fireAt); once fired its
// key is recorded, so a restart, a resync or a window roll never fires it again, and a moved event
// (new start → new fireAt → new key) fires again for its new time.
import { z } from 'zod';
import type { CalendarItem } from './calendar-item.ts';

/** A snooze or dismiss not yet confirmed by Graph (offline, throttled): retried until it lands. */
export type ReminderWriteBack = { kind: 'snooze'; eventId: string; until: number } | { kind: 'dismiss'; eventId: string };

export interface ReminderState {
  version: 1;
  /** reminderKey → epoch ms after which the entry may be forgotten (the event's end). */
  fired: Record<string, number>;
  /** eventId → epoch ms the snoozed reminder fires again. */
  snoozedUntil: Record<string, number>;
  /** eventId → the start (UTC ISO) that was dismissed; a moved event re-arms its reminder. */
  dismissed: Record<string, string>;
  /** Snooze/dismiss still to be written to Graph, oldest first. */
  outbox: ReminderWriteBack[];
}

export function emptyReminderState(): ReminderState {
  return { version: 1, fired: {}, snoozedUntil: {}, dismissed: {}, outbox: [] };
}

const writeBackSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('snooze'), eventId: z.string().min(1), until: z.number() }),
  z.object({ kind: z.literal('dismiss'), eventId: z.string().min(1) }),
]);

export const reminderStateSchema = z.object({
  version: z.literal(1),
  fired: z.record(z.string(), z.number()),
  snoozedUntil: z.record(z.string(), z.number()),
  dismissed: z.record(z.string(), z.string()),
  outbox: z.array(writeBackSchema),
}) satisfies z.ZodType<ReminderState>;

export class ReminderStateError extends Error {
  override readonly name = 'ReminderStateError';
}

/** Checks a state read from disk; throws ReminderStateError when it is not a ReminderState. */
export function parseReminderState(raw: unknown): ReminderState {
  const parsed = reminderStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReminderStateError(`Reminder state is invalid at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  return parsed.data;
}

export function reminderKey(eventId: string, fireAt: number): string {
  return `${eventId}@${fireAt}`;
}

/** The regular (not snoozed) reminder time: start − reminderMinutesBeforeStart. */
export function regularFireAt(event: CalendarItem): number {
  return Date.parse(event.start) - event.reminderMinutesBeforeStart * 60_000;
}

/**
 * When this event's reminder should fire next, or null if it should not (off, cancelled, ended,
 * dismissed for this start, already fired). A time in the past means "overdue: fire now" — that is
 * how a reminder missed while the app was closed fires once at start-up.
 */
export function pendingFireAt(event: CalendarItem, state: ReminderState, now: number): number | null {
  if (!event.isReminderOn || event.isCancelled) return null;
  if (Date.parse(event.end) <= now && Date.parse(event.start) < now) return null;
  if (state.dismissed[event.id] === event.start) return null;
  const snoozed = state.snoozedUntil[event.id];
  const fireAt = snoozed ?? regularFireAt(event);
  return state.fired[reminderKey(event.id, fireAt)] === undefined ? fireAt : null;
}

/** Fired keys belonging to one event, with their fireAt. */
export function firedFor(state: ReminderState, eventId: string): { key: string; fireAt: number }[] {
  const prefix = `${eventId}@`;
  return Object.keys(state.fired)
    .filter((key) => key.startsWith(prefix) && key.lastIndexOf('@') === prefix.length - 1)
    .map((key) => ({ key, fireAt: Number(key.slice(prefix.length)) }));
}
