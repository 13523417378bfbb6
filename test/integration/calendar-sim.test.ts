// Calendar sync and reminders against the simulator over real HTTP: the real GraphClient sends
// CalendarDeltaSync's requests (inside a JSON $batch, as the engine does), the scheduler runs on a
// FakeClock kept in step with the simulator's data clock, and snooze/dismiss are checked on the
// simulator's side through its admin API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { systemClock } from '../../main/core/clock.ts';
import { GraphClient } from '../../main/core/graph/graph-client.ts';
import { CalendarDeltaSync, type CalendarApplyResult } from '../../main/core/calendar/calendar-delta-sync.ts';
import { CalendarActions } from '../../main/core/calendar/calendar-actions.ts';
import { ReminderScheduler, type ReminderRetraction } from '../../main/core/calendar/reminder-scheduler.ts';
import { SimTokenProvider } from '../support/graph-token-provider.ts';
import { SimAdminClient, type AdminEventInput } from '../../sim/admin-client.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MIN = 60_000;
const UPN = 'cal.tester@contoso.com';
const iso = (t: number) => new Date(t).toISOString();

let sim: RunningSimulator;
let admin: SimAdminClient;

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn: UPN, displayName: 'Cal Tester' });
});

afterAll(async () => {
  await sim?.close();
});

async function setSimClock(now: number): Promise<void> {
  await admin.setClock(iso(now));
}

async function addEvent(input: AdminEventInput): Promise<string> {
  return (await admin.addEvent(UPN, input)).id;
}

const adminEvent = (id: string) => admin.getEvent(UPN, id);

function client(scopes?: string[]): GraphClient {
  return new GraphClient({
    accountId: UPN,
    tokens: new SimTokenProvider(sim.url, scopes ? { scopes } : {}),
    baseUrl: sim.url,
    clock: systemClock,
    maxRetries: 1,
  });
}

/** Runs delta requests (one per $batch, as the engine's cycle would) until a round completes. */
async function syncRound(graph: GraphClient, sync: CalendarDeltaSync, now: number): Promise<CalendarApplyResult[]> {
  const results: CalendarApplyResult[] = [];
  for (let i = 0; i < 20; i++) {
    const [res] = await graph.batch([sync.nextRequest(now)]);
    if (!res) throw new Error('batch returned no response');
    const result = sync.applyResponse(res);
    results.push(result);
    if (result.roundComplete) return results;
  }
  throw new Error('calendar round did not complete in 20 pages');
}

describe('calendar against the simulator', () => {
  it('syncs the window, fires reminders on time, and writes snooze and dismiss back to Graph', async () => {
    await setSimClock(T0);
    const clock = new FakeClock(T0);
    const soonId = await addEvent({
      subject: 'Design review',
      start: iso(T0 + 30 * MIN),
      end: iso(T0 + 90 * MIN),
      isOnlineMeeting: true,
      reminderMinutesBeforeStart: 15,
      location: 'Room 4',
    });
    const laterId = await addEvent({ subject: '1:1', start: iso(T0 + 180 * MIN), end: iso(T0 + 210 * MIN), reminderMinutesBeforeStart: 10 });
    const quietId = await addEvent({ subject: 'Focus', start: iso(T0 + 60 * MIN), end: iso(T0 + 120 * MIN), isReminderOn: false });
    const farId = await addEvent({ subject: 'Out of window', start: iso(T0 + 9 * 24 * 60 * MIN), end: iso(T0 + 9 * 24 * 60 * MIN + 30 * MIN) });

    const graph = client();
    const sync = new CalendarDeltaSync(null, clock.now(), { maxPageSize: 2, fallbackTimeZone: 'UTC' });
    const results = await syncRound(graph, sync, clock.now());
    expect(results.length).toBeGreaterThan(1); // paged by odata.maxpagesize
    expect(results.flatMap((r) => r.skipped)).toEqual([]);
    expect(Object.keys(sync.events).sort()).toEqual([laterId, quietId, soonId].sort());
    expect(sync.events[farId]).toBeUndefined();
    expect(sync.events[soonId]).toMatchObject({
      subject: 'Design review',
      start: iso(T0 + 30 * MIN),
      end: iso(T0 + 90 * MIN),
      isOnlineMeeting: true,
      location: 'Room 4',
      reminderMinutesBeforeStart: 15,
    });
    expect(sync.events[soonId]?.joinUrl).toMatch(/^https:\/\//);

    const fired: { id: string; fireAt: number }[] = [];
    const scheduler = new ReminderScheduler({
      clock,
      writeBack: new CalendarActions(graph),
      onReminder: (event, fireAt) => fired.push({ id: event.id, fireAt }),
    });
    scheduler.start();
    scheduler.setEvents(sync.events);
    await clock.advanceTo(T0 + 15 * MIN - 1);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([{ id: soonId, fireAt: T0 + 15 * MIN }]);

    // Snooze for 5 minutes: local timer and the simulator's event both know.
    expect(await scheduler.snooze(soonId, 5)).toEqual({ remote: 'written' });
    expect((await adminEvent(soonId)).reminderState).toMatchObject({ snoozedUntil: iso(T0 + 20 * MIN), snoozeCount: 1, dismissed: false });
    await clock.advanceTo(T0 + 20 * MIN);
    expect(fired.map((f) => f.fireAt)).toEqual([T0 + 15 * MIN, T0 + 20 * MIN]);

    // Dismiss: no more reminders for it, and the simulator has it dismissed.
    expect(await scheduler.dismiss(soonId)).toEqual({ remote: 'written' });
    expect((await adminEvent(soonId)).reminderState).toMatchObject({ dismissed: true, dismissCount: 1, snoozedUntil: null });
    await clock.advanceTo(T0 + 170 * MIN);
    expect(fired.map((f) => f.id)).toEqual([soonId, soonId, laterId]);
    scheduler.stop();
  });

  it('reschedules a moved event, retracts a deleted one, and survives delta token expiry without repeats', async () => {
    const base = T0 + 2 * 24 * 60 * MIN;
    await setSimClock(base);
    const clock = new FakeClock(base);
    const moveId = await addEvent({ subject: 'Moves', start: iso(base + 40 * MIN), end: iso(base + 70 * MIN) });
    const dropId = await addEvent({ subject: 'Dropped', start: iso(base + 10 * MIN), end: iso(base + 40 * MIN) });
    const graph = client();
    const sync = new CalendarDeltaSync(null, clock.now(), { fallbackTimeZone: 'UTC' });
    await syncRound(graph, sync, clock.now());

    const fired: string[] = [];
    const retracted: ReminderRetraction[] = [];
    const scheduler = new ReminderScheduler({
      clock,
      onReminder: (event, fireAt) => fired.push(`${event.subject}@${(fireAt - base) / MIN}`),
      onRetract: (r) => retracted.push(r),
    });
    scheduler.start();
    scheduler.setEvents(sync.events);
    expect(fired).toEqual(['Dropped@-5']); // overdue on the first sync: fires now, once

    // Another client moves one meeting and deletes the other.
    await admin.patchEvent(UPN, moveId, { start: iso(base + 100 * MIN), end: iso(base + 130 * MIN) });
    await admin.deleteEvent(UPN, dropId);
    const changes = (await syncRound(graph, sync, clock.now())).flatMap((r) => r.changes);
    expect(changes.map((c) => `${c.kind}:${c.kind === 'removed' ? c.eventId : c.event.id}`).sort()).toEqual(
      [`removed:${dropId}`, `updated:${moveId}`].sort(),
    );
    scheduler.setEvents(sync.events);
    expect(retracted).toEqual([{ eventId: dropId, fireAt: base - 5 * MIN, reason: 'removed' }]);

    // The delta token expires: 410, a new full round, and nothing is reported or fired twice.
    await admin.expireDeltaTokens(UPN);
    const gone = sync.applyResponse((await graph.batch([sync.nextRequest(clock.now())]))[0]!);
    expect(gone.resyncStarted).toBe(true);
    const resync = await syncRound(graph, sync, clock.now());
    expect(resync.flatMap((r) => r.changes)).toEqual([]);
    scheduler.setEvents(sync.events);
    await clock.advanceTo(base + 200 * MIN);
    expect(fired).toEqual(['Dropped@-5', 'Moves@85']);
    scheduler.stop();
  });

  it('reads a 09:00 Europe/Moscow meeting as 06:00 UTC and an all-day event as midnight in its zone', async () => {
    const base = T0 + 6 * 24 * 60 * MIN; // 2026-11-08T09:00Z
    await setSimClock(base);
    const moscowId = await addEvent({
      subject: 'Moscow standup',
      start: { dateTime: '2026-11-09T09:00:00', timeZone: 'Europe/Moscow' },
      end: { dateTime: '2026-11-09T09:30:00', timeZone: 'Europe/Moscow' },
      timeZone: 'Europe/Moscow',
    });
    const allDayId = await addEvent({
      subject: 'Holiday',
      start: '2026-11-10',
      end: '2026-11-11',
      isAllDay: true,
      timeZone: 'Europe/Moscow',
      reminderMinutesBeforeStart: 1080,
    });
    const sync = new CalendarDeltaSync(null, base, { fallbackTimeZone: 'UTC' });
    await syncRound(client(), sync, base);
    expect(sync.events[moscowId]).toMatchObject({ start: '2026-11-09T06:00:00.000Z', end: '2026-11-09T06:30:00.000Z', isAllDay: false });
    expect(sync.events[allDayId]).toMatchObject({
      isAllDay: true,
      start: '2026-11-09T21:00:00.000Z',
      end: '2026-11-10T21:00:00.000Z',
      reminderMinutesBeforeStart: 1080,
    });
  });

  it('answers a read-only account with notAllowed and keeps the dismissal local', async () => {
    const base = T0 + 4 * 24 * 60 * MIN;
    await setSimClock(base);
    const clock = new FakeClock(base);
    const id = await addEvent({ subject: 'Read-only', start: iso(base + 60 * MIN), end: iso(base + 90 * MIN) });
    const graph = client(['User.Read', 'Mail.Read', 'Calendars.Read']);
    const sync = new CalendarDeltaSync(null, clock.now(), { fallbackTimeZone: 'UTC' });
    await syncRound(graph, sync, clock.now());
    const fired: string[] = [];
    const scheduler = new ReminderScheduler({ clock, writeBack: new CalendarActions(graph), onReminder: (e) => fired.push(e.id) });
    scheduler.start();
    scheduler.setEvents(sync.events);
    expect(await scheduler.dismiss(id)).toEqual({ remote: 'notAllowed' });
    expect((await adminEvent(id)).reminderState).toMatchObject({ dismissed: false, dismissCount: 0 });
    await clock.advance(2 * 60 * MIN);
    expect(fired).toEqual([]);
    scheduler.stop();
  });
});
