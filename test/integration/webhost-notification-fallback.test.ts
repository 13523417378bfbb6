// Nothing is lost when the web host cannot show a notification: the desktop's notification
// server going away mid-run makes the page show it instead; with neither a server nor a page
// open, the intent stays in the engine's outbox (not marked shown) and appears once a page is
// there. A private session bus with a test notification server, a real web host, the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbusUnavailableReason, startPrivateBus, type PrivateBus } from '../support/dbus-session.ts';
import { notifiableMail as newMail, startTestNotificationServer, type TestNotificationServer } from '../support/dbus-notification-server.ts';
import { startWebHostFixture, WORK_USER, type WebHostFixture } from '../support/webhost-fixture.ts';

const skipReason = dbusUnavailableReason();
if (skipReason) console.warn(`skipping the notification fallback tests: ${skipReason}`);

describe.skipIf(skipReason !== null)('web host: a notification that cannot be shown is not lost', () => {
  let bus: PrivateBus;
  let server: TestNotificationServer;
  let fx: WebHostFixture;

  beforeAll(async () => {
    bus = await startPrivateBus();
    server = await startTestNotificationServer(bus.address);
    fx = await startWebHostFixture({ notifications: 'auto', dbusAddress: bus.address });
    await fx.signIn(WORK_USER.upn);
    await fx.host.app.checkNow(); // the baseline
  });

  afterAll(async () => {
    await fx?.close();
    await bus?.stop();
  });

  it('the notification server goes away → the page shows it; no page either → shown once a page connects', async () => {
    // Working: over D-Bus.
    await fx.admin.addMessage(WORK_USER.upn, newMail('Before the server left'));
    await fx.host.app.checkNow();
    await server.waitForNotify((n) => n.body.startsWith('Before the server left'));

    // The notification server quits; a page is open: the page shows the next one.
    await server.stop();
    const page = await fx.connect();
    await fx.admin.addMessage(WORK_USER.upn, newMail('Server gone, page open'));
    await fx.host.app.checkNow();
    const onPage = await page.waitForEvent('notification.show', (n) => n.body.startsWith('Server gone, page open'));
    expect(onPage.title).toBe('Nestor Wilke');
    page.close();
    await expect.poll(() => fx.host.socket.clientCount, { timeout: 10_000 }).toBe(0);

    // Neither: nothing can show it now, and it is not marked shown.
    await fx.admin.addMessage(WORK_USER.upn, newMail('Nobody to show it'));
    await fx.host.app.checkNow();
    const later = await fx.connect();
    expect(later.events.some((e) => e.name === 'notification.show')).toBe(false);
    // The next cycle shows it from the outbox, exactly once.
    await fx.host.app.checkNow();
    const shown = await later.waitForEvent('notification.show', (n) => n.body.startsWith('Nobody to show it'));
    expect(shown.title).toBe('Nestor Wilke');
    await fx.host.app.checkNow();
    expect(later.events.filter((e) => e.name === 'notification.show').length).toBe(1);
    later.close();
  });
});
