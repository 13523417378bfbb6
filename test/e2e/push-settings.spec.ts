// Settings › Instant delivery (push) against the real web host and the simulator's Graph
// subscriptions: off (with where the tunnel must point), failing (with the reason and the URL
// in use), live (with the URL in use), and off again. The "tunnel" is the loopback receiver's
// own URL, which the simulator accepts as a notification URL.
import { expect, test, WORK_USER } from './fixtures.ts';

test('push shows off, failing with the reason and the URL, then live with the URL', async ({ herald, openPopup, page }) => {
  await herald.signIn(WORK_USER.upn);
  await openPopup();
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  const push = page.getByTestId('push-settings');
  const state = push.getByRole('status');
  await expect(state).toHaveAttribute('data-state', 'off');
  await expect(state).toHaveText('Off');
  const target = /Point your tunnel at (http:\/\/127\.0\.0\.1:\d+)/.exec((await push.textContent()) ?? '')?.[1];
  expect(target, 'the settings never said where the tunnel must point').toBeDefined();
  const publicUrl = target ?? '';

  // Graph keeps answering 503 to the subscription: push is failing, and says why and where.
  await herald.admin.addFault({ kind: '503', user: WORK_USER.upn, path: '/subscriptions', retryAfterSeconds: 1 });
  const urlField = push.getByLabel('Public HTTPS address of your tunnel');
  await urlField.fill(publicUrl);
  await urlField.press('Enter');
  await push.getByRole('switch', { name: 'Use push' }).check();
  await expect(state, 'push never reported failing').toHaveAttribute('data-state', 'failing', { timeout: 30_000 });
  await expect(state).toContainText('Not working: Microsoft Graph answered 503');
  await expect(push.getByTestId('push-url')).toHaveText(`Address in use: ${publicUrl}`);

  // The fault is gone (say the tunnel is up now): "Try again" retries at once, and push goes live.
  await herald.admin.clearFaults();
  await push.getByRole('button', { name: 'Try again' }).click();
  await expect(state, 'push never went live').toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(state).toHaveText('Live');
  await expect(push.getByTestId('push-url')).toHaveText(`Microsoft Graph delivers to ${publicUrl}`);
  await expect(push.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  expect((await herald.admin.subscriptions()).length).toBeGreaterThan(0);

  await push.getByRole('switch', { name: 'Use push' }).uncheck();
  await expect(state).toHaveAttribute('data-state', 'off');
  await expect(push.getByTestId('push-url')).toHaveCount(0);
});
