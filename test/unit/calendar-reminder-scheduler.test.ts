// ReminderScheduler on a FakeClock: exact firing times, one timer, moves, cancellations, snooze,
// dismiss, write-back to Graph (through the real CalendarActions over a scripted GraphSender),
// and restarts from persisted state.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../main/core/fake-clock.ts';
import type { CalendarItem } from '../../main/core/calendar/calendar-item.ts';
import type { GraphRequest, GraphResponse } from '../../main/core/graph/graph-request.ts';
import { CalendarActions, type GraphSender } from '../../main/core/calendar/calendar-actions.ts';
import { ReminderActionError, ReminderScheduler, type ReminderRetraction } from '../../main/core/calendar/reminder-scheduler.ts';
import { parseReminderState, ReminderStateError, type ReminderState } from '../../main/core/calendar/reminder-state.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();

function item(id: string, startsIn: number, overrides: Partial<CalendarItem> = {}): CalendarItem {
  const start = T0 + startsIn;
  return {
    id,
    subject: `Meeting ${id}`,
    start: iso(start),
    end: iso(start + 30 * MIN),
    isAllDay: false,
    isCancelled: false,
    isOnlineMeeting: false,
    joinUrl: null,
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    location: '',
    webLink: '',
    organizer: '',
    showAs: 'busy',
    ...overrides,
  };
}

/** A GraphSender that records requests and answers from a script (default 200). */
class ScriptedGraph implements GraphSender {
  readonly requests: GraphRequest[] = [];
  next: (req: GraphRequest) => GraphResponse | Error = () => ({ status: 200, headers: {}, body: null });
  async send(req: GraphRequest): Promise<GraphResponse> {
    this.requests.push(req);
    const answer = this.next(req);
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

function harness(options: { state?: ReminderState | null; graph?: ScriptedGraph; clock?: FakeClock } = {}) {
  const clock = options.clock ?? new FakeClock(T0);
  const graph = options.graph ?? new ScriptedGraph();
  const fired: { id: string; fireAt: number; at: number }[] = [];
  const retracted: ReminderRetraction[] = [];
  const errors: unknown[] = [];
  let saved: ReminderState | null = options.state ?? null;
  const scheduler = new ReminderScheduler({
    clock,
    state: options.state ?? null,
    writeBack: new CalendarActions(graph),
    onReminder: (event, fireAt) => fired.push({ id: event.id, fireAt, at: clock.now() }),
    onRetract: (r) => retracted.push(r),
    onStateChange: (s) => {
      saved = JSON.parse(JSON.stringify(s)) as ReminderState;
    },
    onError: (e) => errors.push(e),
  });
  scheduler.start();
  return { clock, graph, scheduler, fired, retracted, errors, saved: () => saved };
}

describe('ReminderScheduler timing', () => {
  it('fires at exactly start − reminderMinutesBeforeStart, once, with a single timer for many events', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 60 * MIN), item('b', 120 * MIN, { reminderMinutesBeforeStart: 5 }), item('c', 240 * MIN)]);
    expect(h.clock.pending).toBe(1);
    expect(h.scheduler.nextWakeAt).toBe(T0 + 10 * MIN); // capped wake-up, well before 45 min
    await h.clock.advanceTo(T0 + 45 * MIN - 1);
    expect(h.fired).toEqual([]);
    await h.clock.advance(1);
    expect(h.fired).toEqual([{ id: 'a', fireAt: T0 + 45 * MIN, at: T0 + 45 * MIN }]);
    await h.clock.advanceTo(T0 + 115 * MIN);
    expect(h.fired.map((f) => [f.id, f.at])).toEqual([
      ['a', T0 + 45 * MIN],
      ['b', T0 + 115 * MIN],
    ]);
    await h.clock.advanceTo(T0 + 6 * 60 * MIN);
    expect(h.fired.map((f) => f.id)).toEqual(['a', 'b', 'c']);
    expect(h.clock.pending).toBe(0);
  });

  it('does not fire when the reminder is off or the event is cancelled', async () => {
    const h = harness();
    h.scheduler.setEvents([item('off', 30 * MIN, { isReminderOn: false }), item('x', 30 * MIN, { isCancelled: true })]);
    await h.clock.advance(60 * MIN);
    expect(h.fired).toEqual([]);
  });

  it('fires an all-day event 18 h before its midnight start when Graph says 1080 minutes', async () => {
    const h = harness();
    const allDay = item('holiday', 0, {
      isAllDay: true,
      start: '2026-11-03T21:00:00.000Z', // midnight Moscow
      end: '2026-11-04T21:00:00.000Z',
      reminderMinutesBeforeStart: 1080,
    });
    h.scheduler.setEvents([allDay]);
    await h.clock.advanceTo(Date.parse('2026-11-03T03:00:00.000Z'));
    expect(h.fired).toEqual([{ id: 'holiday', fireAt: Date.parse('2026-11-03T03:00:00.000Z'), at: Date.parse('2026-11-03T03:00:00.000Z') }]);
  });
});

describe('ReminderScheduler moves and cancellations', () => {
  it('reschedules a moved event: the old reminder never fires, the new one does', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 60 * MIN)]);
    await h.clock.advance(30 * MIN);
    h.scheduler.setEvents([item('a', 120 * MIN)]);
    await h.clock.advanceTo(T0 + 60 * MIN);
    expect(h.fired).toEqual([]);
    await h.clock.advanceTo(T0 + 105 * MIN);
    expect(h.fired).toEqual([{ id: 'a', fireAt: T0 + 105 * MIN, at: T0 + 105 * MIN }]);
  });

  it('moving an event whose reminder was shown retracts it and fires again for the new time', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 20 * MIN)]);
    await h.clock.advanceTo(T0 + 5 * MIN);
    expect(h.fired).toHaveLength(1);
    h.scheduler.setEvents([item('a', 80 * MIN)]);
    expect(h.retracted).toEqual([{ eventId: 'a', fireAt: T0 + 5 * MIN, reason: 'superseded' }]);
    await h.clock.advanceTo(T0 + 65 * MIN);
    expect(h.fired.map((f) => f.fireAt)).toEqual([T0 + 5 * MIN, T0 + 65 * MIN]);
  });

  it('a cancelled or removed event cancels its reminder and retracts a shown one', async () => {
    const h = harness();
    h.scheduler.setEvents([item('shown', 10 * MIN), item('later', 60 * MIN)]);
    await h.clock.advance(0);
    expect(h.fired.map((f) => f.id)).toEqual(['shown']); // 10 min away, 15 min reminder: overdue, fires now
    h.scheduler.setEvents([item('shown', 10 * MIN, { isCancelled: true })]);
    expect(h.retracted).toEqual([{ eventId: 'shown', fireAt: T0 - 5 * MIN, reason: 'removed' }]);
    await h.clock.advance(2 * 60 * MIN);
    expect(h.fired.map((f) => f.id)).toEqual(['shown']);
  });

  it('a meeting that is over leaving the window keeps its reminder; one still running is taken down', async () => {
    const h = harness();
    h.scheduler.setEvents([item('over', 10 * MIN), item('running', 20 * MIN, { end: iso(T0 + 3 * 60 * MIN) })]);
    await h.clock.advance(0);
    await h.clock.advanceTo(T0 + 60 * MIN); // 'over' ended at T0+40; no tick has pruned it since
    expect(h.fired.map((f) => f.id)).toEqual(['over', 'running']);
    h.scheduler.setEvents([]);
    expect(h.retracted).toEqual([{ eventId: 'running', fireAt: T0 + 5 * MIN, reason: 'removed' }]);
  });

  it('a change that keeps the reminder time neither retracts nor re-fires', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 10 * MIN)]);
    h.scheduler.setEvents([item('a', 10 * MIN, { subject: 'Renamed', location: 'Room 9' })]);
    await h.clock.advance(60 * MIN);
    expect(h.fired).toHaveLength(1);
    expect(h.retracted).toEqual([]);
  });
});

describe('ReminderScheduler snooze and dismiss', () => {
  it('snooze retracts the shown reminder, fires again after N minutes once, and reaches Graph', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 10 * MIN, { end: iso(T0 + 70 * MIN) })]);
    const result = await h.scheduler.snooze('a', 5);
    expect(result).toEqual({ remote: 'written' });
    expect(h.retracted).toEqual([{ eventId: 'a', fireAt: T0 - 5 * MIN, reason: 'superseded' }]);
    expect(h.graph.requests).toEqual([
      {
        method: 'POST',
        url: '/me/events/a/snoozeReminder',
        body: { newReminderTime: { dateTime: '2026-11-02T09:05:00.000', timeZone: 'UTC' } },
      },
    ]);
    await h.clock.advanceTo(T0 + 5 * MIN - 1);
    expect(h.fired).toHaveLength(1);
    await h.clock.advance(1);
    expect(h.fired.map((f) => [f.fireAt, f.at])).toEqual([
      [T0 - 5 * MIN, T0],
      [T0 + 5 * MIN, T0 + 5 * MIN],
    ]);
    await h.clock.advance(30 * MIN);
    expect(h.fired).toHaveLength(2);
  });

  it('dismiss stops the reminder, retracts it and reaches Graph; a later move re-arms it', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 10 * MIN)]);
    expect(await h.scheduler.dismiss('a')).toEqual({ remote: 'written' });
    expect(h.retracted).toEqual([{ eventId: 'a', fireAt: T0 - 5 * MIN, reason: 'dismissed' }]);
    expect(h.graph.requests.map((r) => [r.method, r.url])).toEqual([['POST', '/me/events/a/dismissReminder']]);
    await h.clock.advance(20 * MIN);
    expect(h.fired).toHaveLength(1);
    h.scheduler.setEvents([item('a', 120 * MIN)]);
    await h.clock.advanceTo(T0 + 105 * MIN);
    expect(h.fired.map((f) => f.fireAt)).toEqual([T0 - 5 * MIN, T0 + 105 * MIN]);
  });

  it('nextReminderAt follows the regular time, a snooze, a shown reminder and a dismissal', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 60 * MIN), item('b', 90 * MIN, { isReminderOn: false })]);
    expect(h.scheduler.nextReminderAt('a')).toBe(T0 + 45 * MIN);
    expect(h.scheduler.nextReminderAt('b')).toBeNull();
    expect(h.scheduler.nextReminderAt('unknown')).toBeNull();
    await h.clock.advanceTo(T0 + 45 * MIN);
    expect(h.scheduler.nextReminderAt('a')).toBeNull(); // shown
    await h.scheduler.snooze('a', 10);
    expect(h.scheduler.nextReminderAt('a')).toBe(T0 + 55 * MIN);
    await h.scheduler.dismiss('a');
    expect(h.scheduler.nextReminderAt('a')).toBeNull();
  });

  it('isActive from the moment a reminder goes off until it is dismissed, snoozed or the event ends', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 60 * MIN)]);
    expect(h.scheduler.isActive('a')).toBe(false); // not yet gone off
    await h.clock.advanceTo(T0 + 45 * MIN);
    expect(h.scheduler.isActive('a')).toBe(true);
    await h.scheduler.snooze('a', 5);
    expect(h.scheduler.isActive('a')).toBe(false); // back in 5 minutes
    await h.clock.advance(5 * MIN);
    expect(h.scheduler.isActive('a')).toBe(true);
    await h.scheduler.dismiss('a');
    expect(h.scheduler.isActive('a')).toBe(false);
    expect(h.scheduler.isActive('unknown')).toBe(false);

    h.scheduler.setEvents([item('a', 60 * MIN), item('b', 70 * MIN)]);
    await h.clock.advanceTo(T0 + 55 * MIN);
    expect(h.scheduler.isActive('b')).toBe(true);
    await h.clock.advanceTo(T0 + 100 * MIN); // b ended at 70 + 30 min
    expect(h.scheduler.isActive('b')).toBe(false);
  });

  it('dismissing before the reminder is due means it never fires', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 60 * MIN)]);
    await h.scheduler.dismiss('a');
    expect(h.retracted).toEqual([]);
    await h.clock.advance(2 * 60 * MIN);
    expect(h.fired).toEqual([]);
  });

  it('rejects bad snooze minutes and unknown events with a typed error, changing nothing', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 60 * MIN)]);
    await expect(h.scheduler.snooze('a', 0)).rejects.toBeInstanceOf(ReminderActionError);
    await expect(h.scheduler.snooze('a', 2.5)).rejects.toMatchObject({ problem: 'invalidMinutes' });
    await expect(h.scheduler.dismiss('nope')).rejects.toMatchObject({ problem: 'unknownEvent' });
    expect(h.graph.requests).toEqual([]);
    expect(h.saved()?.outbox ?? []).toEqual([]);
  });

  it('keeps a write-back that failed (offline, 503) queued, applies it locally, and sends it later', async () => {
    const graph = new ScriptedGraph();
    graph.next = () => new Error('ECONNRESET');
    const h = harness({ graph });
    h.scheduler.setEvents([item('a', 10 * MIN), item('b', 20 * MIN)]);
    expect(await h.scheduler.dismiss('a')).toEqual({ remote: 'queued' });
    graph.next = () => ({ status: 503, headers: {}, body: { error: { code: 'ServiceUnavailable' } } });
    expect(await h.scheduler.snooze('b', 10)).toEqual({ remote: 'queued' });
    expect(h.saved()?.outbox.map((o) => o.kind)).toEqual(['dismiss', 'snooze']);
    expect(h.errors.length).toBeGreaterThan(0);
    graph.next = () => ({ status: 200, headers: {}, body: null });
    expect(await h.scheduler.flushWriteBacks()).toEqual({ pending: 0 });
    expect(graph.requests.slice(-2).map((r) => r.url)).toEqual(['/me/events/a/dismissReminder', '/me/events/b/snoozeReminder']);
    expect(h.saved()?.outbox).toEqual([]);
  });

  it('says notAllowed when the account is read-only (403) and keeps the local dismissal', async () => {
    const graph = new ScriptedGraph();
    graph.next = () => ({ status: 403, headers: {}, body: { error: { code: 'ErrorAccessDenied' } } });
    const h = harness({ graph });
    h.scheduler.setEvents([item('a', 60 * MIN)]);
    expect(await h.scheduler.dismiss('a')).toEqual({ remote: 'notAllowed' });
    expect(h.saved()?.outbox).toEqual([]);
    await h.clock.advance(60 * MIN);
    expect(h.fired).toEqual([]);
  });

  it('drops a write-back Graph rejects for good (400) instead of retrying it forever', async () => {
    const graph = new ScriptedGraph();
    graph.next = () => ({ status: 400, headers: {}, body: { error: { code: 'ErrorInvalidRequest' } } });
    const h = harness({ graph });
    h.scheduler.setEvents([item('a', 60 * MIN)]);
    expect(await h.scheduler.snooze('a', 10)).toEqual({ remote: 'notAllowed' });
    expect(h.saved()?.outbox).toEqual([]);
  });

  it('says eventGone when Graph answers 404 for the event', async () => {
    const graph = new ScriptedGraph();
    graph.next = () => ({ status: 404, headers: {}, body: { error: { code: 'ErrorItemNotFound' } } });
    const h = harness({ graph });
    h.scheduler.setEvents([item('a', 60 * MIN)]);
    expect(await h.scheduler.snooze('a', 10)).toEqual({ remote: 'eventGone' });
  });
});

describe('ReminderScheduler restarts', () => {
  it('a new scheduler from persisted state re-fires nothing and fires a reminder missed while off, once', async () => {
    const clock = new FakeClock(T0);
    const first = harness({ clock });
    const events = [item('shown', 10 * MIN), item('missed', 60 * MIN, { end: iso(T0 + 120 * MIN) }), item('ended', 50 * MIN), item('future', 5 * 60 * MIN)];
    first.scheduler.setEvents(events);
    expect(first.fired.map((f) => f.id)).toEqual(['shown']);
    first.scheduler.stop();

    // The app is off for 100 minutes: "missed" was due at +45 min and is still on; "ended" is over.
    await clock.advance(100 * MIN);
    const state = parseReminderState(JSON.parse(JSON.stringify(first.saved())));
    const second = harness({ clock, state });
    second.scheduler.setEvents(events);
    expect(second.fired).toEqual([{ id: 'missed', fireAt: T0 + 45 * MIN, at: T0 + 100 * MIN }]);

    // And a third start right after re-fires nothing at all.
    second.scheduler.stop();
    const third = harness({ clock, state: second.saved() });
    third.scheduler.setEvents(events);
    expect(third.fired).toEqual([]);
    await clock.advanceTo(T0 + 285 * MIN);
    expect(third.fired.map((f) => f.id)).toEqual(['future']);
  });

  it('a snooze survives a restart and fires at its time', async () => {
    const clock = new FakeClock(T0);
    const first = harness({ clock });
    first.scheduler.setEvents([item('a', 10 * MIN, { end: iso(T0 + 60 * MIN) })]);
    await first.scheduler.snooze('a', 20);
    first.scheduler.stop();
    const second = harness({ clock, state: first.saved() });
    second.scheduler.setEvents([item('a', 10 * MIN, { end: iso(T0 + 60 * MIN) })]);
    expect(second.fired).toEqual([]);
    await clock.advanceTo(T0 + 20 * MIN);
    expect(second.fired).toEqual([{ id: 'a', fireAt: T0 + 20 * MIN, at: T0 + 20 * MIN }]);
  });

  it('prunes fired and dismissed entries once their event has ended', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 10 * MIN), item('b', 5 * 60 * MIN)]);
    await h.scheduler.dismiss('b');
    expect(Object.keys(h.saved()?.fired ?? {})).toHaveLength(1);
    expect(Object.keys(h.saved()?.dismissed ?? {})).toEqual(['b']);
    await h.clock.advanceTo(T0 + 6 * 60 * MIN);
    h.scheduler.setEvents([item('a', 10 * MIN), item('b', 5 * 60 * MIN)]);
    expect(h.saved()?.fired).toEqual({});
    expect(h.saved()?.dismissed).toEqual({});
  });

  it('keeps a dismissal while its event is briefly unknown (sync state rebuilt), so it does not fire', async () => {
    const h = harness();
    h.scheduler.setEvents([item('a', 60 * MIN)]);
    await h.scheduler.dismiss('a');
    h.scheduler.setEvents([]); // e.g. the calendar sync state was corrupt and starts over
    h.scheduler.setEvents([item('a', 60 * MIN)]);
    await h.clock.advance(2 * 60 * MIN);
    expect(h.fired).toEqual([]);
  });

  it('rejects a corrupted reminder state with a clear typed error', () => {
    expect(() => parseReminderState({ version: 1, fired: { k: 'x' } })).toThrow(ReminderStateError);
  });

  it('a throwing listener does not stop other reminders', async () => {
    const clock = new FakeClock(T0);
    const errors: unknown[] = [];
    const seen: string[] = [];
    const scheduler = new ReminderScheduler({
      clock,
      onReminder: (event) => {
        seen.push(event.id);
        if (event.id === 'a') throw new Error('host failed');
      },
      onError: (e) => errors.push(e),
    });
    scheduler.start();
    scheduler.setEvents([item('a', 10 * MIN), item('b', 12 * MIN)]);
    expect(seen).toEqual(['a', 'b']);
    expect(errors).toHaveLength(1);
    await clock.advance(60 * MIN);
    expect(seen).toEqual(['a', 'b']);
  });
});
