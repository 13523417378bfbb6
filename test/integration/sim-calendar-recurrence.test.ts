// The simulator's recurring series over real HTTP: calendarView and calendarView delta expand a
// series into occurrences (stubs in delta, as Graph sends them), exceptions and deletions are
// reported alone, a series edit touches every occurrence, bad rules answer 400, and change
// notifications name the master and each occurrence touched.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SimAdminClient, SimAdminError, type AdminEvent, type AdminEventInput } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { standupSeries } from '../support/standup-series.ts';
import { waitFor } from '../support/wait-for.ts';
const ADA = 'ada@contoso.example';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const UTC = { Prefer: 'outlook.timezone="UTC"' };

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('simulator: recurring series over HTTP', () => {
  const START = Date.UTC(2026, 10, 2, 9, 0); // Monday

  async function setup(): Promise<{ admin: SimAdminClient; graph: SimGraphClient }> {
    sim = await startSimulator();
    const admin = new SimAdminClient(sim.url);
    await admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
    return { admin, graph: new SimGraphClient(sim.url, (await admin.token(ADA)).accessToken) };
  }

  it('lists occurrences (never the master) with type, seriesMasterId and originalStart; the master carries the rule', async () => {
    const { admin, graph } = await setup();
    const created = await admin.addEvent(ADA, standupSeries(START, 5));
    expect(created.occurrences).toBe(5);
    const view = await graph.get<{ value: Record<string, unknown>[] }>(
      `/me/calendarView?startDateTime=${iso(START - DAY)}&endDateTime=${iso(START + 10 * DAY)}&$top=50`,
      UTC,
    );
    expect(view.status).toBe(200);
    expect(view.body.value).toHaveLength(5);
    for (const [i, item] of view.body.value.entries()) {
      expect(item).toMatchObject({ type: 'occurrence', seriesMasterId: created.id, recurrence: null, subject: 'Standup', originalStart: iso(START + i * DAY).replace('.000Z', 'Z') });
      expect((item['start'] as { dateTime: string }).dateTime).toBe(iso(START + i * DAY).replace('.000Z', '.0000000'));
    }
    const ids = view.body.value.map((e) => e['id']);
    expect(new Set(ids).size).toBe(5);
    expect((await admin.eventInstances(ADA, created.id)).map((e) => e.id)).toEqual(ids);

    const master = await graph.get(`/me/events/${created.id}`, UTC);
    expect(master.body).toMatchObject({
      type: 'seriesMaster',
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', numberOfOccurrences: 5, startDate: '2026-11-02' } },
    });
    const occurrence = await graph.get(`/me/events/${String(ids[2])}`, UTC);
    expect(occurrence.body).toMatchObject({ type: 'occurrence', seriesMasterId: created.id });
  });

  it('delta: an edited occurrence (exception) and a deleted one are the only changes; a series edit changes all in the window', async () => {
    const { admin, graph } = await setup();
    const { id: masterId } = await admin.addEvent(ADA, standupSeries(START, 5));
    const window = `/me/calendarView/delta?startDateTime=${iso(START - HOUR)}&endDateTime=${iso(START + 3 * DAY)}`;
    const first = await graph.deltaRound(window, UTC);
    expect(first.items).toHaveLength(3);
    // Unmodified occurrences come as stubs in delta, as Graph sends them; the rest is on the master.
    expect(Object.keys(first.items[0] ?? {}).sort()).toEqual(['@odata.etag', '@odata.type', 'end', 'id', 'seriesMasterId', 'start', 'type']);
    expect(first.items[0]).toMatchObject({ type: 'occurrence', seriesMasterId: masterId });
    const [, second, third] = first.items.map((e) => String(e['id']));
    if (!second || !third) throw new Error('expected occurrences in the window');

    await admin.patchEvent(ADA, second, { start: iso(START + DAY + 2 * HOUR), end: iso(START + DAY + 2 * HOUR + 15 * MIN), subject: 'Standup (moved)' });
    await admin.deleteEvent(ADA, third);
    const changes = await graph.deltaRound(first.deltaLink, UTC);
    expect(changes.items).toEqual([
      expect.objectContaining({ id: second, type: 'exception', subject: 'Standup (moved)', seriesMasterId: masterId, originalStart: iso(START + DAY).replace('.000Z', 'Z') }),
      { '@odata.type': '#microsoft.graph.event', id: third, '@removed': { reason: 'deleted' } },
    ]);
    expect((await graph.get(`/me/events/${third}`)).status).toBe(404);

    // Snooze / dismiss work on an occurrence id and touch that occurrence only.
    const snooze = await graph.request('POST', `/me/events/${second}/snoozeReminder`, { body: { newReminderTime: { dateTime: iso(START + DAY + HOUR), timeZone: 'UTC' } } });
    expect(snooze.status).toBe(200);
    const afterSnooze = await graph.deltaRound(changes.deltaLink, UTC);
    expect(afterSnooze.items.map((e) => e['id'])).toEqual([second]);

    await admin.patchEvent(ADA, masterId, { location: 'Room 7' });
    const seriesEdit = await graph.deltaRound(afterSnooze.deltaLink, UTC);
    expect(seriesEdit.items.map((e) => [e['id'], e['type'], (e['location'] as { displayName: string } | undefined)?.displayName ?? null])).toEqual([
      [first.items[0]?.['id'], 'occurrence', null],
      [second, 'exception', 'Room 7'],
    ]);
    expect((await graph.get(`/me/events/${masterId}`)).body).toMatchObject({ location: { displayName: 'Room 7' } });

    await admin.deleteEvent(ADA, masterId);
    const removed = await graph.deltaRound(seriesEdit.deltaLink, UTC);
    expect(removed.items.map((e) => [e['id'], e['@removed']])).toEqual([
      [first.items[0]?.['id'], { reason: 'deleted' }],
      [second, { reason: 'deleted' }],
    ]);
    expect(await admin.eventInstances(ADA, masterId).catch((e: unknown) => (e as SimAdminError).code)).toBe('EventNotFound');
  });

  it('re-timing the series moves every occurrence, keeps their ids and resets exceptions', async () => {
    const { admin } = await setup();
    const { id: masterId } = await admin.addEvent(ADA, standupSeries(START, 3));
    const before = await admin.eventInstances(ADA, masterId);
    await admin.patchEvent(ADA, before[1]?.id ?? '', { subject: 'Special' });
    await admin.patchEvent(ADA, masterId, { start: iso(START + HOUR), end: iso(START + HOUR + 30 * MIN) });
    const after = await admin.eventInstances(ADA, masterId);
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    expect(after.map((e: AdminEvent) => [e.type, e.subject, e.start.dateTime.slice(0, 16)])).toEqual([
      ['occurrence', 'Standup', '2026-11-02T10:00'],
      ['occurrence', 'Standup', '2026-11-03T10:00'],
      ['occurrence', 'Standup', '2026-11-04T10:00'],
    ]);
  });

  it('monthly series appear in calendarView delta over a 3-month window on the right dates; the master\'s rule round-trips', async () => {
    const { admin, graph } = await setup();
    // First Monday at 09:00 Los Angeles (US daylight time starts 14 March 2027: 17:00Z, then 16:00Z),
    // and the 31st of every month in UTC (the last day of shorter months).
    const firstMonday = await admin.addEvent(ADA, {
      subject: 'Monthly review',
      start: { dateTime: '2027-02-01T09:00:00', timeZone: 'America/Los_Angeles' },
      end: { dateTime: '2027-02-01T10:00:00', timeZone: 'America/Los_Angeles' },
      timeZone: 'America/Los_Angeles',
      recurrence: { pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['monday'], index: 'first' }, range: { type: 'noEnd', startDate: '2027-02-01' } },
    });
    const monthEnd = await admin.addEvent(ADA, {
      subject: 'Month-end close',
      start: '2027-01-31T15:00:00Z',
      end: '2027-01-31T16:00:00Z',
      recurrence: { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 }, range: { type: 'numbered', numberOfOccurrences: 12 } },
    });
    expect(firstMonday.occurrences).toBe(36);
    expect(monthEnd.occurrences).toBe(12);

    const window = `/me/calendarView/delta?startDateTime=2027-02-01T00:00:00Z&endDateTime=2027-05-01T00:00:00Z`;
    const round = await graph.deltaRound(window, UTC);
    const seen = round.items
      .map((e) => [e['seriesMasterId'], e['type'], (e['start'] as { dateTime: string }).dateTime.slice(0, 16)])
      .sort((a, b) => String(a[2]).localeCompare(String(b[2])));
    expect(seen).toEqual([
      [firstMonday.id, 'occurrence', '2027-02-01T17:00'],
      [monthEnd.id, 'occurrence', '2027-02-28T15:00'],
      [firstMonday.id, 'occurrence', '2027-03-01T17:00'],
      [monthEnd.id, 'occurrence', '2027-03-31T15:00'],
      [firstMonday.id, 'occurrence', '2027-04-05T16:00'],
      [monthEnd.id, 'occurrence', '2027-04-30T15:00'],
    ]);
    expect(round.items.some((e) => e['id'] === firstMonday.id || e['id'] === monthEnd.id)).toBe(false);

    const master = await graph.get<{ recurrence: AdminEventInput['recurrence']; start: { dateTime: string }; end: { dateTime: string } }>(
      `/me/events/${firstMonday.id}`,
      { Prefer: 'outlook.timezone="America/Los_Angeles"' },
    );
    expect(master.body.recurrence).toEqual({
      pattern: { type: 'relativeMonthly', interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday', index: 'first' },
      range: { type: 'noEnd', startDate: '2027-02-01', endDate: '0001-01-01', recurrenceTimeZone: 'America/Los_Angeles', numberOfOccurrences: 0 },
    });
    const monthEndRule = (await graph.get<{ recurrence: unknown }>(`/me/events/${monthEnd.id}`)).body.recurrence;
    expect(monthEndRule).toMatchObject({ pattern: { type: 'absoluteMonthly', interval: 1, month: 0, dayOfMonth: 31, index: 'first' }, range: { type: 'numbered', numberOfOccurrences: 12 } });

    // The JSON Graph answered, sent back as a new series, gives the very same dates and times.
    const copy = await admin.addEvent(ADA, {
      subject: 'Monthly review (copy)',
      start: { dateTime: master.body.start.dateTime, timeZone: 'America/Los_Angeles' },
      end: { dateTime: master.body.end.dateTime, timeZone: 'America/Los_Angeles' },
      timeZone: 'America/Los_Angeles',
      ...(master.body.recurrence ? { recurrence: master.body.recurrence } : {}),
    });
    const starts = async (id: string) => (await admin.eventInstances(ADA, id)).map((e) => e.start.dateTime);
    expect(await starts(copy.id)).toEqual(await starts(firstMonday.id));
  });

  it('answers 400 for unknown or incomplete rules and for recurrence on an occurrence', async () => {
    const { admin } = await setup();
    const reject = async (input: AdminEventInput): Promise<string> => {
      const error = await admin.addEvent(ADA, input).then(
        () => null,
        (e: unknown) => e,
      );
      if (!(error instanceof SimAdminError)) throw new Error('expected a SimAdminError');
      expect(error.status).toBe(400);
      return error.message;
    };
    const base = standupSeries(START, 3);
    expect(await reject({ ...base, recurrence: { pattern: { type: 'hourly' as 'daily' }, range: { type: 'noEnd' } } })).toMatch(
      /recurrence\.pattern\.type: 'hourly' is not a recurrence pattern type/,
    );
    expect(await reject({ ...base, recurrence: { pattern: { type: 'absoluteMonthly' }, range: { type: 'noEnd' } } })).toMatch(/recurrence\.pattern\.dayOfMonth: required/);
    expect(await reject({ ...base, recurrence: { pattern: { type: 'absoluteMonthly', dayOfMonth: 32 }, range: { type: 'noEnd' } } })).toMatch(/^recurrence\.pattern\.dayOfMonth: /);
    expect(await reject({ ...base, recurrence: { pattern: { type: 'relativeYearly', daysOfWeek: ['monday'] }, range: { type: 'noEnd' } } })).toMatch(/recurrence\.pattern\.month: required/);
    expect(await reject({ ...base, recurrence: { pattern: { type: 'relativeMonthly' }, range: { type: 'noEnd' } } })).toMatch(/recurrence\.pattern\.daysOfWeek: required/);
    expect(await reject({ ...base, recurrence: { pattern: { type: 'weekly' }, range: { type: 'noEnd' } } })).toMatch(/daysOfWeek: required/);
    expect(await reject({ ...base, recurrence: { pattern: { type: 'daily', interval: 0 }, range: { type: 'noEnd' } } })).toMatch(/recurrence\.pattern\.interval/);
    expect(await reject({ ...base, recurrence: { pattern: { type: 'daily' }, range: { type: 'numbered' } } })).toMatch(/numberOfOccurrences/);
    const { id } = await admin.addEvent(ADA, base);
    const occurrence = (await admin.eventInstances(ADA, id))[0]?.id ?? '';
    const error = await admin.patchEvent(ADA, occurrence, { recurrence: base.recurrence }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimAdminError);
    expect((error as SimAdminError).message).toMatch(/only a series master/);
  });
});

describe('simulator: change notifications for a series', () => {
  it('notifies the master and each occurrence created, then only the occurrence changed or deleted', async () => {
    sim = await startSimulator();
    const admin = new SimAdminClient(sim.url);
    await admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
    const graph = new SimGraphClient(sim.url, (await admin.token(ADA)).accessToken);
    const received: { changeType: string; id: string }[] = [];
    const hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
        if (token !== null) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value: { changeType: string; resourceData: { id: string } }[] };
        received.push(...body.value.map((n) => ({ changeType: n.changeType, id: n.resourceData.id })));
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      const created = await graph.request('POST', '/subscriptions', {
        body: { changeType: 'created,updated,deleted', notificationUrl: url, resource: 'me/events', expirationDateTime: iso(Date.now() + DAY), clientState: 's' },
      });
      expect(created.status).toBe(201);
      const { id: masterId } = await admin.addEvent(ADA, standupSeries(Date.now() + DAY, 3));
      const occurrences = (await admin.eventInstances(ADA, masterId)).map((o) => o.id);
      await waitFor(() => received.length >= 4, 'four created notifications');
      expect(received).toEqual([masterId, ...occurrences].map((id) => ({ changeType: 'created', id })));

      await admin.patchEvent(ADA, occurrences[1] ?? '', { subject: 'Moved' });
      await admin.deleteEvent(ADA, occurrences[2] ?? '');
      await waitFor(() => received.length >= 6, 'the updated and deleted notifications');
      expect(received.slice(4)).toEqual([
        { changeType: 'updated', id: occurrences[1] },
        { changeType: 'deleted', id: occurrences[2] },
      ]);
    } finally {
      hook.closeAllConnections();
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });
});
