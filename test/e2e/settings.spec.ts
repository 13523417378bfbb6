// Settings changed in the popup are kept in the profile directory: after the web host restarts
// (new port, new secret, same profile) the popup shows them again.
import { expect, test, WORK_USER } from './fixtures.ts';

test('settings survive a restart of the web host', async ({ herald, openPopup, page }) => {
  await herald.signIn(WORK_USER.upn);
  await openPopup();
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByTestId('settings');
  await expect(settings).toBeVisible();
  await settings.getByLabel('Theme').selectOption('dark');
  await settings.getByRole('switch', { name: 'Privacy mode (hide sender, subject and preview)' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect
    .poll(async () => {
      const outcome = await herald.host.app.dispatch('settings.get', {});
      return outcome.ok ? (outcome.value as { theme: string; notifications: { privacyMode: boolean } }) : null;
    })
    .toMatchObject({ theme: 'dark', notifications: { privacyMode: true } });

  await herald.restart();
  await page.goto(herald.host.popupUrl);
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('settings').getByLabel('Theme')).toHaveValue('dark');
  await expect(page.getByTestId('settings').getByRole('switch', { name: 'Privacy mode (hide sender, subject and preview)' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('"VIPs break through a pause" and the snooze length reach the core and survive a restart', async ({ herald, openPopup, page }) => {
  await herald.signIn(WORK_USER.upn);
  await openPopup();
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByTestId('settings');
  const vipSwitch = settings.getByRole('switch', { name: 'VIPs break through a pause' });
  await expect(vipSwitch).not.toBeChecked();
  await vipSwitch.check();
  await settings.getByLabel('Snooze reminders for').selectOption({ label: '15 min' });
  const core = async () => {
    const outcome = await herald.host.app.dispatch('settings.get', {});
    return outcome.ok ? (outcome.value as { notifications: { vipBreaksPause: boolean; snoozeMinutes: number } }).notifications : null;
  };
  await expect.poll(core).toMatchObject({ vipBreaksPause: true, snoozeMinutes: 15 });

  await herald.restart();
  await expect.poll(core).toMatchObject({ vipBreaksPause: true, snoozeMinutes: 15 });
  await page.goto(herald.host.popupUrl);
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('settings').getByRole('switch', { name: 'VIPs break through a pause' })).toBeChecked();
  await expect(page.getByTestId('settings').getByLabel('Snooze reminders for')).toHaveValue('15');

  // And off again.
  await page.getByTestId('settings').getByRole('switch', { name: 'VIPs break through a pause' }).uncheck();
  await expect.poll(core).toMatchObject({ vipBreaksPause: false });
});
