// The chaos plan: a seed reproduces it, every ingredient is in it, and event changes keep the
// lead time that makes the expected reminders well defined.
import { describe, expect, it } from 'vitest';
import { EVENT_CHANGE_LEAD_MS, FAULT_KINDS, REMINDER_ACTION_TROUBLE, SENDERS, planChaos, type ReminderUserAction } from '../chaos/plan.ts';
import { KILL_POINTS } from '../chaos/incarnation.ts';
import { mulberry32 } from '../chaos/prng.ts';

const START = Date.UTC(2026, 10, 2, 6, 0, 0);

describe('mulberry32', () => {
  it('repeats for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed).next);
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    const prng = mulberry32(3);
    for (let i = 0; i < 1000; i += 1) {
      const n = prng.int(2, 4);
      expect(n >= 2 && n <= 4 && Number.isInteger(n)).toBe(true);
    }
  });
});

describe('planChaos', () => {
  const plan = planChaos({ seed: 42, start: START, messages: 1000, eventChanges: 100 });

  it('is reproducible from the seed', () => {
    expect(planChaos({ seed: 42, start: START, messages: 1000, eventChanges: 100 })).toEqual(plan);
    expect(planChaos({ seed: 43, start: START, messages: 1000, eventChanges: 100 })).not.toEqual(plan);
  });

  it('holds every message, every event change, each fault kind and kill point at least twice, one revocation', () => {
    const count = (kind: string) => plan.actions.filter((a) => a.kind === kind).length;
    expect(count('message')).toBe(1000);
    expect(count('eventCreate') + count('eventMove') + count('eventReminder') + count('eventCancel')).toBe(100);
    for (const kind of ['eventCreate', 'eventMove', 'eventReminder', 'eventCancel']) expect(count(kind), kind).toBeGreaterThan(0);
    for (const fault of FAULT_KINDS) expect(plan.actions.filter((a) => a.kind === 'fault' && a.fault === fault).length, fault).toBeGreaterThanOrEqual(2);
    for (const point of KILL_POINTS) expect(plan.actions.filter((a) => a.kind === 'kill' && a.point === point).length, point).toBeGreaterThanOrEqual(2);
    expect(count('revoke')).toBe(1);
    expect(count('readElsewhere')).toBeGreaterThan(20);
    expect(count('signInAgain')).toBe(1);
    expect(plan.actions.map((a) => a.at)).toEqual([...plan.actions.map((a) => a.at)].sort((a, b) => a - b));
  });

  it('push mode adds subscription removals and dropped notifications, and leaves the rest of the plan as it was', () => {
    const push = planChaos({ seed: 42, start: START, messages: 1000, eventChanges: 100, pushMode: true });
    const pushActions = push.actions.filter((a) => a.kind === 'push');
    expect(push.actions.filter((a) => a.kind !== 'push')).toEqual(plan.actions);
    for (const what of ['subscriptionRemoved', 'dropNotifications']) expect(pushActions.filter((a) => a.kind === 'push' && a.what === what).length, what).toBeGreaterThanOrEqual(2);
  });

  it('changes an event only while its reminder is at least the lead time away, and never before creating it', () => {
    const fireAt = new Map<number, number>();
    const minutes = new Map<number, number>();
    const start = new Map<number, number>();
    for (const action of plan.actions) {
      if (action.kind === 'eventCreate') {
        start.set(action.event, action.start);
        minutes.set(action.event, action.reminderMinutes);
      } else if (action.kind === 'eventMove' || action.kind === 'eventReminder' || action.kind === 'eventCancel') {
        const before = fireAt.get(action.event);
        expect(before, `event ${action.event} exists`).toBeDefined();
        expect((before ?? 0) - action.at).toBeGreaterThanOrEqual(EVENT_CHANGE_LEAD_MS);
        if (action.kind === 'eventMove') start.set(action.event, action.start);
        if (action.kind === 'eventReminder') minutes.set(action.event, action.reminderMinutes);
      } else continue;
      fireAt.set(action.event, (start.get(action.event) ?? 0) - (minutes.get(action.event) ?? 0) * 60_000);
      if (action.kind !== 'eventCancel') expect((fireAt.get(action.event) ?? 0) - action.at).toBeGreaterThanOrEqual(EVENT_CHANGE_LEAD_MS);
    }
    // Every reminder the run expects falls due before it ends.
    for (const event of plan.events) if (!event.cancelled) expect(event.start - event.reminderMinutes * 60_000).toBeLessThan(plan.end);
  });

  it('snoozes and dismisses reminders after they showed, with every kind of trouble, snoozes back before the event ends and the run', () => {
    const actions = plan.actions.filter((a): a is ReminderUserAction => a.kind === 'reminderAction');
    expect(actions.filter((a) => a.action === 'snooze').length).toBeGreaterThanOrEqual(5);
    expect(actions.filter((a) => a.action === 'dismiss').length).toBeGreaterThanOrEqual(5);
    expect(actions.filter((a) => a.needs === 'known').length, 'acted on before a snoozed reminder came back').toBeGreaterThanOrEqual(1);
    for (const trouble of REMINDER_ACTION_TROUBLE) expect(actions.filter((a) => a.trouble === trouble).length, trouble).toBeGreaterThanOrEqual(1);
    for (const a of actions) {
      const event = plan.events[a.event];
      expect(event, `event ${a.event}`).toBeDefined();
      if (!event) continue;
      expect(event.cancelled).toBe(false);
      // Only a reminder that has shown can be acted on; a snooze comes back before the event ends.
      expect(a.at).toBeGreaterThan(event.start - event.reminderMinutes * 60_000);
      if (a.action === 'snooze') {
        expect(Number.isInteger(a.minutes) && a.minutes >= 5).toBe(true);
        expect(a.at + a.minutes * 60_000).toBeLessThanOrEqual(event.start + event.durationMinutes * 60_000 - 5 * 60_000);
        expect(a.at + a.minutes * 60_000).toBeLessThan(plan.end);
      }
      // Faults only for the write-back troubles, and only on the write-back path.
      expect(a.fault !== undefined).toBe(a.trouble === 'throttled' || a.trouble === 'failing' || a.trouble === 'reset');
      if (a.fault) expect(a.fault.pathRegex).toMatch(/Reminder/);
    }
  });

  it('mutes the newsletter for good and a VIP and another sender for a stretch, and switches quiet hours on and off at least twice', () => {
    const vips = new Set(SENDERS.filter((s) => s.vip).map((s) => s.address));
    const mutes = plan.actions.filter((a) => a.kind === 'mute');
    const unmutes = plan.actions.filter((a) => a.kind === 'unmute');
    expect(mutes.some((a) => a.kind === 'mute' && a.address === 'news@lists.example')).toBe(true);
    expect(unmutes.some((a) => a.kind === 'unmute' && a.address === 'news@lists.example')).toBe(false);
    expect(mutes.some((a) => a.kind === 'mute' && vips.has(a.address)), 'a muted VIP (mute beats VIP)').toBe(true);
    expect(unmutes).toHaveLength(2);
    for (const u of unmutes) {
      const mute = mutes.find((m) => m.kind === 'mute' && u.kind === 'unmute' && m.address === u.address);
      expect(mute && mute.at < u.at).toBe(true);
    }
    const quiet = plan.actions.filter((a) => a.kind === 'quietHoursOn' || a.kind === 'quietHoursOff');
    expect(quiet.filter((a) => a.kind === 'quietHoursOn').length).toBeGreaterThanOrEqual(2);
    // On, off, on, off: stretches never overlap.
    expect(quiet.map((a) => a.kind)).toEqual(quiet.map((_, i) => (i % 2 === 0 ? 'quietHoursOn' : 'quietHoursOff')));
    for (const a of quiet) if (a.kind === 'quietHoursOn') expect(a.start).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
  });
});
