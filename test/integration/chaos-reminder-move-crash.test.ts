// Found by the chaos suite's organizer changes after a snooze (plan-acted-changes.ts): a poll that
// took in a moved event saved the new calendar before the reminder scheduler had dropped the old
// snooze (ReminderScheduler.moved()), and the scheduler's state was saved only later. A crash in
// between left the new start on disk next to the old snooze: after the restart the reminder came
// back at the old snoozed time and never at the new one. Real engine, real files, the simulator
// over HTTP; the kill is the chaos suite's (incarnation.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intentIds } from '../../main/core/notify/intent-builders.ts';
import { settled, startKillableEngineHarness, type KillableEngineHarness } from '../support/killable-engine.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MIN = 60_000;
const UPN = 'move.crash@contoso.com';
const iso = (t: number) => new Date(t).toISOString();

let h: KillableEngineHarness;
beforeEach(async () => {
  h = await startKillableEngineHarness(UPN, 'Move Crash', T0);
});

afterEach(async () => {
  await h.close();
});

describe('a moved event and its reminder state are saved together', () => {
  it('a crash right after the save that took in the move does not bring back the old snooze, and the new time fires once', async () => {
    const { clock, sink, admin, account } = h;
    const { id: eventId } = await admin.addEvent(UPN, { subject: 'Planning', start: iso(T0 + 20 * MIN), end: iso(T0 + 50 * MIN), reminderMinutesBeforeStart: 10 });
    const spawn = () => h.spawn();

    const first = await spawn();
    await clock.advanceTo(T0 + 10 * MIN);
    await settled(first.kill);
    expect(await first.engine.account(account.id)?.snoozeReminder(eventId, 15)).toEqual({ remote: 'written' });
    // The organizer moves it: new start T0+40, so the reminder is due at T0+30, after the old snooze (T0+25).
    await admin.patchEvent(UPN, eventId, { start: iso(T0 + 40 * MIN), end: iso(T0 + 70 * MIN) });
    // The next poll takes the move in and saves; the process dies right after that save.
    first.kill.armed = 'afterSave';
    await clock.advance(MIN);
    await settled(first.kill);
    expect(first.kill.killedAt, 'killed right after the poll saved the moved event').toBe('afterSave');

    const second = await spawn();
    await clock.advanceTo(T0 + 27 * MIN);
    await settled(second.kill);
    const shows = (fireAt: number) => sink.history.filter((e) => e.kind === 'show' && e.intent.id === intentIds.reminder(account.id, eventId, fireAt)).map((e) => e.at);
    expect(shows(T0 + 25 * MIN), 'the old snooze no longer applies once the event moved').toEqual([]);
    await clock.advanceTo(T0 + 30 * MIN);
    await settled(second.kill);
    await clock.advanceTo(T0 + 35 * MIN);
    await settled(second.kill);
    expect(shows(T0 + 30 * MIN), 'the reminder fires once for the new time').toEqual([T0 + 30 * MIN]);
    await second.engine.stop();
  }, 60_000);
});
