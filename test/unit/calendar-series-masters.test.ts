// CalendarDeltaSync with recurring meetings: calendarView delta sends unmodified occurrences as
// stubs (id, seriesMasterId, type, start, end only — microsoftgraph/microsoft-graph-docs#7632),
// so the sync fetches each series master once per round and completes the stubs from it; a
// master listed in the page is used directly and never becomes an item of its own.
import { describe, expect, it } from 'vitest';
import type { GraphResponse } from '../../main/core/graph/graph-request.ts';
import { CalendarDeltaResponseError, CalendarDeltaSync } from '../../main/core/calendar/calendar-delta-sync.ts';

const T0 = Date.UTC(2026, 10, 2, 7, 0, 0);
const DELTA = 'https://graph.example/v1.0/me/calendarView/delta?$deltatoken=abc';

function stub(id: string, day: number): Record<string, unknown> {
  const start = `2026-11-0${day}T09:00:00.0000000`;
  return {
    '@odata.type': '#microsoft.graph.event',
    '@odata.etag': `W/"${id}"`,
    id,
    seriesMasterId: 'M',
    type: 'occurrence',
    start: { dateTime: start, timeZone: 'UTC' },
    end: { dateTime: start.replace('09:00', '09:15'), timeZone: 'UTC' },
  };
}

const master = {
  id: 'M',
  type: 'seriesMaster',
  subject: 'Standup',
  isReminderOn: true,
  reminderMinutesBeforeStart: 10,
  isOnlineMeeting: true,
  onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/x' },
  location: { displayName: 'Room 7' },
  organizer: { emailAddress: { name: 'Ada', address: 'ada@contoso.example' } },
  showAs: 'busy',
  start: { dateTime: '2026-11-02T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-11-02T09:15:00.0000000', timeZone: 'UTC' },
};

const page = (value: unknown[]): GraphResponse => ({ status: 200, headers: {}, body: { value, '@odata.deltaLink': DELTA } });
const answer = (status: number, body: unknown): GraphResponse => ({ status, headers: {}, body });

describe('CalendarDeltaSync: stub occurrences of a series', () => {
  it('holds a page with stubs, fetches their master once, then applies the page completed from it', () => {
    const sync = new CalendarDeltaSync(null, T0, { fallbackTimeZone: 'UTC' });
    sync.nextRequest(T0);
    const held = sync.applyResponse(page([stub('o2', 2), stub('o3', 3)]));
    expect(held).toMatchObject({ roundComplete: false, changes: [] });
    expect(sync.events).toEqual({});

    const request = sync.nextRequest(T0);
    expect(request.method).toBe('GET');
    expect(request.url).toMatch(/^\/me\/events\/M\?\$select=id,type,subject,/);
    expect(request.headers?.['Prefer']).toContain('outlook.timezone="UTC"');

    const applied = sync.applyResponse(answer(200, master));
    expect(applied.roundComplete).toBe(true);
    expect(applied.changes.map((c) => c.kind)).toEqual(['added', 'added']);
    expect(sync.events['o2']).toMatchObject({
      subject: 'Standup',
      start: '2026-11-02T09:00:00.000Z',
      reminderMinutesBeforeStart: 10,
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
      location: 'Room 7',
      organizer: 'Ada',
    });
    expect(sync.events['o3']?.start).toBe('2026-11-03T09:00:00.000Z');
    // The round is done: the next request is the deltaLink again.
    expect(sync.nextRequest(T0).url).toBe(DELTA);
  });

  it('uses a master listed in the page itself and never keeps it as an item', () => {
    const sync = new CalendarDeltaSync(null, T0, { fallbackTimeZone: 'UTC' });
    sync.nextRequest(T0);
    const result = sync.applyResponse(page([master, stub('o2', 2)]));
    expect(result.roundComplete).toBe(true);
    expect(Object.keys(sync.events)).toEqual(['o2']);
    expect(sync.events['o2']?.subject).toBe('Standup');
  });

  it('drops stubs whose master is gone (404) and finishes the round', () => {
    const sync = new CalendarDeltaSync(null, T0, { fallbackTimeZone: 'UTC' });
    sync.nextRequest(T0);
    sync.applyResponse(page([stub('o2', 2)]));
    sync.nextRequest(T0);
    const result = sync.applyResponse(answer(404, { error: { code: 'ErrorItemNotFound' } }));
    expect(result.roundComplete).toBe(true);
    expect(sync.events).toEqual({});
  });

  it('a failed master GET throws a typed error and is asked again next time; later rounds read the master afresh', () => {
    const sync = new CalendarDeltaSync(null, T0, { fallbackTimeZone: 'UTC' });
    sync.nextRequest(T0);
    sync.applyResponse(page([stub('o2', 2)]));
    sync.nextRequest(T0);
    expect(() => sync.applyResponse(answer(503, { error: { code: 'ServiceNotAvailable' } }))).toThrow(CalendarDeltaResponseError);
    expect(sync.nextRequest(T0).url).toMatch(/^\/me\/events\/M\?/);
    expect(sync.applyResponse(answer(200, master)).roundComplete).toBe(true);

    // Next (incremental) round: the series was edited; its stubs come again and the master is re-read.
    expect(sync.nextRequest(T0).url).toBe(DELTA);
    expect(sync.applyResponse(page([stub('o2', 2)])).roundComplete).toBe(false);
    expect(sync.nextRequest(T0).url).toMatch(/^\/me\/events\/M\?/);
    const edited = sync.applyResponse(answer(200, { ...master, subject: 'Daily sync', reminderMinutesBeforeStart: 5 }));
    expect(edited.changes).toEqual([expect.objectContaining({ kind: 'updated', event: expect.objectContaining({ subject: 'Daily sync', reminderMinutesBeforeStart: 5 }) as unknown })]);
  });
});
