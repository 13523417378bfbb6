// Keyboard-only use: j/k move, Enter opens, Escape closes, e archives, and Tab reaches Settings.
import { expect, mail, row, test, WORK_USER } from './fixtures.ts';

test('a keyboard-only flow works', async ({ herald, openPopup }) => {
  const now = Date.now();
  // Newest first in the list: Alpha, Bravo, Charlie.
  const alpha = await herald.admin.addMessage(WORK_USER.upn, mail('Alpha', { receivedDateTime: new Date(now - 60_000).toISOString() }));
  const bravo = await herald.admin.addMessage(WORK_USER.upn, mail('Bravo', { receivedDateTime: new Date(now - 120_000).toISOString() }));
  const charlie = await herald.admin.addMessage(WORK_USER.upn, mail('Charlie', { receivedDateTime: new Date(now - 180_000).toISOString() }));
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  await expect(row(page, charlie.id)).toBeVisible();

  await row(page, alpha.id).focus();
  await expect(row(page, alpha.id)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('j');
  await expect(row(page, bravo.id)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('j');
  await expect(row(page, charlie.id)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('k');
  await expect(row(page, bravo.id)).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('Enter');
  const view = page.getByTestId('message-view');
  await expect(view.getByRole('heading', { name: 'Bravo' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(view).toHaveCount(0);

  const archive = (await herald.admin.folders(WORK_USER.upn)).find((f) => f.wellKnownName === 'archive');
  await row(page, charlie.id).focus();
  await page.keyboard.press('e');
  await expect(row(page, charlie.id)).toHaveCount(0);
  await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, charlie.id)).parentFolderId).toBe(archive?.id);

  // Tab (backwards, from the list) reaches the navigation; Enter on Settings opens it.
  const settingsButton = page.getByRole('navigation').getByRole('button', { name: 'Settings' });
  const onSettings = "document.activeElement?.closest('nav') !== null && document.activeElement?.textContent?.trim() === 'Settings'";
  for (let i = 0; i < 20 && (await page.evaluate(onSettings)) !== true; i++) await page.keyboard.press('Shift+Tab');
  await expect(settingsButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('settings')).toBeVisible();
});
