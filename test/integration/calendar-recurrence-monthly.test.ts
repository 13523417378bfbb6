// Monthly recurring meetings end to end: the real engine against the simulator on a FakeClock,
// over about ten weeks of fake time. "First Monday of the month" and "first Monday of every other
// month" series (occurrences arrive as calendarView delta stubs, completed from their master)
// give exactly one reminder per occurrence at the right local time across a DST change, nothing
// on the other Mondays or in the month the bi-monthly series skips, and a restart changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminEvent, AdminEventInput } from '../../sim/admin-client.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { waitFor } from '../support/wait-for.ts';
const ADA = 'ada@contoso.example';
const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();
const ZONE = 'America/New_York';

let h: EngineHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A one-hour first-Monday series at `hour`:00 New York time from Monday 4 February 2030, reminding 10 minutes ahead. */
function firstMondaySeries(subject: string, hour: number, interval: number): AdminEventInput {
  const at = (h: number) => ({ dateTime: `2030-02-04T${String(h).padStart(2, '0')}:00:00`, timeZone: ZONE });
  return {
    subject,
    start: at(hour),
    end: at(hour + 1),
    timeZone: ZONE,
    reminderMinutesBeforeStart: 10,
    recurrence: {
      pattern: { type: 'relativeMonthly', interval, daysOfWeek: ['monday'], index: 'first' },
      range: { type: 'endDate', startDate: '2030-02-04', endDate: '2030-06-30' },
    },
  };
}

describe('engine: one reminder per occurrence of a monthly meeting', () => {
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

  const occurrenceAt = (occurrences: AdminEvent[], utcStart: string): string => {
    const found = occurrences.find((o) => o.start.dateTime.startsWith(utcStart));
    if (!found) throw new Error(`no occurrence starting ${utcStart} among ${occurrences.map((o) => o.start.dateTime).join(', ')}`);
    return found.id;
  };

  it('first Monday monthly and bi-monthly series remind once per occurrence over ten weeks, across DST and a restart', async () => {
    const harness = await startEngineHarness();
    h = harness;
    await harness.admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
    await harness.clock.advanceTo(Date.UTC(2030, 0, 27, 12)); // Sunday 27 January 2030, nothing scheduled yet
    await harness.admin.setClock(iso(harness.clock.now()));
    const monthly = await harness.admin.addEvent(ADA, firstMondaySeries('Monthly review', 9, 1));
    const biMonthly = await harness.admin.addEvent(ADA, firstMondaySeries('Board prep', 14, 2));
    const monthlyOccurrences = await harness.admin.eventInstances(ADA, monthly.id);
    const biMonthlyOccurrences = await harness.admin.eventInstances(ADA, biMonthly.id);
    // First Mondays: 4 Feb, 4 Mar, 1 Apr, 6 May, 3 Jun 2030; every other month: Feb, Apr, Jun.
    // New York is UTC−5 until daylight time starts on 10 March 2030, then UTC−4.
    expect(monthlyOccurrences.map((o) => o.start.dateTime.slice(0, 16))).toEqual([
      '2030-02-04T14:00',
      '2030-03-04T14:00',
      '2030-04-01T13:00',
      '2030-05-06T13:00',
      '2030-06-03T13:00',
    ]);
    expect(biMonthlyOccurrences.map((o) => o.start.dateTime.slice(0, 16))).toEqual(['2030-02-04T19:00', '2030-04-01T18:00', '2030-06-03T18:00']);

    const due = (title: string, occurrences: AdminEvent[], utcStart: string) => ({
      date: utcStart.slice(0, 10),
      fireAt: Date.parse(`${utcStart}:00Z`) - 10 * MIN,
      eventId: occurrenceAt(occurrences, utcStart),
      title,
    });
    const expected = [
      due('Monthly review', monthlyOccurrences, '2030-02-04T14:00'),
      due('Board prep', biMonthlyOccurrences, '2030-02-04T19:00'),
      due('Monthly review', monthlyOccurrences, '2030-03-04T14:00'),
      due('Monthly review', monthlyOccurrences, '2030-04-01T13:00'),
      due('Board prep', biMonthlyOccurrences, '2030-04-01T18:00'),
    ];
    expect(expected.map((e) => iso(e.fireAt).slice(11, 16))).toEqual(['13:50', '18:50', '13:50', '12:50', '17:50']);
    await harness.addAccount(ADA, 'Ada Lovelace');
    await harness.cycle();
    const known = () => new Set(harness.engine.account(ADA)?.events.map((e) => e.id));
    expect(known().has(monthly.id) || known().has(biMonthly.id), 'series masters never become items').toBe(false);

    // Every Monday from 4 February to 8 April: cycle early in the day (the window rolls forward a
    // week at a time), see exactly the reminders due that day, then cycle once more in the evening.
    for (let week = 0; week < 10; week++) {
      const monday = Date.UTC(2030, 1, 4 + 7 * week);
      const date = iso(monday).slice(0, 10);
      await harness.clock.advanceTo(monday + 6 * HOUR);
      await harness.cycle(); // the window rolls: a new full round, diffed
      await harness.cycle();
      const retractedBefore = harness.sink.retracted.length;
      for (const today of expected.filter((e) => e.date === date)) await expectFiresAt(harness, today.fireAt, today.eventId);
      if (date === '2030-03-04') {
        // Restart during March's meeting: its reminder was shown and must not come back.
        await harness.clock.advanceTo(Date.parse('2030-03-04T14:05:00Z'));
        await harness.restart();
        await harness.cycle();
      }
      await harness.clock.advanceTo(monday + 23 * HOUR);
      await harness.cycle();
      const dueSoFar = expected.filter((e) => e.date <= date).length;
      expect(reminders(harness), `reminders after Monday ${date}`).toHaveLength(dueSoFar);
      expect(harness.sink.retracted.slice(retractedBefore), `nothing retracted on Monday ${date} (restart included)`).toEqual([]);
    }

    // Title and reminder settings come from the series master (delta sends occurrences as stubs).
    expect(reminders(harness).map((r) => [r.eventId, iso(r.fireAt), r.title])).toEqual(expected.map((e) => [e.eventId, iso(e.fireAt), e.title]));
    // March, the month the bi-monthly series skips, had only the monthly meeting's reminder.
    expect(reminders(harness).filter((r) => iso(r.fireAt).startsWith('2030-03')).map((r) => r.eventId)).toEqual([expected[2]?.eventId]);
    const shown = harness.sink.distinctShown();
    expect(shown).toHaveLength(5);
    // Nothing was ever taken down: a meeting long over leaving the window is not a cancellation.
    expect(harness.sink.retracted).toEqual([]);
  });
});
