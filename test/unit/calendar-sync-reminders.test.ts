// The sync and the scheduler together, the way the engine wires them: after each delta page,
// scheduler.setEvents(sync.events). Across a window roll and a 410 resync no reminder is lost
// or doubled.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../main/core/fake-clock.ts';
import type { GraphResponse } from '../../main/core/graph/graph-request.ts';
import { CalendarDeltaSync } from '../../main/core/calendar/calendar-delta-sync.ts';
import { ReminderScheduler, type ReminderRetraction } from '../../main/core/calendar/reminder-scheduler.ts';
import type { ReminderState } from '../../main/core/calendar/reminder-state.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function ev(id: string, start: string, end: string, minutes = 15): Record<string, unknown> {
  return {
    id,
    subject: id,
    start: { dateTime: start, timeZone: 'UTC' },
    end: { dateTime: end, timeZone: 'UTC' },
    isAllDay: false,
    isCancelled: false,
    isReminderOn: true,
    reminderMinutesBeforeStart: minutes,
    originalStartTimeZone: 'UTC',
  };
}

const page = (value: unknown[], link: { next?: string; delta?: string }): GraphResponse => ({
  status: 200,
  headers: {},
  body: {
    value,
    ...(link.next ? { '@odata.nextLink': link.next } : {}),
    ...(link.delta ? { '@odata.deltaLink': link.delta } : {}),
  },
});

function wire(clock: FakeClock, state: ReminderState | null = null) {
  const sync = new CalendarDeltaSync(null, clock.now(), { fallbackTimeZone: 'UTC' });
  const fired: string[] = [];
  const retracted: ReminderRetraction[] = [];
  const scheduler = new ReminderScheduler({
    clock,
    state,
    onReminder: (event, fireAt) => fired.push(`${event.id}@${new Date(fireAt).toISOString()}`),
    onRetract: (r) => retracted.push(r),
  });
  scheduler.start();
  const apply = (res: GraphResponse) => {
    const result = sync.applyResponse(res);
    scheduler.setEvents(sync.events);
    return result;
  };
  return { sync, scheduler, fired, retracted, apply };
}

describe('calendar sync + reminders', () => {
  it('rolls the window across days without losing or doubling a reminder', async () => {
    const clock = new FakeClock(T0);
    const w = wire(clock);
    // Day 0: two meetings on day 1 at 09:00 and 18:00, one on day 6.
    w.sync.nextRequest(clock.now());
    w.apply(
      page(
        [
          ev('morning', '2026-11-03T09:00:00.0000000', '2026-11-03T10:00:00.0000000'),
          ev('evening', '2026-11-03T18:00:00.0000000', '2026-11-03T19:00:00.0000000'),
          ev('far', '2026-11-08T12:00:00.0000000', '2026-11-08T13:00:00.0000000'),
        ],
        { delta: 'D0' },
      ),
    );
    // Day 1 at 09:05: the morning reminder has fired, and less than 6 days remain: roll.
    await clock.advanceTo(Date.parse('2026-11-03T09:05:00Z'));
    expect(w.fired).toEqual(['morning@2026-11-03T08:45:00.000Z']);
    const roll = w.sync.nextRequest(clock.now());
    expect(roll.url).toContain('startDateTime=2026-11-03T08%3A05%3A00Z');
    // The new round arrives in two pages; between them time passes and nothing is lost.
    w.apply(page([ev('morning', '2026-11-03T09:00:00.0000000', '2026-11-03T10:00:00.0000000')], { next: 'S1' }));
    await clock.advanceTo(Date.parse('2026-11-03T09:10:00Z'));
    w.apply(
      page(
        [
          ev('evening', '2026-11-03T18:00:00.0000000', '2026-11-03T19:00:00.0000000'),
          ev('far', '2026-11-08T12:00:00.0000000', '2026-11-08T13:00:00.0000000'),
          ev('new', '2026-11-09T08:00:00.0000000', '2026-11-09T09:00:00.0000000'),
        ],
        { delta: 'D1' },
      ),
    );
    expect(w.sync.fullRoundInProgress).toBe(false);
    await clock.advanceTo(Date.parse('2026-11-09T09:00:00Z'));
    expect(w.fired).toEqual([
      'morning@2026-11-03T08:45:00.000Z',
      'evening@2026-11-03T17:45:00.000Z',
      'far@2026-11-08T11:45:00.000Z',
      'new@2026-11-09T07:45:00.000Z',
    ]);
    expect(w.retracted).toEqual([]);
  });

  it('410 → resync re-fires nothing that was shown, and still picks up what changed meanwhile', async () => {
    const clock = new FakeClock(T0);
    const w = wire(clock);
    w.sync.nextRequest(clock.now());
    w.apply(
      page(
        [
          ev('soon', '2026-11-02T09:10:00.0000000', '2026-11-02T10:00:00.0000000'),
          ev('later', '2026-11-02T15:00:00.0000000', '2026-11-02T16:00:00.0000000'),
          ev('deleted', '2026-11-02T16:00:00.0000000', '2026-11-02T17:00:00.0000000'),
        ],
        { delta: 'D0' },
      ),
    );
    expect(w.fired).toEqual(['soon@2026-11-02T08:55:00.000Z']);
    await clock.advance(30 * MIN);
    w.sync.nextRequest(clock.now());
    expect(w.apply({ status: 410, headers: {}, body: { error: { code: 'resyncRequired' } } }).resyncStarted).toBe(true);
    w.sync.nextRequest(clock.now());
    w.apply(
      page(
        [
          ev('soon', '2026-11-02T09:10:00.0000000', '2026-11-02T10:00:00.0000000'),
          ev('later', '2026-11-02T15:30:00.0000000', '2026-11-02T16:30:00.0000000'), // moved while the token was dead
        ],
        { delta: 'D1' },
      ),
    );
    await clock.advanceTo(T0 + DAY);
    expect(w.fired).toEqual(['soon@2026-11-02T08:55:00.000Z', 'later@2026-11-02T15:15:00.000Z']);
  });

  it('a restart mid-way through a window roll neither loses nor repeats a reminder', async () => {
    const clock = new FakeClock(T0);
    const first = wire(clock);
    first.sync.nextRequest(clock.now());
    first.apply(page([ev('a', '2026-11-03T09:00:00.0000000', '2026-11-03T10:00:00.0000000')], { delta: 'D0' }));
    await clock.advanceTo(Date.parse('2026-11-03T09:05:00Z'));
    expect(first.fired).toEqual(['a@2026-11-03T08:45:00.000Z']);
    first.sync.nextRequest(clock.now());
    expect(first.sync.fullRoundInProgress).toBe(true);
    first.apply(page([ev('a', '2026-11-03T09:00:00.0000000', '2026-11-03T10:00:00.0000000')], { next: 'S1' }));
    const syncState = JSON.parse(JSON.stringify(first.sync.snapshot()));
    const reminderState = first.scheduler.snapshot();
    first.scheduler.stop();

    const sync = new CalendarDeltaSync(syncState, clock.now(), { fallbackTimeZone: 'UTC' });
    const fired: string[] = [];
    const scheduler = new ReminderScheduler({ clock, state: reminderState, onReminder: (e) => fired.push(e.id) });
    scheduler.start();
    scheduler.setEvents(sync.events);
    expect(sync.nextRequest(clock.now()).url).toBe('S1');
    sync.applyResponse(page([ev('b', '2026-11-03T12:00:00.0000000', '2026-11-03T13:00:00.0000000')], { delta: 'D1' }));
    scheduler.setEvents(sync.events);
    await clock.advanceTo(Date.parse('2026-11-04T00:00:00Z'));
    expect(fired).toEqual(['b']);
  });
});
