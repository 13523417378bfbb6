// New mail → a native notification, inbox.changed and an "unread" tray; pause; what a click or
// a notification button does; reminders' snooze / dismiss from the notification.
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView } from '../../preload/contract.ts';
import { trayMenuLabels, type TrayState } from '../../main/core/app/tray-state.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { waitUntil } from '../support/identity-fixture.ts';
import { pauseForOneHour, pauseUntilTomorrow } from '../../main/core/notify/pause-until.ts';

let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

async function signedInWork(): Promise<AccountView> {
  h = await startAppHarness();
  const account = await h.signIn(h.fx.work.upn);
  await h.check(); // the baseline: existing mail never notifies
  await h.clock.advance(1_000);
  return account;
}

const inMinutes = (h: AppHarness, minutes: number) => new Date(h.clock.now() + minutes * 60_000).toISOString();

describe('notifications through HeraldApp', () => {
  it('a new message → ports.notifications.show, inbox.changed, tray "unread" with the count', async () => {
    const account = await signedInWork();
    const trays: TrayState[] = [];
    h.app.onTrayState((state) => trays.push(state));
    const id = await h.deliver(h.fx.work.upn, { subject: 'Quarterly numbers', from: { name: 'Megan', address: 'megan@fabrikam.example' } });
    await h.check();

    const mail = h.ports.sink.ofType('mail');
    expect(mail.map((i) => i.messageId)).toEqual([id]);
    expect(mail[0]).toMatchObject({ accountId: account.id, target: { kind: 'message', messageId: id } });
    expect(h.ports.emitted('inbox.changed').at(-1)).toEqual({ accountId: account.id, unreadCount: 1 });
    expect(h.app.trayState()).toEqual({ kind: 'unread', unreadTotal: 1, tooltip: '1 unread', menu: trayMenuLabels('en-US') });
    expect(trays.at(-1)?.kind).toBe('unread');
    const status = await h.ok('sync.status', {});
    expect(status.accounts[0]).toMatchObject({ id: account.id, unreadCount: 1, state: { kind: 'ok' } });
  });

  it('notifications.pause suppresses mail notifications; resuming lets new mail through', async () => {
    await signedInWork();
    const until = h.clock.now() + 60 * 60_000;
    const status = await h.ok('notifications.pause', { until });
    expect(status.pausedUntil).toBe(until);
    expect(h.app.trayState().kind).toBe('paused');
    await h.deliver(h.fx.work.upn, { subject: 'During the pause' });
    await h.check();
    expect(h.ports.sink.ofType('mail')).toEqual([]);
    expect(h.app.trayState()).toMatchObject({ kind: 'paused', unreadTotal: 1 });

    expect((await h.ok('notifications.pause', { until: null })).pausedUntil).toBeNull();
    // The lengths the popup offers are turned into instants on the app's clock, as the tray's are.
    expect((await h.ok('notifications.pause', { until: 'oneHour' })).pausedUntil).toBe(pauseForOneHour(h.clock.now()));
    expect((await h.ok('notifications.pause', { until: 'tomorrow' })).pausedUntil).toBe(pauseUntilTomorrow(h.clock.now()));
    expect((await h.ok('notifications.pause', { until: null })).pausedUntil).toBeNull();
    await h.clock.advance(1_000);
    const after = await h.deliver(h.fx.work.upn, { subject: 'After the pause' });
    await h.check();
    expect(h.ports.sink.ofType('mail').map((i) => i.messageId)).toEqual([after]);
    expect(h.app.trayState().kind).toBe('unread');
  });

  it('activateNotification(id, "default") navigates to the message and shows the popup', async () => {
    const account = await signedInWork();
    const id = await h.deliver(h.fx.work.upn, { subject: 'Click me' });
    await h.check();
    const [intent] = h.ports.sink.ofType('mail');
    await h.app.activateNotification(intent!.id, 'default');
    expect(h.ports.emitted('navigate')).toEqual([{ kind: 'message', accountId: account.id, messageId: id }]);
    expect(h.ports.popupShown).toBe(1);
    // Acted on: no longer live, so a second click finds nothing.
    expect(await h.call('notifications.activate', { intentId: intent!.id })).toMatchObject({ ok: false, error: { code: 'notFound' } });
  });

  it('the "Mark as read" button (over the bridge) marks it read at Graph and retracts the notification', async () => {
    await signedInWork();
    const id = await h.deliver(h.fx.work.upn, { subject: 'Read from the toast' });
    await h.check();
    const [intent] = h.ports.sink.ofType('mail');
    expect(await h.ok('notifications.activate', { intentId: intent!.id, action: 'markRead' })).toBeNull();
    expect((await h.admin.getMessage(h.fx.work.upn, id)).isRead).toBe(true);
    expect(h.ports.sink.visible.has(intent!.id)).toBe(false);
    expect(h.app.trayState().kind).toBe('allRead');
    // A mail notification has no reminder actions.
    const other = await h.deliver(h.fx.work.upn, { subject: 'Another' });
    await h.check();
    const second = h.ports.sink.ofType('mail').find((i) => i.messageId === other);
    expect(await h.call('notifications.activate', { intentId: second!.id, action: 'snooze' })).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(await h.call('notifications.activate', { intentId: 'mail:nobody:nothing' })).toMatchObject({ ok: false, error: { code: 'notFound' } });
  });

  it('a reminder’s Snooze, Dismiss and Join buttons act; an acted-on or closed notification is forgotten', async () => {
    await signedInWork();
    const standup = await h.admin.addEvent(h.fx.work.upn, { subject: 'Standup', start: inMinutes(h, 16), end: inMinutes(h, 30), reminderMinutesBeforeStart: 15, isOnlineMeeting: true });
    const review = await h.admin.addEvent(h.fx.work.upn, { subject: 'Review', start: inMinutes(h, 16), end: inMinutes(h, 40), reminderMinutesBeforeStart: 15 });
    await h.check();
    await h.clock.advance(2 * 60_000);
    await waitUntil(() => h.ports.sink.ofType('reminder').length === 2, 'two reminders');
    const byEvent = (eventId: string) => h.ports.sink.ofType('reminder').filter((r) => r.eventId === eventId);

    await h.app.activateNotification(byEvent(standup.id)[0]!.id, 'snooze');
    expect((await h.admin.getEvent(h.fx.work.upn, standup.id)).reminderState.snoozeCount).toBe(1);
    expect(h.ports.sink.visible.has(byEvent(standup.id)[0]!.id)).toBe(false);

    const reviewReminder = byEvent(review.id)[0]!;
    expect(await h.call('notifications.activate', { intentId: reviewReminder.id, action: 'join' })).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    await h.app.activateNotification(reviewReminder.id, 'dismiss');
    expect((await h.admin.getEvent(h.fx.work.upn, review.id)).reminderState.dismissed).toBe(true);
    expect(await h.call('notifications.activate', { intentId: reviewReminder.id, action: 'dismiss' })).toMatchObject({ ok: false, error: { code: 'notFound' } });

    // The snoozed reminder comes back; Join opens the https meeting link.
    await h.clock.advance(10 * 60_000);
    await waitUntil(() => byEvent(standup.id).length === 2, 'the snoozed reminder');
    const again = byEvent(standup.id)[1]!;
    await h.app.activateNotification(again.id, 'join');
    expect(h.ports.opened).toHaveLength(1);
    expect(h.ports.opened[0]).toMatch(/^https:\/\//);

    // Closing: unknown ids are ignored; a closed notification can no longer be activated.
    await h.clock.advance(1_000);
    const mailId = await h.deliver(h.fx.work.upn, { subject: 'Closed unread' });
    await h.check();
    const mail = h.ports.sink.ofType('mail').find((i) => i.messageId === mailId)!;
    await h.app.notificationClosed('reminder:unknown');
    await h.app.notificationClosed(mail.id);
    expect(await h.call('notifications.activate', { intentId: mail.id })).toMatchObject({ ok: false, error: { code: 'notFound' } });
  });
});
