// Recurring meetings end to end: the real engine against the simulator on a FakeClock fires
// exactly one reminder per occurrence through daily window rolls, a restart, moves,
// snooze/dismiss, a deleted series and a DST change in the series' zone — with occurrences
// arriving as stubs in calendarView delta and completed from their series master.
import { afterEach, describe, expect, it } from 'vitest';
import { localToUtc } from '../../sim/graph/recurrence.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { standupSeries } from '../support/standup-series.ts';
import { waitFor } from '../support/wait-for.ts';
const ADA = 'ada@contoso.example';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

let h: EngineHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('engine: one reminder per occurrence of a recurring meeting', () => {
  /** UTC midnight `n` days after the fake clock's start day. */
  let day: (n: number) => number;

  async function withAda(): Promise<EngineHarness> {
    const harness = await startEngineHarness();
    h = harness;
    const today = Math.floor(harness.clock.now() / DAY) * DAY;
    day = (n) => today + n * DAY;
    await harness.admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
    await harness.admin.setClock(iso(harness.clock.now()));
    return harness;
  }

  const reminders = (harness: EngineHarness) => harness.sink.ofType('reminder');

  /** Advances to one ms before `fireAt` (nothing new), then to `fireAt` (exactly one new reminder). */
  async function expectFiresAt(harness: EngineHarness, fireAt: number, eventId: string): Promise<void> {
    const before = reminders(harness).length;
    await harness.clock.advanceTo(fireAt - 1);
    expect(reminders(harness), `no reminder before ${iso(fireAt)}`).toHaveLength(before);
    await harness.clock.advanceTo(fireAt);
    await waitFor(() => reminders(harness).length > before, `the reminder due ${iso(fireAt)}`);
    expect(reminders(harness).slice(before)).toEqual([expect.objectContaining({ eventId, fireAt })]);
  }

  it('a daily standup over 5 days fires 5 reminders, one per occurrence, across window rolls and a restart', async () => {
    const harness = await withAda();
    const { id: masterId } = await harness.admin.addEvent(ADA, standupSeries(day(1) + 9 * HOUR));
    const occurrences = await harness.admin.eventInstances(ADA, masterId);
    await harness.addAccount(ADA, 'Ada Lovelace');
    await harness.cycle();
    const known = () => new Set(harness.engine.account(ADA)?.events.map((e) => e.id));
    expect(known().has(masterId)).toBe(false);

    for (let n = 1; n <= 5; n++) {
      await harness.clock.advanceTo(day(n) + 6 * HOUR);
      await harness.cycle(); // about once a day the window rolls: a new full round, diffed
      await harness.cycle();
      // The window (now − 1 h … now + 7 days) reaches at least 5 days ahead; from day 3 on that
      // is past the first window (which ended before day 8), so only a roll brought it in.
      const ahead = occurrences[n - 1 + 5];
      expect(ahead && known().has(ahead.id), `occurrence of day ${n + 5} known after the roll`).toBe(true);
      const occurrence = occurrences[n - 1];
      if (!occurrence) throw new Error(`no occurrence for day ${n}`);
      await expectFiresAt(harness, day(n) + 8 * HOUR + 50 * MIN, occurrence.id);
      if (n === 3) {
        // Restart during the meeting: its reminder was shown and must not come back.
        await harness.clock.advanceTo(day(n) + 9 * HOUR + 5 * MIN);
        await harness.restart();
        await harness.cycle();
      }
      await harness.clock.advanceTo(day(n) + 12 * HOUR);
      await harness.cycle();
      expect(reminders(harness), `reminders after day ${n}`).toHaveLength(n);
    }
    expect(reminders(harness).map((r) => [r.eventId, r.fireAt])).toEqual(
      occurrences.slice(0, 5).map((o, i) => [o.id, day(i + 1) + 8 * HOUR + 50 * MIN]),
    );
    // Title and reminder time come from the series master (delta sends occurrences as stubs).
    expect(new Set(reminders(harness).map((r) => r.title))).toEqual(new Set(['Standup']));
    expect(harness.sink.distinctShown()).toHaveLength(5);
    expect(harness.sink.retracted).toEqual([]);
  });

  it('a moved occurrence fires only at its new time; moving one already shown retracts only that one', async () => {
    const harness = await withAda();
    const { id: masterId } = await harness.admin.addEvent(ADA, standupSeries(day(1) + 9 * HOUR, 3));
    const [first, second, third] = await harness.admin.eventInstances(ADA, masterId);
    if (!first || !second || !third) throw new Error('expected three occurrences');
    await harness.addAccount(ADA, 'Ada Lovelace');
    await harness.cycle();

    // Day 1: shown at 08:50, then the organizer moves that one meeting to 10:00.
    await expectFiresAt(harness, day(1) + 8 * HOUR + 50 * MIN, first.id);
    await harness.clock.advanceTo(day(1) + 8 * HOUR + 55 * MIN);
    await harness.admin.patchEvent(ADA, first.id, { start: iso(day(1) + 10 * HOUR), end: iso(day(1) + 10 * HOUR + 15 * MIN) });
    await harness.cycle();
    await waitFor(() => harness.sink.retracted.length > 0, 'the shown reminder of the moved occurrence retracted');
    expect(harness.sink.retracted).toEqual([
      expect.objectContaining({ intentId: expect.stringContaining(`${first.id}:${day(1) + 8 * HOUR + 50 * MIN}`) as string, reason: 'superseded' }),
    ]);
    await expectFiresAt(harness, day(1) + 9 * HOUR + 50 * MIN, first.id);

    // Day 2 is moved before its reminder: nothing at 08:50, one at 10:50.
    await harness.admin.patchEvent(ADA, second.id, { start: iso(day(2) + 11 * HOUR), end: iso(day(2) + 11 * HOUR + 15 * MIN) });
    await harness.clock.advanceTo(day(2) + 6 * HOUR);
    await harness.cycle();
    expect((await harness.admin.getEvent(ADA, second.id)).type).toBe('exception');
    await harness.clock.advanceTo(day(2) + 9 * HOUR);
    expect(reminders(harness)).toHaveLength(2);
    await expectFiresAt(harness, day(2) + 10 * HOUR + 50 * MIN, second.id);

    // Day 3 is untouched by either move.
    await harness.clock.advanceTo(day(3) + 6 * HOUR);
    await harness.cycle();
    await expectFiresAt(harness, day(3) + 8 * HOUR + 50 * MIN, third.id);
    await harness.clock.advanceTo(day(4));
    expect(reminders(harness)).toHaveLength(4);
    expect(harness.sink.retracted).toHaveLength(1);
  });

  it("snoozing or dismissing one occurrence leaves the next day's alone", async () => {
    const harness = await withAda();
    const { id: masterId } = await harness.admin.addEvent(ADA, standupSeries(day(1) + 9 * HOUR, 3));
    const [first, second, third] = await harness.admin.eventInstances(ADA, masterId);
    if (!first || !second || !third) throw new Error('expected three occurrences');
    await harness.addAccount(ADA, 'Ada Lovelace');
    await harness.cycle();
    const account = harness.engine.account(ADA);
    if (!account) throw new Error('account not open');

    await expectFiresAt(harness, day(1) + 8 * HOUR + 50 * MIN, first.id);
    expect((await account.snoozeReminder(first.id, 5)).remote).toBe('written');
    await expectFiresAt(harness, day(1) + 8 * HOUR + 55 * MIN, first.id);

    await harness.clock.advanceTo(day(2) + 6 * HOUR);
    await harness.cycle();
    await expectFiresAt(harness, day(2) + 8 * HOUR + 50 * MIN, second.id);
    expect((await account.dismissReminder(second.id)).remote).toBe('written');

    await harness.clock.advanceTo(day(3) + 6 * HOUR);
    await harness.cycle();
    await expectFiresAt(harness, day(3) + 8 * HOUR + 50 * MIN, third.id);
    await harness.clock.advanceTo(day(4));
    expect(reminders(harness).map((r) => r.eventId)).toEqual([first.id, first.id, second.id, third.id]);

    const states = await Promise.all([first, second, third].map(async (o) => (await harness.admin.getEvent(ADA, o.id)).reminderState));
    expect(states.map((s) => [s.snoozeCount, s.dismissCount])).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
  });

  it('a series with its reminder off never reminds, though its occurrences arrive as stubs', async () => {
    const harness = await withAda();
    const { id: masterId } = await harness.admin.addEvent(ADA, { ...standupSeries(day(1) + 9 * HOUR, 3), subject: 'Quiet standup', isReminderOn: false });
    await harness.addAccount(ADA, 'Ada Lovelace');
    await harness.cycle();
    const events = harness.engine.account(ADA)?.events ?? [];
    expect(events.map((e) => [e.subject, e.isReminderOn, e.reminderMinutesBeforeStart, e.joinUrl !== null])).toEqual([
      ['Quiet standup', false, 10, true],
      ['Quiet standup', false, 10, true],
      ['Quiet standup', false, 10, true],
    ]);
    expect(events.some((e) => e.id === masterId)).toBe(false);
    for (const n of [1, 2, 3]) {
      await harness.clock.advanceTo(day(n) + 12 * HOUR);
      await harness.cycle();
    }
    expect(reminders(harness)).toEqual([]);
  });

  it('deleting the series retracts nothing already past, and nothing further fires', async () => {
    const harness = await withAda();
    const { id: masterId } = await harness.admin.addEvent(ADA, standupSeries(day(1) + 9 * HOUR, 5));
    const occurrences = await harness.admin.eventInstances(ADA, masterId);
    await harness.addAccount(ADA, 'Ada Lovelace');
    await harness.cycle();
    for (const n of [1, 2]) {
      await harness.clock.advanceTo(day(n) + 6 * HOUR);
      await harness.cycle();
      await expectFiresAt(harness, day(n) + 8 * HOUR + 50 * MIN, occurrences[n - 1]?.id ?? '');
    }
    await harness.clock.advanceTo(day(2) + 12 * HOUR);
    await harness.admin.deleteEvent(ADA, masterId);
    await harness.cycle();
    expect(harness.engine.account(ADA)?.events).toEqual([]);
    expect(harness.sink.retracted).toEqual([]);
    for (const n of [3, 4, 5]) {
      await harness.clock.advanceTo(day(n) + 12 * HOUR);
      await harness.cycle();
    }
    expect(reminders(harness)).toHaveLength(2);
  });

  it('a weekly Monday/Wednesday 09:00 Los Angeles meeting fires on the right local days across the DST change', async () => {
    const harness = await withAda();
    // US daylight time starts Sunday 14 March 2027: 09:00 PST = 17:00 UTC, 09:00 PDT = 16:00 UTC.
    const laNine = (date: string) => localToUtc(`${date}T09:00:00`, 'America/Los_Angeles');
    await harness.clock.advanceTo(Date.UTC(2027, 2, 6, 12)); // Saturday 6 March, nothing scheduled yet
    await harness.admin.setClock(iso(harness.clock.now()));
    const { id: masterId } = await harness.admin.addEvent(ADA, {
      subject: 'Platform 1:1',
      start: { dateTime: '2027-03-08T09:00:00', timeZone: 'America/Los_Angeles' },
      end: { dateTime: '2027-03-08T09:30:00', timeZone: 'America/Los_Angeles' },
      timeZone: 'America/Los_Angeles',
      reminderMinutesBeforeStart: 15,
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'wednesday'] },
        range: { type: 'endDate', startDate: '2027-03-08', endDate: '2027-03-17' },
      },
    });
    const occurrences = await harness.admin.eventInstances(ADA, masterId);
    const dates = ['2027-03-08', '2027-03-10', '2027-03-15', '2027-03-17'];
    expect(occurrences.map((o) => o.start.dateTime.slice(0, 16))).toEqual(['2027-03-08T17:00', '2027-03-10T17:00', '2027-03-15T16:00', '2027-03-17T16:00']);
    await harness.addAccount(ADA, 'Ada Lovelace');
    await harness.cycle();

    for (const [i, date] of dates.entries()) {
      const start = laNine(date);
      await harness.clock.advanceTo(start - 3 * HOUR);
      await harness.cycle();
      await expectFiresAt(harness, start - 15 * MIN, occurrences[i]?.id ?? '');
    }
    await harness.clock.advanceTo(Date.UTC(2027, 2, 20));
    await harness.cycle();
    expect(reminders(harness).map((r) => iso(r.fireAt))).toEqual([
      '2027-03-08T16:45:00.000Z',
      '2027-03-10T16:45:00.000Z',
      '2027-03-15T15:45:00.000Z',
      '2027-03-17T15:45:00.000Z',
    ]);
  });
});
