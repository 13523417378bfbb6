// The agenda, snooze / dismiss and join through the bridge; settings that take effect at once.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { waitUntil } from '../support/identity-fixture.ts';

let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

const inMinutes = (h: AppHarness, minutes: number) => new Date(h.clock.now() + minutes * 60_000).toISOString();

describe('events over the bridge', () => {
  it('events.list shows the next hours of every account, soonest first, with join and reminder times', async () => {
    h = await startAppHarness();
    const work = await h.signIn(h.fx.work.upn);
    const personal = await h.signIn(h.fx.personal.upn);
    await h.admin.addEvent(h.fx.work.upn, { subject: 'Standup', start: inMinutes(h, 30), end: inMinutes(h, 45), isOnlineMeeting: true, reminderMinutesBeforeStart: 15 });
    await h.admin.addEvent(h.fx.personal.upn, { subject: 'Dentist', start: inMinutes(h, 120), end: inMinutes(h, 180) });
    await h.admin.addEvent(h.fx.work.upn, { subject: 'Offsite', start: inMinutes(h, 60 * 60), end: inMinutes(h, 61 * 60) });
    await h.check();

    const events = await h.ok('events.list', {});
    expect(events.map((e) => e.subject)).toEqual(['Standup', 'Dentist']);
    expect(events[0]).toMatchObject({ accountId: work.id, isOnlineMeeting: true, canJoin: true, reminderAt: Date.parse(events[0]!.start) - 15 * 60_000 });
    expect(events[0]!.reminderAt).toBeGreaterThan(h.clock.now());
    expect(events[1]).toMatchObject({ accountId: personal.id, canJoin: false });
    expect((await h.ok('events.list', { hours: 168 })).map((e) => e.subject)).toEqual(['Standup', 'Dentist', 'Offsite']);
    expect(h.app.trayState().tooltip).toMatch(/^No unread mail · Standup in (2\d|30) min$/);

    expect(await h.ok('events.join', { accountId: work.id, eventId: events[0]!.id })).toBeNull();
    expect(h.ports.opened).toHaveLength(1);
    expect(h.ports.opened[0]).toMatch(/^https:\/\//);
    expect(await h.call('events.join', { accountId: personal.id, eventId: events[1]!.id })).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(await h.call('events.join', { accountId: work.id, eventId: 'nope' })).toMatchObject({ ok: false, error: { code: 'notFound' } });
  });

  it('events.snooze and events.dismiss reach the simulator', async () => {
    h = await startAppHarness();
    const work = await h.signIn(h.fx.work.upn);
    const standup = await h.admin.addEvent(h.fx.work.upn, { subject: 'Standup', start: inMinutes(h, 10), end: inMinutes(h, 25), reminderMinutesBeforeStart: 15 });
    const review = await h.admin.addEvent(h.fx.work.upn, { subject: 'Review', start: inMinutes(h, 12), end: inMinutes(h, 40), reminderMinutesBeforeStart: 15 });
    await h.check();
    // Both reminders went off at the check (due 5 and 3 minutes ago): they stand until acted on.
    const before = await h.ok('events.list', { hours: 24 });
    expect(before.map((e) => [e.subject, e.reminderAt, e.reminderActive])).toEqual([
      ['Standup', null, true],
      ['Review', null, true],
    ]);
    const changed = h.ports.emitted('events.changed').length;

    expect(await h.ok('events.snooze', { accountId: work.id, eventId: standup.id, minutes: 5 })).toBeNull();
    expect(await h.ok('events.dismiss', { accountId: work.id, eventId: review.id })).toBeNull();
    expect(h.ports.emitted('events.changed').length - changed).toBe(2);
    // The agenda shows when each reminder comes back: the snoozed time, none after a dismissal.
    const agenda = await h.ok('events.list', { hours: 24 });
    expect(agenda.find((e) => e.id === standup.id)).toMatchObject({ reminderAt: h.clock.now() + 5 * 60_000, reminderActive: false });
    expect(agenda.find((e) => e.id === review.id)).toMatchObject({ reminderAt: null, reminderActive: false });

    expect((await h.admin.getEvent(h.fx.work.upn, standup.id)).reminderState).toMatchObject({ snoozeCount: 1, dismissed: false });
    expect((await h.admin.getEvent(h.fx.work.upn, review.id)).reminderState).toMatchObject({ dismissed: true });
    expect(await h.call('events.snooze', { accountId: work.id, eventId: 'nope', minutes: 5 })).toMatchObject({ ok: false, error: { code: 'notFound' } });
    expect(await h.call('events.snooze', { accountId: work.id, eventId: standup.id, minutes: 0 })).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
  });
});

describe('settings over the bridge', () => {
  it('a valid update is written, emitted and returned; launch at login goes to the host', async () => {
    h = await startAppHarness();
    const updated = await h.ok('settings.update', { patch: { pollIntervalMs: 120_000, launchAtLogin: false, notifications: { privacyMode: true } } });
    expect(updated).toMatchObject({ pollIntervalMs: 120_000, launchAtLogin: false, notifications: { privacyMode: true, enabled: true } });
    expect(await h.ok('settings.get', {})).toEqual(updated);
    expect(h.ports.emitted('settings.changed').at(-1)).toEqual(updated);
    expect(h.ports.launchAtLoginCalls).toEqual([false]);
    // Survives a restart.
    await h.restart();
    expect((await h.ok('settings.get', {})).pollIntervalMs).toBe(120_000);
  });

  it('a new poll interval takes effect at once: a sync now, then the new interval (fake clock)', async () => {
    h = await startAppHarness();
    await h.signIn(h.fx.work.upn);
    await h.check();
    await h.app.start(); // timers armed; nothing fires until the fake clock moves
    await h.admin.clearRequests();
    const batches = async () => (await h.admin.requests()).filter((r) => r.path.includes('$batch')).length;
    const waitForBatches = async (n: number) => {
      for (let i = 0; i < 500 && (await batches()) < n; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    };

    const statusEmits = h.ports.emitted('sync.status').length;
    await h.ok('settings.update', { patch: { pollIntervalMs: 120_000 } });
    await waitForBatches(1);
    await waitUntil(() => h.ports.emitted('sync.status').slice(statusEmits).some((s) => !s.checking && s.lastSyncAt !== null) && !h.ports.emitted('sync.status').at(-1)!.checking, 'the sync after the change');
    expect(await batches()).toBe(1);

    // With the old 60 s interval a poll would start at 60 s (its timer callback queues the cycle
    // at once, so the check below runs after it). With 120 s, only the check's own batch comes.
    await h.clock.advance(61_000);
    await h.check();
    expect(await batches()).toBe(2);
  });

  it('an invalid update is a typed invalidInput naming the field, and nothing is written', async () => {
    h = await startAppHarness();
    const before = await h.ok('settings.get', {});
    const outcome = await h.call('settings.update', { patch: { pollIntervalMs: 5, notifications: { quietHours: { start: '25:99' } } } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalidInput');
    expect(outcome.error.issues?.map((i) => i.path).sort()).toEqual(['notifications.quietHours.start', 'pollIntervalMs']);
    expect(await h.ok('settings.get', {})).toEqual(before);
    expect(h.ports.emitted('settings.changed')).toEqual([]);
    expect(await h.call('settings.update', { patch: { theme: 'neon' } })).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
  });

  it('a __proto__ key in a patch pollutes nothing', async () => {
    h = await startAppHarness();
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "theme": "dark"}') as Record<string, unknown>;
    const settings = await h.ok('settings.update', { patch });
    expect(settings.theme).toBe('dark');
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
    expect('polluted' in settings).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const onDisk = JSON.parse(await readFile(path.join(h.profileDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(onDisk)).not.toContain('__proto__');
    expect(onDisk.theme).toBe('dark');
  });

  it('launch at login where the host cannot do it is notSupported and not written', async () => {
    h = await startAppHarness({ launchAtLoginSupported: false });
    expect(await h.call('settings.update', { patch: { launchAtLogin: false } })).toMatchObject({ ok: false, error: { code: 'notSupported' } });
    expect((await h.ok('settings.get', {})).launchAtLogin).toBe(true);
    expect((await h.ok('app.info', {})).capabilities.launchAtLogin).toBe(false);
  });
});
