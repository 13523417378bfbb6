// The web host's fallback when no desktop notification service answers: the page shows new
// mail with the browser's Notification API (renderer/src/notifications/browser-notifications.ts),
// and clicking the notification opens that message in the popup.
// Headless Chromium does construct real Notification objects once the permission is granted,
// but there is no notification centre to click: an init script keeps a reference to each one
// the page creates (a subclass of the real constructor, nothing stubbed), and the test
// dispatches the click a user's click would fire.
import { expect, mail, row, test, WORK_USER } from './fixtures.ts';

test.use({ heraldOptions: { notifications: 'page' }, permissions: ['notifications'] });

// Page-side code is source text: the Node tsconfig has no DOM types.
const RECORD_NOTIFICATIONS = `(() => {
  const Real = window.Notification;
  const shown = [];
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      shown.push(this);
    }
  }
  Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true, writable: true });
  Object.defineProperty(window, '__heraldNotifications', { value: shown });
})();`;

const SHOWN = `(window.__heraldNotifications ?? []).map((n) => ({ title: n.title, body: n.body, tag: n.tag }))`;

function clickNotification(bodyStart: string): string {
  return `window.__heraldNotifications.find((n) => n.body.startsWith(${JSON.stringify(bodyStart)}))?.dispatchEvent(new Event('click'))`;
}

test('new mail shows a page notification; clicking it opens that message', async ({ herald, openPopup, page }) => {
  await page.addInitScript(RECORD_NOTIFICATIONS);
  const old = await herald.admin.addMessage(WORK_USER.upn, mail('Older news'));
  await herald.signIn(WORK_USER.upn);
  await openPopup();
  await expect(row(page, old.id)).toBeVisible();
  expect(await page.evaluate('Notification.permission')).toBe('granted');

  const { id } = await herald.admin.addMessage(WORK_USER.upn, mail('Server room is flooding'));
  await herald.host.app.checkNow();
  await expect
    .poll(() => page.evaluate(SHOWN))
    .toContainEqual(expect.objectContaining({ title: 'Nestor Wilke', body: expect.stringContaining('Server room is flooding') }));
  await expect(page.getByTestId('message-view')).toHaveCount(0);

  await page.evaluate(clickNotification('Server room is flooding'));
  const view = page.getByTestId('message-view');
  await expect(view.getByRole('heading', { name: 'Server room is flooding' })).toBeVisible();
  await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, id)).isRead).toBe(true);
});
