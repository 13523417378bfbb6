// Native notifications of the web host through the freedesktop Notifications D-Bus interface,
// end to end: a private session bus, a notification server the test implements with dbus-next,
// a real web host on the simulator. New mail → Notify; read elsewhere → CloseNotification;
// the user's click (ActionInvoked 'default') → the page is asked to show that message.
// Without a notification server on the bus, notifications go to the page instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NavigateTarget } from '../../preload/contract.ts';
import { dbusUnavailableReason, startPrivateBus, type PrivateBus } from '../support/dbus-session.ts';
import { notifiableMail as newMail, startTestNotificationServer, type TestNotificationServer } from '../support/dbus-notification-server.ts';
import { startWebHostFixture, WORK_USER, type WebHostFixture } from '../support/webhost-fixture.ts';

const skipReason = dbusUnavailableReason();
if (skipReason) console.warn(`skipping the D-Bus notification tests: ${skipReason}`);

describe.skipIf(skipReason !== null)('web host notifications over D-Bus', () => {
  let bus: PrivateBus;
  let server: TestNotificationServer;
  let fx: WebHostFixture;
  let accountId: string;

  beforeAll(async () => {
    bus = await startPrivateBus();
    server = await startTestNotificationServer(bus.address);
    fx = await startWebHostFixture({ notifications: 'auto', dbusAddress: bus.address });
    accountId = await fx.signIn(WORK_USER.upn);
    // The first sync is a baseline (existing mail never notifies); later cycles find new mail.
    await fx.host.app.checkNow();
  });

  afterAll(async () => {
    await fx?.close();
    await server?.stop();
    await bus?.stop();
  });

  it('uses the notification server it found on the bus', () => {
    expect(fx.host.notifier).not.toBeNull();
  });

  it('turns a new message into Notify with summary, body and actions, and a read-elsewhere into CloseNotification', async () => {
    const page = await fx.connect();
    const { id: messageId } = await fx.admin.addMessage(WORK_USER.upn, newMail('Quarterly numbers are in'));
    await fx.host.app.checkNow();
    const shown = await server.waitForNotify((n) => n.body.startsWith('Quarterly numbers are in'));
    expect(shown.appName).toBe('Herald');
    expect(shown.summary).toBe('Nestor Wilke');
    expect(shown.actions).toEqual(['default', 'Open', 'markRead', 'Mark as read', 'archive', 'Archive']);
    expect(shown.replacesId).toBe(0);
    expect(typeof shown.hints.urgency).toBe('number');
    // No page notification when the desktop shows it.
    expect(page.events.some((e) => e.name === 'notification.show')).toBe(false);

    await fx.admin.patchMessage(WORK_USER.upn, messageId, { isRead: true });
    await fx.host.app.checkNow();
    await server.waitForClose(shown.id);
    page.close();
  });

  it("opens the message in the popup when the user clicks the notification (ActionInvoked 'default')", async () => {
    const page = await fx.connect();
    const { id: messageId } = await fx.admin.addMessage(WORK_USER.upn, newMail('Offsite agenda'));
    await fx.host.app.checkNow();
    const shown = await server.waitForNotify((n) => n.body.startsWith('Offsite agenda'));
    server.invokeAction(shown.id, 'default');
    const target = await page.waitForEvent('navigate', (t: NavigateTarget) => t.kind === 'message' && t.messageId === messageId);
    expect(target).toEqual({ kind: 'message', accountId, messageId });
    page.close();
  });

  it("marks the message read on the server when the user chooses 'Mark as read'", async () => {
    const { id: messageId } = await fx.admin.addMessage(WORK_USER.upn, newMail('Badge photos'));
    await fx.host.app.checkNow();
    const shown = await server.waitForNotify((n) => n.body.startsWith('Badge photos'));
    expect((await fx.admin.getMessage(WORK_USER.upn, messageId)).isRead).toBe(false);
    server.invokeAction(shown.id, 'markRead');
    await expect.poll(async () => (await fx.admin.getMessage(WORK_USER.upn, messageId)).isRead, { timeout: 20_000 }).toBe(true);
  });
});

describe.skipIf(skipReason !== null)('web host notifications without a notification server', () => {
  let bus: PrivateBus;
  let fx: WebHostFixture;

  beforeAll(async () => {
    bus = await startPrivateBus();
    fx = await startWebHostFixture({ notifications: 'auto', dbusAddress: bus.address });
    await fx.signIn(WORK_USER.upn);
    await fx.host.app.checkNow();
  });

  afterAll(async () => {
    await fx?.close();
    await bus?.stop();
  });

  it("falls back to the page's Notification API (notification.show / notification.close events)", async () => {
    expect(fx.host.notifier).toBeNull();
    const page = await fx.connect();
    const { id: messageId } = await fx.admin.addMessage(WORK_USER.upn, newMail('Parking update'));
    await fx.host.app.checkNow();
    const shown = await page.waitForEvent('notification.show', (n) => n.body.startsWith('Parking update'));
    expect(shown.title).toBe('Nestor Wilke');
    expect(shown.target).toMatchObject({ kind: 'message', messageId });
    await fx.admin.patchMessage(WORK_USER.upn, messageId, { isRead: true });
    await fx.host.app.checkNow();
    await page.waitForEvent('notification.close', (c) => c.intentId === shown.intentId);
    page.close();
  });
});
