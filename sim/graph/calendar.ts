// One user's calendar with a change log for calendarView delta. Recurring series are a
// `seriesMaster` plus one materialized SimEvent per occurrence (see recurrence-series.ts); the
// master is never in a calendar view, only its occurrences and exceptions are. Each change
// remembers where the event was before, so an event moved out of a delta window, cancelled or
// deleted can be reported as @removed to a client that knew it.
import { createHash } from 'node:crypto';
import type { EmailAddress } from './mailbox.ts';
import type { SimRecurrence } from './recurrence.ts';

/** https://learn.microsoft.com/graph/api/resources/event (`type`). */
export type SimEventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

export type ShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

export interface ReminderState {
  dismissed: boolean;
  dismissCount: number;
  snoozedUntilMs: number | null;
  snoozeCount: number;
}

export interface SimEvent {
  readonly id: string;
  subject: string;
  bodyHtml: string;
  startMs: number;
  endMs: number;
  isAllDay: boolean;
  /** The time zone the organizer created it in (originalStartTimeZone). */
  timeZone: string;
  isCancelled: boolean;
  isOnlineMeeting: boolean;
  joinUrl: string | null;
  reminderMinutesBeforeStart: number;
  isReminderOn: boolean;
  location: string;
  organizer: EmailAddress;
  showAs: ShowAs;
  createdMs: number;
  modifiedMs: number;
  changeSeq: number;
  version: number;
  reminder: ReminderState;
  type: SimEventType;
  /** The series master's id, for occurrences and exceptions. */
  seriesMasterId: string | null;
  /** Where the series put this occurrence (before any move), for occurrences and exceptions. */
  originalStartMs: number | null;
  /** The rule, on series masters only. */
  recurrence: SimRecurrence | null;
}

export interface EventSpan {
  startMs: number;
  endMs: number;
  /** Cancelled or deleted events are not "live": calendarView delta reports them as @removed. */
  live: boolean;
}

export interface EventChange {
  readonly seq: number;
  readonly id: string;
  /** Null when the change created the event. */
  readonly before: EventSpan | null;
}

type SeriesFields = 'type' | 'seriesMasterId' | 'originalStartMs' | 'recurrence';
export type NewEvent = Omit<SimEvent, 'id' | 'createdMs' | 'modifiedMs' | 'changeSeq' | 'version' | 'reminder' | SeriesFields> &
  Partial<Pick<SimEvent, SeriesFields>>;
export type EventPatch = Partial<Omit<SimEvent, 'id' | 'createdMs' | 'modifiedMs' | 'changeSeq' | 'version' | 'reminder' | 'organizer' | 'seriesMasterId'>>;

export function overlaps(span: { startMs: number; endMs: number }, startMs: number, endMs: number): boolean {
  // calendarView semantics: events that overlap [start, end); a zero-length event at start counts.
  return span.startMs < endMs && (span.endMs > startMs || span.startMs === startMs);
}

export class Calendar {
  readonly events = new Map<string, SimEvent>();
  readonly changes: EventChange[] = [];
  /** Ids of occurrences deleted from their series: re-expanding the series must not bring them back. */
  readonly deletedOccurrences = new Set<string>();
  seq = 0;
  tokenEpoch = 0;
  private nextLocalId = 1;
  private readonly tag: string;

  constructor(
    readonly userId: string,
    private readonly now: () => number,
  ) {
    this.tag = createHash('sha256').update(`cal:${userId}`).digest('base64url').slice(0, 10);
  }

  /** `id` is given for occurrences (derived from their series and date), else a new one is made. */
  add(input: NewEvent, id = this.newId()): SimEvent {
    const nowMs = this.now();
    const event: SimEvent = {
      type: 'singleInstance',
      seriesMasterId: null,
      originalStartMs: null,
      recurrence: null,
      ...input,
      id,
      createdMs: nowMs,
      modifiedMs: nowMs,
      changeSeq: 0,
      version: 0,
      reminder: { dismissed: false, dismissCount: 0, snoozedUntilMs: null, snoozeCount: 0 },
    };
    this.events.set(id, event);
    this.log(event, null);
    return event;
  }

  private newId(): string {
    return `AAMkAGEv${Buffer.from(`${this.tag}/e/${(this.nextLocalId++).toString(36).padStart(6, '0')}`).toString('base64url')}`;
  }

  /** The occurrences and exceptions of a series, by original start. */
  occurrencesOf(masterId: string): SimEvent[] {
    return [...this.events.values()]
      .filter((e) => e.seriesMasterId === masterId)
      .sort((a, b) => (a.originalStartMs ?? a.startMs) - (b.originalStartMs ?? b.startMs));
  }

  update(event: SimEvent, patch: EventPatch): SimEvent {
    const before = spanOf(event);
    Object.assign(event, patch);
    this.log(event, before);
    return event;
  }

  /** The reminder changed (snooze / dismiss): the item changes, as in Exchange. */
  touch(event: SimEvent): void {
    this.log(event, spanOf(event));
  }

  remove(event: SimEvent): void {
    const before = spanOf(event);
    this.events.delete(event.id);
    this.seq += 1;
    this.changes.push({ seq: this.seq, id: event.id, before });
  }

  /**
   * Gone without a trace in delta: no @removed is ever sent for it, as Graph has been seen to do
   * for a deleted occurrence (microsoftgraph/microsoft-graph-docs#4501). A GET answers 404 and a
   * full round (a new window) no longer lists it.
   */
  removeUnreported(event: SimEvent): void {
    this.events.delete(event.id);
  }

  private log(event: SimEvent, before: EventSpan | null): void {
    this.seq += 1;
    event.changeSeq = this.seq;
    event.version += 1;
    if (event.version > 1) event.modifiedMs = Math.max(this.now(), event.modifiedMs);
    this.changes.push({ seq: this.seq, id: event.id, before });
  }
}

export function spanOf(event: SimEvent): EventSpan {
  // A series master is never in a view (its occurrences are), so it never counts as "live".
  return { startMs: event.startMs, endMs: event.endMs, live: !event.isCancelled && event.type !== 'seriesMaster' };
}

/** In a calendarView over [startMs, endMs): not cancelled, not a series master, overlapping. */
export function isViewable(event: SimEvent, startMs: number, endMs: number): boolean {
  return spanOf(event).live && overlaps(event, startMs, endMs);
}
