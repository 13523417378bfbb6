// Calendar over HTTP: calendarView delta (window in the token, paging, @removed for cancelled,
// deleted and moved-out events, 410 on expiry), calendarView, events, time zones, and
// snooze/dismiss reaching the simulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let sim: RunningSimulator;
let admin: SimAdminClient;
let graph: SimGraphClient;
let upn: string;
let n = 0;
const base = Date.parse('2026-11-28T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const windowQuery = `startDateTime=${iso(base)}&endDateTime=${iso(base + 7 * DAY)}`;

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
});
afterAll(() => sim.close());
beforeEach(async () => {
  upn = `cal${++n}@contoso.example`;
  await admin.addUser({ upn, displayName: `Cal ${n}` });
  graph = new SimGraphClient(sim.url, (await admin.token(upn)).accessToken);
});

const meeting = (subject: string, startMs: number, extra: Record<string, unknown> = {}) =>
  admin.addEvent(upn, { subject, start: iso(startMs), end: iso(startMs + HOUR), ...extra });

describe('calendarView delta', () => {
  it('returns full events in the window, pages, and carries a Teams join link', async () => {
    const a = await meeting('Standup', base + HOUR, { isOnlineMeeting: true, reminderMinutesBeforeStart: 10 });
    await meeting('Planning', base + DAY);
    await meeting('Later', base + 2 * DAY);
    await meeting('Outside', base + 8 * DAY);
    const round = await graph.deltaRound(`${sim.url}/v1.0/me/calendarView/delta?${windowQuery}`, { prefer: 'odata.maxpagesize=2, outlook.timezone="UTC"' });
    expect(round.pages).toBe(2);
    expect(round.items.map((e) => e['subject'])).toEqual(['Standup', 'Planning', 'Later']);
    expect(round.items[0]).toMatchObject({
      '@odata.type': '#microsoft.graph.event',
      id: a.id,
      start: { dateTime: '2026-11-28T09:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-11-28T10:00:00.0000000', timeZone: 'UTC' },
      isOnlineMeeting: true,
      onlineMeeting: { joinUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//) },
      reminderMinutesBeforeStart: 10,
      isReminderOn: true,
      isAllDay: false,
      isCancelled: false,
      organizer: { emailAddress: { address: upn } },
      showAs: 'busy',
      webLink: expect.any(String),
    });
  });

  it('reports changes, and @removed for cancelled, deleted and moved-out events; the window never moves', async () => {
    const keep = await meeting('Keep', base + HOUR);
    const cancel = await meeting('Cancel', base + 2 * HOUR);
    const del = await meeting('Delete', base + 3 * HOUR);
    const move = await meeting('Move', base + 4 * HOUR);
    const initial = await graph.deltaRound(`${sim.url}/v1.0/me/calendarView/delta?${windowQuery}`);
    expect(initial.items).toHaveLength(4);

    await admin.patchEvent(upn, keep.id, { start: iso(base + 5 * HOUR), end: iso(base + 6 * HOUR) });
    await admin.patchEvent(upn, cancel.id, { isCancelled: true });
    await admin.deleteEvent(upn, del.id);
    await admin.patchEvent(upn, move.id, { start: iso(base + 10 * DAY), end: iso(base + 10 * DAY + HOUR) });
    const outside = await meeting('Never seen', base + 20 * DAY);
    await admin.patchEvent(upn, outside.id, { subject: 'Still outside' });
    const changes = await graph.deltaRound(initial.deltaLink);
    const byId = new Map(changes.items.map((e) => [e['id'], e]));
    expect(byId.get(keep.id)).toMatchObject({ start: { dateTime: '2026-11-28T13:00:00.0000000' } });
    for (const gone of [cancel.id, del.id, move.id]) {
      expect(byId.get(gone)).toEqual({ '@odata.type': '#microsoft.graph.event', id: gone, '@removed': { reason: 'deleted' } });
    }
    expect(byId.has(outside.id)).toBe(false);
    expect(changes.items).toHaveLength(4);
    expect((await graph.deltaRound(changes.deltaLink)).items).toEqual([]);
  });

  it('refuses $select and a missing window, and answers 410 after expiry', async () => {
    expect((await graph.get(`/me/calendarView/delta?${windowQuery}&$select=subject`)).status).toBe(400);
    expect((await graph.get('/me/calendarView/delta?startDateTime=2026-11-28T00:00:00Z')).status).toBe(400);
    expect((await graph.get(`/me/calendarView/delta?startDateTime=${iso(base + DAY)}&endDateTime=${iso(base)}`)).status).toBe(400);
    const round = await graph.deltaRound(`${sim.url}/v1.0/me/calendarView/delta?${windowQuery}`);
    await admin.expireDeltaTokens(upn);
    const gone = await graph.get(round.deltaLink);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ error: { code: 'syncStateNotFound' } });
    expect(gone.headers.get('location')).toContain('startDateTime=');
  });
});

describe('events', () => {
  it('serves calendarView, events/{id} in both key forms, and time zones from Prefer', async () => {
    const { id } = await meeting('Zoned', base + HOUR);
    const view = await graph.get(`/me/calendarView?${windowQuery}&$select=subject`);
    expect(view.body['value']).toEqual([{ '@odata.etag': expect.any(String), id, subject: 'Zoned' }]);
    const utc = await graph.get(`/me/events('${id}')`);
    expect(utc.body).toMatchObject({ start: { dateTime: '2026-11-28T09:00:00.0000000', timeZone: 'UTC' } });
    const ny = await graph.get(`/me/events/${id}`, { prefer: 'outlook.timezone="America/New_York"' });
    expect(ny.body).toMatchObject({ start: { dateTime: '2026-11-28T04:00:00.0000000', timeZone: 'America/New_York' } });
    expect(ny.headers.get('preference-applied')).toContain('outlook.timezone="America/New_York"');
    expect((await graph.get('/me/events/missing')).status).toBe(404);
  });

  it('keeps all-day events on their date', async () => {
    const { id } = await admin.addEvent(upn, { subject: 'Holiday', start: '2026-11-30', end: '2026-12-01', isAllDay: true });
    const ev = await graph.get(`/me/events/${id}`, { prefer: 'outlook.timezone="Pacific/Auckland"' });
    expect(ev.body).toMatchObject({ isAllDay: true, start: { dateTime: '2026-11-30T00:00:00.0000000' }, end: { dateTime: '2026-12-01T00:00:00.0000000' } });
  });

  it('snoozes and dismisses reminders, visible through the admin API', async () => {
    const { id } = await meeting('Remind me', base + HOUR);
    const snooze = await graph.request('POST', `/me/events/${id}/snoozeReminder`, { body: { newReminderTime: { dateTime: '2026-11-28T08:55:00', timeZone: 'UTC' } } });
    expect(snooze.status).toBe(200);
    expect((await admin.getEvent(upn, id)).reminderState).toEqual({ dismissed: false, dismissCount: 0, snoozedUntil: '2026-11-28T08:55:00.000Z', snoozeCount: 1 });
    expect((await graph.request('POST', `/me/events('${id}')/dismissReminder`)).status).toBe(200);
    expect((await admin.getEvent(upn, id)).reminderState).toMatchObject({ dismissed: true, dismissCount: 1, snoozedUntil: null });
    expect((await graph.request('POST', `/me/events/${id}/snoozeReminder`, { body: { newReminderTime: 'soon' } })).status).toBe(400);
    const readOnly = new SimGraphClient(sim.url, (await admin.token(upn, { scopes: ['Calendars.Read'] })).accessToken);
    expect((await readOnly.request('POST', `/me/events/${id}/dismissReminder`)).status).toBe(403);
    expect((await readOnly.get(`/me/events/${id}`)).status).toBe(200);
  });
});
