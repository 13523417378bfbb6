// After the machine sleeps, timers armed before it are late by the time slept (Node's timers
// run on a monotonic clock that stops during a suspend; FakeClock.suspend models that). The
// host reports the wake (HeraldApp.systemResumed → HeraldEngine.resume): the account polls at
// once, a reminder that fell due during the sleep shows at once, and an account Graph asked
// to wait (Retry-After) still waits.
import { afterEach, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const ADA = 'ada@contoso.example';
const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

const batches = async () => (await h.admin.requests()).filter((r) => !r.inner && r.method === 'POST' && r.path.endsWith('/$batch')).length;

/** Starts polling and lets the first (baseline) cycle finish; the next poll is a minute out. */
async function polling(): Promise<void> {
  h = await startEngineHarness();
  await h.addAccount(ADA, 'Ada Lovelace');
  h.engine.start();
  await h.clock.advance(0);
  await waitFor(() => h.clock.pending > 0, 'the engine to wait for its next poll');
  expect(await batches()).toBe(1);
}

describe('engine: waking from sleep', () => {
  it('polls at once instead of when the stalled poll timer finally fires', async () => {
    await polling();
    await h.clock.advance(20 * SEC);
    h.clock.suspend(2 * HOUR);
    const id = await h.deliver(ADA, { subject: 'Arrived while asleep' });
    await h.clock.advance(0);
    expect(await batches()).toBe(1); // the poll timer is late by the two hours slept

    h.engine.resume();
    await h.clock.advance(0);
    await waitFor(() => h.sink.ofType('mail').length === 1, 'the mail that arrived during the sleep');
    expect(h.sink.ofType('mail')[0]?.messageId).toBe(id);
    expect(await batches()).toBe(2);
  });

  it('shows a reminder that fell due during the sleep at once', async () => {
    h = await startEngineHarness();
    await h.admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
    const start = h.clock.now() + 25 * MIN;
    await h.admin.addEvent(ADA, { subject: 'Design review', start: new Date(start).toISOString(), end: new Date(start + 30 * MIN).toISOString(), reminderMinutesBeforeStart: 15 });
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    h.clock.suspend(12 * MIN); // the reminder was due 10 minutes in
    await h.clock.advance(0);
    expect(h.sink.ofType('reminder')).toEqual([]);

    h.engine.resume();
    await waitFor(() => h.sink.ofType('reminder').length === 1, 'the reminder due during the sleep');
    expect(h.sink.ofType('reminder')[0]?.title).toContain('Design review');
  });

  it('notices the sleep itself from a late poll timer when the host does not report the wake', async () => {
    await polling();
    const start = h.clock.now() + 25 * MIN;
    await h.admin.addEvent(ADA, { subject: 'Design review', start: new Date(start).toISOString(), end: new Date(start + 30 * MIN).toISOString(), reminderMinutesBeforeStart: 15 });
    await h.engine.checkNow(ADA);
    expect(h.engine.account(ADA)?.events).toHaveLength(1);
    h.clock.suspend(12 * MIN); // through the reminder, due 10 minutes in
    // The next poll timer fires a minute after the wake, 12 minutes late: that is the clue.
    await h.clock.advance(MIN);
    // Without the clue, the stalled reminder timer would show it 9 minutes from now.
    await waitFor(() => h.sink.ofType('reminder').length === 1, 'the reminder due during the sleep');
  });

  it('keeps waiting out Retry-After for a throttled account', async () => {
    await polling();
    await h.admin.addFault({ kind: '429', path: '/$batch', scope: 'outer', times: 1, retryAfterSeconds: 30 * 60 });
    await h.engine.checkNow(ADA);
    expect(h.engine.account(ADA)?.state.kind).toBe('throttled');
    const polls = await batches();
    h.clock.suspend(5 * MIN);
    h.engine.resume();
    await h.clock.advance(0);
    await h.clock.advance(MIN);
    expect(await batches()).toBe(polls);
  });
});
