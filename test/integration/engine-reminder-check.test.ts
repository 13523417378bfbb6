// Before a reminder shows, one GET confirms its event still stands (calendar/reminder-check.ts):
// an occurrence deleted without an @removed in delta (a Graph quirk the simulator models with
// `unreported`) gets no reminder and leaves the agenda; a meeting moved moments before its
// reminder, not yet polled, is reminded only at its new time; an unclear answer shows the
// reminder as planned.
import { afterEach, describe, expect, it } from 'vitest';
import { REMINDER_CHECK_BUDGET_MS } from '../../main/core/engine/account-sync.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { standupSeries } from '../support/standup-series.ts';
import { waitFor } from '../support/wait-for.ts';

const ADA = 'ada@contoso.example';
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

async function withAda(): Promise<void> {
  h = await startEngineHarness();
  await h.admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
  await h.addAccount(ADA, 'Ada Lovelace');
}

const reminders = () => h.sink.ofType('reminder');
const eventIds = () => h.engine.account(ADA)?.events.map((e) => e.id) ?? [];
const checks = async (eventId: string) => (await h.admin.requests()).filter((r) => r.method === 'GET' && r.path.includes(`/me/events/${encodeURIComponent(eventId)}?`));

describe('engine: a reminder is checked against Graph before it shows', () => {
  it('an occurrence deleted without a trace in delta gets no reminder and leaves the agenda', async () => {
    await withAda();
    const start = h.clock.now() + 30 * MIN;
    const { id: masterId } = await h.admin.addEvent(ADA, standupSeries(start, 3));
    await h.cycle();
    const [first] = await h.admin.eventInstances(ADA, masterId);
    expect(eventIds()).toContain(first!.id);

    await h.admin.deleteEvent(ADA, first!.id, { unreported: true });
    await h.cycle();
    expect(eventIds()).toContain(first!.id); // delta never said so

    await h.clock.advanceTo(start - 10 * MIN);
    await waitFor(() => !eventIds().includes(first!.id), 'the deleted occurrence to leave the agenda');
    expect(reminders()).toEqual([]);
    expect(await checks(first!.id)).toHaveLength(1);
  });

  it('a meeting moved moments before its reminder is reminded only at its new time', async () => {
    await withAda();
    const start = h.clock.now() + 30 * MIN;
    const { id } = await h.admin.addEvent(ADA, { subject: 'Design review', start: iso(start), end: iso(start + 30 * MIN), reminderMinutesBeforeStart: 10 });
    await h.cycle();
    const moved = start + 60 * MIN;
    await h.admin.patchEvent(ADA, id, { start: iso(moved), end: iso(moved + 30 * MIN) });

    await h.clock.advanceTo(start - 10 * MIN); // the old reminder time, before any poll saw the move
    await waitFor(async () => (await checks(id)).length === 1, 'the check of the old reminder');
    await h.cycle(); // the poll brings the move (queued behind the check)
    expect(reminders()).toEqual([]);
    await h.clock.advanceTo(moved - 10 * MIN);
    await waitFor(() => reminders().length === 1, 'the reminder at the new time');
    expect(reminders().map((r) => r.fireAt)).toEqual([moved - 10 * MIN]);
  });

  it('shows the reminder as planned when the check gets no clear answer', async () => {
    await withAda();
    const start = h.clock.now() + 30 * MIN;
    const { id } = await h.admin.addEvent(ADA, { subject: 'Design review', start: iso(start), end: iso(start + 30 * MIN), reminderMinutesBeforeStart: 10 });
    await h.cycle();
    await h.admin.addFault({ kind: 'malformedJson', path: `/me/events/${id}`, method: 'GET', times: 1 });
    await h.clock.advanceTo(start - 10 * MIN);
    await waitFor(() => reminders().length === 1, 'the reminder despite the failed check');
    expect(reminders()[0]?.fireAt).toBe(start - 10 * MIN);
  });

  it('does not let a slow check hold the reminder back beyond its budget', async () => {
    await withAda();
    const start = h.clock.now() + 30 * MIN;
    const { id } = await h.admin.addEvent(ADA, { subject: 'Design review', start: iso(start), end: iso(start + 30 * MIN), reminderMinutesBeforeStart: 10 });
    await h.cycle();
    // Graph answers only after 20 s: far longer than the reminder may wait.
    await h.admin.addFault({ kind: 'latency', latencyMs: 20_000, path: `/me/events/${id}`, method: 'GET', times: 1 });
    await h.clock.advanceTo(start - 10 * MIN);
    // The check is waiting on Graph; its budget is a timer on the (fake) clock.
    await waitFor(() => h.clock.nextDueAt() === h.clock.now() + REMINDER_CHECK_BUDGET_MS, 'the check to start');
    expect(reminders()).toEqual([]);
    await h.clock.advance(REMINDER_CHECK_BUDGET_MS);
    await waitFor(() => reminders().length === 1, 'the reminder once the budget ran out', 10_000);
  });
});
