// The pass criterion for events moved or cancelled after the user snoozed or dismissed them
// (test/chaos/coverage-event-changes.ts) on hand-made histories, including the bad ones it must flag.
import { describe, expect, it } from 'vitest';
import type { IntentRetraction } from '../../main/core/notify/notification-intent.ts';
import { reminder, timed } from '../support/chaos-histories.ts';
import { assessReminderActions, type DurableReminderAction, type ReminderActionInput } from '../chaos/coverage-reminder-actions.ts';

const MIN = 60_000;
const retract = (eventId: string, fireAt: number): IntentRetraction => ({ intentId: `reminder:a:${eventId}:${fireAt}`, reason: 'superseded' });
const snooze = (eventId: string, until: number, durableAt: number): DurableReminderAction => ({ eventId, kind: 'snooze', until, durableAt });
const dismiss = (eventId: string, durableAt: number): DurableReminderAction => ({ eventId, kind: 'dismiss', until: null, durableAt });
const input = (over: Partial<ReminderActionInput>): ReminderActionInput => ({
  actions: [],
  eventEnds: new Map([['e1', 60 * MIN]]),
  lives: [{ from: 0, to: 60 * MIN }],
  graph: new Map(),
  lateMs: 2 * MIN,
  ...over,
});


describe('assessReminderActions: events the organizer moved or cancelled after the user acted on them', () => {
  // e1's reminder showed at 10 min; the user acted at 12; Graph moved it at 14 (new reminder at
  // 100 min) and the engine's durable calendar had the move at 15.
  const long = { eventEnds: new Map([['e1', 200 * MIN]]), lives: [{ from: 0, to: 200 * MIN }] };
  const moved = new Map([['e1', { at: 14 * MIN, seenAt: 15 * MIN, newFireAt: 100 * MIN }]]);
  const cancelled = new Map([['e1', { at: 14 * MIN, seenAt: 15 * MIN, newFireAt: null }]]);
  const id = (fireAt: number) => `reminder:a:e1:${fireAt}`;

  it('passes a snooze the move dropped and a dismissal it overrode, each shown once for the new time', () => {
    const sink = timed([
      [10 * MIN, reminder('e1', 10 * MIN)],
      [100 * MIN, reminder('e1', 100 * MIN)],
    ]);
    const snoozed = assessReminderActions(sink.history, input({ ...long, actions: [snooze('e1', 25 * MIN, 12 * MIN)], changes: moved }));
    expect(snoozed).toMatchObject({ snoozeLost: [], snoozeMistimed: [], firedAtOldTime: [], newTimeMissed: [], changed: { moved: 1, newTimeBack: 1, oldSnoozesDropped: 1 } });
    const dismissed = assessReminderActions(sink.history, input({ ...long, actions: [dismiss('e1', 12 * MIN)], changes: moved }));
    expect(dismissed).toMatchObject({ firedAfterDismiss: [], firedAtOldTime: [], newTimeMissed: [], changed: { moved: 1, newTimeBack: 1, dismissalsOverridden: 1 } });
  });

  it('flags a reminder at the old snoozed time after the engine had seen the move', () => {
    const sink = timed([
      [10 * MIN, reminder('e1', 10 * MIN)],
      [25 * MIN, reminder('e1', 25 * MIN)],
      [100 * MIN, reminder('e1', 100 * MIN)],
    ]);
    const result = assessReminderActions(sink.history, input({ ...long, actions: [snooze('e1', 25 * MIN, 12 * MIN)], changes: moved }));
    expect(result.firedAtOldTime).toEqual([id(25 * MIN)]);
    expect(result.changed.oldSnoozesDropped).toBe(0);
  });

  it('flags a moved event that never showed at its new time (the dismissal kept it away), or showed early', () => {
    const missed = assessReminderActions(timed([[10 * MIN, reminder('e1', 10 * MIN)]]).history, input({ ...long, actions: [dismiss('e1', 12 * MIN)], changes: moved }));
    expect(missed).toMatchObject({ newTimeMissed: [`e1@${100 * MIN}`], changed: { moved: 1, newTimeBack: 0 } });
    const snoozedMissed = assessReminderActions(timed([[10 * MIN, reminder('e1', 10 * MIN)]]).history, input({ ...long, actions: [snooze('e1', 25 * MIN, 12 * MIN)], changes: moved }));
    expect(snoozedMissed.newTimeMissed).toEqual([`e1@${100 * MIN}`]);
    const early = assessReminderActions(
      timed([
        [10 * MIN, reminder('e1', 10 * MIN)],
        [98 * MIN, reminder('e1', 100 * MIN)],
      ]).history,
      input({ ...long, actions: [dismiss('e1', 12 * MIN)], changes: moved }),
    );
    expect(early.newTimeMissed).toEqual([`${id(100 * MIN)} early at ${98 * MIN}`]);
    // No engine alive before the event ended: nothing could show it.
    const dead = assessReminderActions(timed([[10 * MIN, reminder('e1', 10 * MIN)]]).history, input({ ...long, lives: [{ from: 0, to: 20 * MIN }], actions: [dismiss('e1', 12 * MIN)], changes: moved }));
    expect(dead.newTimeMissed).toEqual([]);
  });

  it('flags the new time shown twice', () => {
    const sink = timed([
      [10 * MIN, reminder('e1', 10 * MIN)],
      [100 * MIN, reminder('e1', 100 * MIN)],
      [101 * MIN, retract('e1', 100 * MIN)],
      [102 * MIN, reminder('e1', 100 * MIN)],
    ]);
    expect(assessReminderActions(sink.history, input({ ...long, actions: [dismiss('e1', 12 * MIN)], changes: moved })).doubleFires).toEqual([id(100 * MIN)]);
  });

  it('flags any reminder of a cancelled event once the engine had seen it, and none before', () => {
    const fired = assessReminderActions(
      timed([
        [10 * MIN, reminder('e1', 10 * MIN)],
        [25 * MIN, reminder('e1', 25 * MIN)],
      ]).history,
      input({ ...long, actions: [snooze('e1', 25 * MIN, 12 * MIN)], changes: cancelled }),
    );
    expect(fired).toMatchObject({ firedAtOldTime: [id(25 * MIN)], changed: { cancelled: 1, moved: 0 } });
    const quiet = assessReminderActions(timed([[10 * MIN, reminder('e1', 10 * MIN)]]).history, input({ ...long, actions: [snooze('e1', 25 * MIN, 12 * MIN)], changes: cancelled }));
    expect(quiet).toMatchObject({ firedAtOldTime: [], snoozeLost: [], newTimeMissed: [], changed: { cancelled: 1, oldSnoozesDropped: 1 } });
  });

  it('lets the old snooze come back while the engine had not seen the change yet, but never early', () => {
    const late = new Map([['e1', { at: 20 * MIN, seenAt: 27 * MIN, newFireAt: 100 * MIN }]]);
    const sink = timed([
      [10 * MIN, reminder('e1', 10 * MIN)],
      [25 * MIN, reminder('e1', 25 * MIN)],
      [100 * MIN, reminder('e1', 100 * MIN)],
    ]);
    expect(assessReminderActions(sink.history, input({ ...long, actions: [snooze('e1', 25 * MIN, 12 * MIN)], changes: late }))).toMatchObject({ firedAtOldTime: [], snoozeMistimed: [], snoozesBack: 1 });
    const early = timed([
      [10 * MIN, reminder('e1', 10 * MIN)],
      [24 * MIN, reminder('e1', 25 * MIN)],
    ]);
    expect(assessReminderActions(early.history, input({ ...long, actions: [snooze('e1', 25 * MIN, 12 * MIN)], changes: late })).snoozeMistimed).toEqual([`${id(25 * MIN)} at ${24 * MIN}`]);
  });

  it('flags a change the engine never took in', () => {
    const unseen = new Map([['e1', { at: 14 * MIN, seenAt: null, newFireAt: 100 * MIN }]]);
    expect(assessReminderActions(timed([]).history, input({ ...long, actions: [dismiss('e1', 12 * MIN)], changes: unseen })).changeUnseen).toEqual(['e1']);
  });
});
