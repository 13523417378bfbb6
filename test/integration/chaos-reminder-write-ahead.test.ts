// Found by the chaos suite's reminder actions: a snooze or dismiss must be on disk before Graph
// hears of it. The engine used to save it only after the write-back answered, so a crash while
// the POST was in flight (or while it waited out a Retry-After) left Graph holding a snooze Herald
// had forgotten: Outlook elsewhere brought the reminder back, Herald never did.
// Real engine, real files, the simulator over HTTP; the kill is the chaos suite's (incarnation.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intentIds } from '../../main/core/notify/intent-builders.ts';
import { settled, startKillableEngineHarness, type KillableEngineHarness } from '../support/killable-engine.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MIN = 60_000;
const UPN = 'write.ahead@contoso.com';
const iso = (t: number) => new Date(t).toISOString();

let h: KillableEngineHarness;
beforeEach(async () => {
  h = await startKillableEngineHarness(UPN, 'Write Ahead', T0);
});

afterEach(async () => {
  await h.close();
});

describe('snooze and dismiss are written ahead: durable before Graph hears of them', () => {
  it('a snooze whose Graph answer is lost to a crash still brings the reminder back after the restart', async () => {
    const { clock, sink, admin, account } = h;
    const { id: eventId } = await admin.addEvent(UPN, { subject: 'Standup', start: iso(T0 + 20 * MIN), end: iso(T0 + 50 * MIN), reminderMinutesBeforeStart: 10 });
    const spawn = () => h.spawn();

    const first = await spawn();
    await clock.advanceTo(T0 + 10 * MIN);
    await settled(first.kill);
    const regular = intentIds.reminder(account.id, eventId, T0 + 10 * MIN);
    expect(sink.visible.has(regular), 'the regular reminder is on screen').toBe(true);

    // The user snoozes for 5 minutes; Graph takes it, and the process dies as the answer arrives.
    first.kill.armed = 'afterFetch';
    void first.engine.account(account.id)?.snoozeReminder(eventId, 5);
    await settled(first.kill);
    expect(first.kill.killedAt).toBe('afterFetch');
    expect((await admin.getEvent(UPN, eventId)).reminderState).toMatchObject({ snoozedUntil: iso(T0 + 15 * MIN), snoozeCount: 1 });

    const second = await spawn();
    await clock.advanceTo(T0 + 15 * MIN);
    await settled(second.kill);
    const snoozed = intentIds.reminder(account.id, eventId, T0 + 15 * MIN);
    expect(
      sink.history.filter((e) => e.kind === 'show' && e.intent.id === snoozed).map((e) => e.at),
      'the snoozed reminder comes back at its time, as Graph (and Outlook elsewhere) has it',
    ).toEqual([T0 + 15 * MIN]);
    await second.engine.stop();
  }, 60_000);

  it('a dismissal whose Graph answer is lost to a crash is not fired again after the restart', async () => {
    const { clock, sink, admin, account } = h;
    const { id: eventId } = await admin.addEvent(UPN, { subject: 'Review', start: iso(T0 + 20 * MIN), end: iso(T0 + 50 * MIN), reminderMinutesBeforeStart: 10 });
    const spawn = () => h.spawn();
    const first = await spawn();
    await clock.advanceTo(T0 + 10 * MIN);
    await settled(first.kill);
    // Snoozed first (written), then dismissed: the dismissal's answer is lost to the crash.
    expect(await first.engine.account(account.id)?.snoozeReminder(eventId, 5)).toEqual({ remote: 'written' });
    first.kill.armed = 'afterFetch';
    void first.engine.account(account.id)?.dismissReminder(eventId);
    await settled(first.kill);
    expect(first.kill.killedAt).toBe('afterFetch');
    expect((await admin.getEvent(UPN, eventId)).reminderState).toMatchObject({ dismissed: true, snoozedUntil: null });

    const second = await spawn();
    await clock.advanceTo(T0 + 20 * MIN);
    await settled(second.kill);
    const snoozed = intentIds.reminder(account.id, eventId, T0 + 15 * MIN);
    expect(sink.history.some((e) => e.kind === 'show' && e.intent.id === snoozed), 'a dismissed reminder must not come back').toBe(false);
    await second.engine.stop();
  }, 60_000);
});
