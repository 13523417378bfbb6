// CalendarDeltaSync against hand-written pages shaped like Graph's documented event delta
// responses (https://learn.microsoft.com/graph/api/event-delta, "Example").
import { describe, expect, it } from 'vitest';
import type { GraphResponse } from '../../main/core/graph/graph-request.ts';
import { CalendarDeltaResponseError, CalendarDeltaSync, type CalendarChange } from '../../main/core/calendar/calendar-delta-sync.ts';
import { CalendarStateError, parseCalendarSyncState } from '../../main/core/calendar/calendar-sync-state.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0); // 2026-11-02T09:00:00Z
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface EventInput {
  id: string;
  subject?: string;
  start: string;
  end: string;
  timeZone?: string;
  isAllDay?: boolean;
  isCancelled?: boolean;
  reminderMinutesBeforeStart?: number;
  originalStartTimeZone?: string;
}

/** A Graph event as calendarView delta returns it (full event: $select is not supported). */
function graphEvent(input: EventInput): Record<string, unknown> {
  const tz = input.timeZone ?? 'UTC';
  return {
    '@odata.type': '#microsoft.graph.event',
    '@odata.etag': `W/"${input.id}-etag"`,
    id: input.id,
    createdDateTime: '2026-10-30T11:22:53.2309063Z',
    subject: input.subject ?? `Meeting ${input.id}`,
    bodyPreview: '',
    body: { contentType: 'html', content: '<html></html>' },
    start: { dateTime: input.start, timeZone: tz },
    end: { dateTime: input.end, timeZone: tz },
    originalStartTimeZone: input.originalStartTimeZone ?? 'UTC',
    originalEndTimeZone: input.originalStartTimeZone ?? 'UTC',
    isAllDay: input.isAllDay ?? false,
    isCancelled: input.isCancelled ?? false,
    isOnlineMeeting: true,
    onlineMeeting: { joinUrl: `https://teams.microsoft.com/l/meetup-join/${input.id}` },
    onlineMeetingUrl: null,
    onlineMeetingProvider: 'teamsForBusiness',
    isReminderOn: true,
    reminderMinutesBeforeStart: input.reminderMinutesBeforeStart ?? 15,
    location: { displayName: 'Room 4', locationType: 'default' },
    webLink: `https://outlook.office365.com/owa/?itemid=${input.id}`,
    organizer: { emailAddress: { name: 'Ada Lovelace', address: 'ada@contoso.com' } },
    showAs: 'busy',
    type: 'singleInstance',
    attendees: [],
  };
}

function page(value: unknown[], link: { next?: string; delta?: string }): GraphResponse {
  const body: Record<string, unknown> = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(event)', value };
  if (link.next) body['@odata.nextLink'] = link.next;
  if (link.delta) body['@odata.deltaLink'] = link.delta;
  return { status: 200, headers: { 'content-type': 'application/json' }, body };
}

const removed = (id: string) => ({ '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } });
const kinds = (changes: CalendarChange[]) =>
  changes.map((c) => `${c.kind}:${c.kind === 'removed' ? `${c.eventId}:${c.reason}` : c.event.id}`).sort();

/** A sync that has completed its first round with the given events. */
function synced(events: Record<string, unknown>[], now = T0): CalendarDeltaSync {
  const sync = new CalendarDeltaSync(null, now, { fallbackTimeZone: 'UTC' });
  sync.nextRequest(now);
  sync.applyResponse(page(events, { delta: 'https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=D1' }));
  return sync;
}

describe('CalendarDeltaSync requests', () => {
  it('starts with calendarView delta over now − 1 h … now + 7 days, UTC times and a page size, no $select', () => {
    const sync = new CalendarDeltaSync(null, T0);
    const req = sync.nextRequest(T0);
    expect(req.method).toBe('GET');
    const url = new URL(req.url, 'https://graph.microsoft.com/v1.0');
    expect(url.pathname).toBe('/me/calendarView/delta');
    expect(url.searchParams.get('startDateTime')).toBe('2026-11-02T08:00:00Z');
    expect(url.searchParams.get('endDateTime')).toBe('2026-11-09T09:00:00Z');
    expect(url.searchParams.has('$select')).toBe(false);
    expect(req.headers?.Prefer).toContain('outlook.timezone="UTC"');
    expect(req.headers?.Prefer).toMatch(/odata\.maxpagesize=\d+/);
  });

  it('follows the nextLink, then the deltaLink, sending Prefer on every page', () => {
    const sync = new CalendarDeltaSync(null, T0);
    sync.nextRequest(T0);
    const first = sync.applyResponse(
      page([graphEvent({ id: 'a', start: '2026-11-02T10:00:00.0000000', end: '2026-11-02T11:00:00.0000000' })], {
        next: 'https://graph.microsoft.com/v1.0/me/calendarView/delta?$skiptoken=S1',
      }),
    );
    // A full round reports nothing until it completes (then it is diffed against what we knew).
    expect(first).toMatchObject({ changes: [], roundComplete: false });
    const second = sync.nextRequest(T0);
    expect(second.url).toBe('https://graph.microsoft.com/v1.0/me/calendarView/delta?$skiptoken=S1');
    expect(second.headers?.Prefer).toContain('outlook.timezone="UTC"');
    const done = sync.applyResponse(
      page([graphEvent({ id: 'b', start: '2026-11-03T10:00:00.0000000', end: '2026-11-03T11:00:00.0000000' })], {
        delta: 'https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=D1',
      }),
    );
    expect(done.roundComplete).toBe(true);
    expect(kinds(done.changes)).toEqual(['added:a', 'added:b']);
    expect(sync.nextRequest(T0 + 60_000).url).toBe('https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=D1');
  });
});

describe('CalendarDeltaSync mapping', () => {
  it('maps the Graph event to a CalendarItem with UTC instants, join URL and location', () => {
    const sync = synced([graphEvent({ id: 'a', subject: 'Standup', start: '2026-11-02T10:00:00.0000000', end: '2026-11-02T10:15:00.0000000' })]);
    expect(sync.events.a).toEqual({
      id: 'a',
      subject: 'Standup',
      start: '2026-11-02T10:00:00.000Z',
      end: '2026-11-02T10:15:00.000Z',
      isAllDay: false,
      isCancelled: false,
      isOnlineMeeting: true,
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/a',
      isReminderOn: true,
      reminderMinutesBeforeStart: 15,
      location: 'Room 4',
      webLink: 'https://outlook.office365.com/owa/?itemid=a',
      organizer: 'Ada Lovelace',
      showAs: 'busy',
    });
  });

  it('reads an event at 09:00 Europe/Moscow as 06:00 UTC, whether or not the Prefer header was honoured', () => {
    const sync = synced([
      // Honoured: Graph converted to UTC.
      graphEvent({ id: 'utc', start: '2026-11-03T06:00:00.0000000', end: '2026-11-03T07:00:00.0000000', originalStartTimeZone: 'Russian Standard Time' }),
      // Not honoured: Windows zone id, and IANA id.
      graphEvent({ id: 'win', start: '2026-11-03T09:00:00.0000000', end: '2026-11-03T10:00:00.0000000', timeZone: 'Russian Standard Time' }),
      graphEvent({ id: 'iana', start: '2026-11-03T09:00:00.0000000', end: '2026-11-03T10:00:00.0000000', timeZone: 'Europe/Moscow' }),
      // An explicit offset wins over the label.
      graphEvent({ id: 'offset', start: '2026-11-03T09:00:00+03:00', end: '2026-11-03T10:00:00+03:00', timeZone: 'UTC' }),
    ]);
    for (const id of ['utc', 'win', 'iana', 'offset']) expect(sync.events[id]?.start, id).toBe('2026-11-03T06:00:00.000Z');
  });

  it('converts across a DST change in the event zone (New York, first Sunday of November)', () => {
    const sync = synced([
      graphEvent({ id: 'before', start: '2026-10-31T09:00:00.0000000', end: '2026-10-31T10:00:00.0000000', timeZone: 'Eastern Standard Time' }),
      graphEvent({ id: 'after', start: '2026-11-02T09:00:00.0000000', end: '2026-11-02T10:00:00.0000000', timeZone: 'America/New_York' }),
    ]);
    expect(sync.events.before?.start).toBe('2026-10-31T13:00:00.000Z'); // EDT, UTC−4
    expect(sync.events.after?.start).toBe('2026-11-02T14:00:00.000Z'); // EST, UTC−5
  });

  it('keeps all-day events as midnight in their own zone and honours their reminder (18 h is typical)', () => {
    const sync = synced([
      // All-day events come back midnight-to-midnight whatever the Prefer header asks for.
      graphEvent({
        id: 'holiday',
        start: '2026-11-04T00:00:00.0000000',
        end: '2026-11-05T00:00:00.0000000',
        isAllDay: true,
        originalStartTimeZone: 'Russian Standard Time',
        reminderMinutesBeforeStart: 1080,
      }),
      graphEvent({ id: 'utcday', start: '2026-11-04T00:00:00.0000000', end: '2026-11-05T00:00:00.0000000', isAllDay: true }),
    ]);
    expect(sync.events.holiday).toMatchObject({
      isAllDay: true,
      start: '2026-11-03T21:00:00.000Z',
      end: '2026-11-04T21:00:00.000Z',
      reminderMinutesBeforeStart: 1080,
    });
    expect(sync.events.utcday).toMatchObject({ start: '2026-11-04T00:00:00.000Z', end: '2026-11-05T00:00:00.000Z' });
  });

  it('uses the fallback zone for an all-day event whose own zone is unknown, and counts it', () => {
    const sync = new CalendarDeltaSync(null, T0, { fallbackTimeZone: 'Asia/Tokyo' });
    sync.nextRequest(T0);
    const result = sync.applyResponse(
      page(
        [
          graphEvent({
            id: 'custom',
            start: '2026-11-04T00:00:00.0000000',
            end: '2026-11-05T00:00:00.0000000',
            isAllDay: true,
            originalStartTimeZone: 'tzone://Microsoft/Custom',
          }),
        ],
        { delta: 'D1' },
      ),
    );
    expect(result.unknownTimeZones).toBe(1);
    expect(sync.events.custom?.start).toBe('2026-11-03T15:00:00.000Z');
  });

  it('prefers onlineMeeting.joinUrl, falls back to onlineMeetingUrl, and refuses non-https links', () => {
    const base = { start: '2026-11-02T10:00:00.0000000', end: '2026-11-02T11:00:00.0000000' };
    const sync = synced([
      { ...graphEvent({ id: 'old', ...base }), onlineMeeting: null, onlineMeetingUrl: 'https://meet.example/old' },
      { ...graphEvent({ id: 'js', ...base }), onlineMeeting: { joinUrl: 'javascript:alert(1)' } },
      { ...graphEvent({ id: 'none', ...base }), onlineMeeting: null, isOnlineMeeting: false, location: null },
    ]);
    expect(sync.events.old?.joinUrl).toBe('https://meet.example/old');
    expect(sync.events.js?.joinUrl).toBeNull();
    expect(sync.events.none).toMatchObject({ joinUrl: null, isOnlineMeeting: false, location: '' });
  });

  it('skips and reports malformed entries without throwing, and keeps the good ones', () => {
    const sync = new CalendarDeltaSync(null, T0);
    sync.nextRequest(T0);
    const result = sync.applyResponse(
      page(
        [
          'not an object',
          { id: 'nostart', subject: 'x' },
          { ...graphEvent({ id: 'badtime', start: 'tomorrow', end: '2026-11-02T11:00:00.0000000' }) },
          { ...graphEvent({ id: 'backwards', start: '2026-11-02T12:00:00.0000000', end: '2026-11-02T11:00:00.0000000' }) },
          { ...graphEvent({ id: 'badminutes', start: '2026-11-02T10:00:00.0000000', end: '2026-11-02T11:00:00.0000000' }), reminderMinutesBeforeStart: -5 },
          graphEvent({ id: 'good', start: '2026-11-02T10:00:00.0000000', end: '2026-11-02T11:00:00.0000000' }),
        ],
        { delta: 'D1' },
      ),
    );
    expect(result.skipped.map((s) => s.id)).toEqual([null, 'nostart', 'badtime', 'backwards', 'badminutes']);
    expect(result.skipped.every((s) => s.reason.length > 0)).toBe(true);
    expect(Object.keys(sync.events)).toEqual(['good']);
    expect(kinds(result.changes)).toEqual(['added:good']);
  });
});

describe('CalendarDeltaSync incremental rounds', () => {
  const a = graphEvent({ id: 'a', start: '2026-11-02T10:00:00.0000000', end: '2026-11-02T11:00:00.0000000' });
  const b = graphEvent({ id: 'b', start: '2026-11-02T12:00:00.0000000', end: '2026-11-02T13:00:00.0000000' });
  const c = graphEvent({ id: 'c', start: '2026-11-02T14:00:00.0000000', end: '2026-11-02T15:00:00.0000000' });

  it('reports added, updated (moved), @removed and cancelled, and ignores an unchanged re-send', () => {
    const sync = synced([a, b, c]);
    expect(sync.nextRequest(T0).url).toContain('$deltatoken=D1');
    const result = sync.applyResponse(
      page(
        [
          a, // unchanged
          { ...b, start: { dateTime: '2026-11-02T16:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-11-02T17:00:00.0000000', timeZone: 'UTC' } },
          removed('c'),
          graphEvent({ id: 'd', start: '2026-11-03T09:00:00.0000000', end: '2026-11-03T10:00:00.0000000' }),
          { ...a, id: 'a', isCancelled: true },
          removed('never-known'),
        ],
        { delta: 'D2' },
      ),
    );
    expect(kinds(result.changes)).toEqual(['added:d', 'removed:a:cancelled', 'removed:c:deleted', 'updated:b']);
    const moved = result.changes.find((ch) => ch.kind === 'updated');
    expect(moved?.kind === 'updated' && moved.previous.start).toBe('2026-11-02T12:00:00.000Z');
    expect(Object.keys(sync.events).sort()).toEqual(['b', 'd']);
    expect(sync.nextRequest(T0).url).toBe('D2');
  });

  it('merges a partial update onto what it knows', () => {
    const sync = synced([a]);
    const result = sync.applyResponse(page([{ id: 'a', subject: 'Renamed' }], { delta: 'D2' }));
    expect(kinds(result.changes)).toEqual(['updated:a']);
    expect(sync.events.a).toMatchObject({ subject: 'Renamed', start: '2026-11-02T10:00:00.000Z', location: 'Room 4' });
  });

  it('applies paged incremental rounds page by page', () => {
    const sync = synced([a]);
    const first = sync.applyResponse(page([b], { next: 'N2' }));
    expect(kinds(first.changes)).toEqual(['added:b']);
    expect(first.roundComplete).toBe(false);
    expect(sync.nextRequest(T0).url).toBe('N2');
    const second = sync.applyResponse(page([removed('a')], { delta: 'D3' }));
    expect(kinds(second.changes)).toEqual(['removed:a:deleted']);
    expect(second.roundComplete).toBe(true);
  });
});

describe('CalendarDeltaSync window roll and resync', () => {
  const past = graphEvent({ id: 'past', start: '2026-11-02T08:00:00.0000000', end: '2026-11-02T08:30:00.0000000' });
  const same = graphEvent({ id: 'same', start: '2026-11-04T10:00:00.0000000', end: '2026-11-04T11:00:00.0000000' });
  const moves = graphEvent({ id: 'moves', start: '2026-11-05T10:00:00.0000000', end: '2026-11-05T11:00:00.0000000' });
  const goes = graphEvent({ id: 'goes', start: '2026-11-06T10:00:00.0000000', end: '2026-11-06T11:00:00.0000000' });

  it('keeps polling the deltaLink while 6 days or more remain ahead', () => {
    const sync = synced([same]);
    expect(sync.nextRequest(T0 + DAY - 60_000).url).toContain('$deltatoken=D1');
  });

  it('rolls to a new window once the horizon runs short, keeps old events meanwhile, and diffs on completion', () => {
    const sync = synced([past, same, moves, goes]);
    const later = T0 + DAY + 60_000;
    const req = sync.nextRequest(later);
    const url = new URL(req.url, 'https://graph.microsoft.com/v1.0');
    expect(url.pathname).toBe('/me/calendarView/delta');
    expect(url.searchParams.get('startDateTime')).toBe('2026-11-03T08:01:00Z');
    expect(url.searchParams.get('endDateTime')).toBe('2026-11-10T09:01:00Z');
    expect(sync.fullRoundInProgress).toBe(true);

    const newOne = graphEvent({ id: 'new', start: '2026-11-09T20:00:00.0000000', end: '2026-11-09T21:00:00.0000000' });
    const firstPage = sync.applyResponse(page([same], { next: 'S1' }));
    expect(firstPage.changes).toEqual([]);
    expect(Object.keys(sync.events).sort()).toEqual(['goes', 'moves', 'past', 'same']); // old window still known
    expect(sync.nextRequest(later).url).toBe('S1');
    const done = sync.applyResponse(
      page([{ ...moves, start: { dateTime: '2026-11-05T12:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-11-05T13:00:00.0000000', timeZone: 'UTC' } }, newOne], {
        delta: 'D-new',
      }),
    );
    expect(done.roundComplete).toBe(true);
    // Unchanged "same" is not added again; "past" left through the back of the window.
    expect(kinds(done.changes)).toEqual(['added:new', 'removed:goes:deleted', 'removed:past:outOfWindow', 'updated:moves']);
    expect(sync.snapshot().window).toEqual({ start: '2026-11-03T08:01:00Z', end: '2026-11-10T09:01:00Z' });
    expect(sync.nextRequest(later).url).toBe('D-new');
  });

  it('keeps a known event that arrives malformed in the new round instead of reporting it removed', () => {
    const sync = synced([same]);
    sync.nextRequest(T0 + 2 * DAY);
    const done = sync.applyResponse(page([{ ...same, start: { dateTime: 'garbage', timeZone: 'UTC' } }], { delta: 'D2' }));
    expect(done.skipped).toHaveLength(1);
    expect(done.changes).toEqual([]);
    expect(sync.events.same).toBeDefined();
  });

  it('on 410 Gone starts a new full round and re-reports nothing it already knew', () => {
    const sync = synced([same, moves]);
    sync.nextRequest(T0 + HOUR);
    const gone = sync.applyResponse({
      status: 410,
      headers: {},
      body: { error: { code: 'syncStateNotFound', message: 'The sync state generation is expired.' } },
    });
    expect(gone).toMatchObject({ resyncStarted: true, changes: [], roundComplete: false });
    expect(Object.keys(sync.events).sort()).toEqual(['moves', 'same']);
    const req = sync.nextRequest(T0 + HOUR);
    expect(new URL(req.url, 'https://x').searchParams.get('startDateTime')).toBe('2026-11-02T09:00:00Z');
    const done = sync.applyResponse(page([same, moves], { delta: 'D9' }));
    expect(done.changes).toEqual([]);
    expect(done.roundComplete).toBe(true);
  });

  it('restarts an interrupted full round from its first page', () => {
    const sync = new CalendarDeltaSync(null, T0);
    const first = sync.nextRequest(T0);
    expect(sync.nextRequest(T0).url).toBe(first.url); // the first page failed to arrive: ask again
  });
});

describe('CalendarDeltaSync errors and state', () => {
  it('throws a typed error for a failed response and leaves the state as it was', () => {
    const sync = synced([]);
    sync.nextRequest(T0);
    const before = sync.snapshot();
    const call = () => sync.applyResponse({ status: 503, headers: {}, body: { error: { code: 'ServiceUnavailable' } } });
    expect(call).toThrow(CalendarDeltaResponseError);
    try {
      call();
    } catch (err) {
      expect(err).toMatchObject({ status: 503, code: 'ServiceUnavailable' });
    }
    expect(sync.snapshot()).toEqual(before);
  });

  it('throws malformedResponse for a page without a value array or links', () => {
    const sync = synced([]);
    expect(() => sync.applyResponse({ status: 200, headers: {}, body: { value: [] } })).toThrow(/no value array or no next\/delta link/);
    expect(() => sync.applyResponse({ status: 200, headers: {}, body: 'oops' })).toThrow(CalendarDeltaResponseError);
  });

  it('round-trips its state through JSON and carries on from the deltaLink', () => {
    const sync = synced([graphEvent({ id: 'a', start: '2026-11-02T10:00:00.0000000', end: '2026-11-02T11:00:00.0000000' })]);
    const restored = new CalendarDeltaSync(parseCalendarSyncState(JSON.parse(JSON.stringify(sync.snapshot()))), T0 + HOUR);
    expect(restored.nextRequest(T0 + HOUR).url).toContain('$deltatoken=D1');
    expect(restored.events.a?.subject).toBe('Meeting a');
  });

  it('rejects a corrupted state with a clear typed error', () => {
    expect(() => parseCalendarSyncState({ version: 1, window: { start: 'x', end: 'y' } })).toThrow(CalendarStateError);
    expect(() => parseCalendarSyncState(null)).toThrow(/Calendar sync state is invalid/);
  });
});
