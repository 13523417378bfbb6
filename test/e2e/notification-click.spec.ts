// A desktop notification's action opens the message in the popup: the test runs its own D-Bus
// session bus and freedesktop notification server; the web host shows new mail there, and the
// test "clicks" it (ActionInvoked 'default').
import { dbusUnavailableReason, startPrivateBus } from '../support/dbus-session.ts';
import { startTestNotificationServer } from '../support/dbus-notification-server.ts';
import { startWebHostFixture } from '../support/webhost-fixture.ts';
import { expect, mail, row, test, WORK_USER } from './fixtures.ts';

const skipReason = dbusUnavailableReason();
if (skipReason) console.log(`[e2e] notification-click skipped: ${skipReason}`);

test('clicking the desktop notification opens that message in the popup', async ({ page }) => {
  test.skip(skipReason !== null, skipReason ?? '');
  const bus = await startPrivateBus();
  const server = await startTestNotificationServer(bus.address);
  const herald = await startWebHostFixture({ notifications: 'auto', dbusAddress: bus.address });
  try {
    const old = await herald.admin.addMessage(WORK_USER.upn, mail('Older news'));
    await herald.signIn(WORK_USER.upn);
    await page.goto(herald.host.popupUrl);
    await expect(row(page, old.id)).toBeVisible();

    const { id } = await herald.admin.addMessage(WORK_USER.upn, mail('Server room is flooding'));
    await herald.host.app.checkNow();
    const shown = await server.waitForNotify((n) => n.body.startsWith('Server room is flooding'));
    expect(shown.summary).toBe('Nestor Wilke');
    await expect(page.getByTestId('message-view')).toHaveCount(0);

    server.invokeAction(shown.id, 'default');
    const view = page.getByTestId('message-view');
    await expect(view.getByRole('heading', { name: 'Server room is flooding' })).toBeVisible();
    await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, id)).isRead).toBe(true);
  } finally {
    await herald.close();
    await server.stop();
    await bus.stop();
  }
});

test('clicking the notification with no popup open opens the popup in the browser, on that message', async ({ page }) => {
  test.skip(skipReason !== null, skipReason ?? '');
  const bus = await startPrivateBus();
  const server = await startTestNotificationServer(bus.address);
  const herald = await startWebHostFixture({ notifications: 'auto', dbusAddress: bus.address });
  try {
    await herald.signIn(WORK_USER.upn);
    await herald.host.app.checkNow(); // the baseline
    const { id } = await herald.admin.addMessage(WORK_USER.upn, mail('Badge office moved'));
    await herald.host.app.checkNow();
    const shown = await server.waitForNotify((n) => n.body.startsWith('Badge office moved'));
    // No page is open: the host opens the popup with the system's opener (recorded here).
    server.invokeAction(shown.id, 'default');
    await expect.poll(() => herald.opened.length).toBe(1);
    const url = herald.opened[0]?.args[0] ?? '';
    expect(url.startsWith(`${herald.host.popupUrl}#open=`)).toBe(true);
    // What the browser then loads: the secret → cookie redirect keeps the fragment.
    await page.goto(url);
    await expect(page.getByTestId('message-view').getByRole('heading', { name: 'Badge office moved' })).toBeVisible();
    expect(new URL(page.url()).hash).toBe('');
    await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, id)).isRead).toBe(true);
  } finally {
    await herald.close();
    await server.stop();
    await bus.stop();
  }
});
