// Keyboard-only use: Tab reaches the list, j/k move, Enter opens, Escape closes, e archives,
// # / Delete delete, u toggles unread, s toggles the flag, r opens the reply, and Tab reaches
// Settings. Results are read through the simulator's admin API, not the page.
import type { Page } from '@playwright/test';
import { expect, mail, row, test, WORK_USER } from './fixtures.ts';

/** Presses Tab from the top of the page until the message row `id` has focus (as a user would). */
async function tabToRow(page: Page, id: string): Promise<void> {
  const onRow = `document.activeElement?.getAttribute('data-message-id') === ${JSON.stringify(id)}`;
  for (let i = 0; i < 30 && (await page.evaluate(onRow)) !== true; i++) await page.keyboard.press('Tab');
  await expect(row(page, id), 'Tab never reached the first message row').toBeFocused();
}

async function folderId(herald: { admin: { folders(upn: string): Promise<{ id: string; wellKnownName: string }[]> } }, name: string): Promise<string> {
  const folder = (await herald.admin.folders(WORK_USER.upn)).find((f) => f.wellKnownName === name);
  if (!folder) throw new Error(`no ${name} folder`);
  return folder.id;
}

test('a keyboard-only flow works', async ({ herald, openPopup }) => {
  const now = Date.now();
  // Newest first in the list: Alpha, Bravo, Charlie.
  const alpha = await herald.admin.addMessage(WORK_USER.upn, mail('Alpha', { receivedDateTime: new Date(now - 60_000).toISOString() }));
  const bravo = await herald.admin.addMessage(WORK_USER.upn, mail('Bravo', { receivedDateTime: new Date(now - 120_000).toISOString() }));
  const charlie = await herald.admin.addMessage(WORK_USER.upn, mail('Charlie', { receivedDateTime: new Date(now - 180_000).toISOString() }));
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  await expect(row(page, charlie.id)).toBeVisible();

  await tabToRow(page, alpha.id);
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

  const archive = await folderId(herald, 'archive');
  // Escape gave focus back to Bravo's row; j moves on to Charlie.
  await expect(row(page, bravo.id)).toBeFocused();
  await page.keyboard.press('j');
  await expect(row(page, charlie.id)).toBeFocused();
  await page.keyboard.press('e');
  await expect(row(page, charlie.id)).toHaveCount(0);
  await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, charlie.id)).parentFolderId).toBe(archive);

  // Tab (backwards, from the list) reaches the navigation; Enter on Settings opens it.
  const settingsButton = page.getByRole('navigation').getByRole('button', { name: 'Settings' });
  const onSettings = "document.activeElement?.closest('nav') !== null && document.activeElement?.textContent?.trim() === 'Settings'";
  for (let i = 0; i < 20 && (await page.evaluate(onSettings)) !== true; i++) await page.keyboard.press('Shift+Tab');
  await expect(settingsButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('settings')).toBeVisible();
});

test('u, s, #, Delete and r act on the focused row and reach the simulator', async ({ herald, openPopup }) => {
  const now = Date.now();
  // Newest first: Alpha, Bravo, Charlie.
  const alpha = await herald.admin.addMessage(WORK_USER.upn, mail('Alpha', { receivedDateTime: new Date(now - 60_000).toISOString() }));
  const bravo = await herald.admin.addMessage(WORK_USER.upn, mail('Bravo', { receivedDateTime: new Date(now - 120_000).toISOString() }));
  const charlie = await herald.admin.addMessage(WORK_USER.upn, mail('Charlie', { receivedDateTime: new Date(now - 180_000).toISOString() }));
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  await expect(row(page, charlie.id)).toBeVisible();
  const server = (id: string) => herald.admin.getMessage(WORK_USER.upn, id);

  await tabToRow(page, alpha.id);
  // The row's actions are reachable from the keyboard: ArrowRight into them, ArrowLeft back.
  await page.keyboard.press('ArrowRight');
  await expect(row(page, alpha.id).getByRole('button', { name: 'Mark as read' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(row(page, alpha.id).getByRole('button', { name: 'Flag' })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(row(page, alpha.id)).toBeFocused();

  await page.keyboard.press('u');
  await expect.poll(async () => (await server(alpha.id)).isRead).toBe(true);
  await page.keyboard.press('u');
  await expect.poll(async () => (await server(alpha.id)).isRead).toBe(false);

  await page.keyboard.press('s');
  await expect.poll(async () => (await server(alpha.id)).flag).toMatchObject({ flagStatus: 'flagged' });
  await expect(row(page, alpha.id).getByRole('button', { name: 'Flag' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('s');
  await expect.poll(async () => (await server(alpha.id)).flag).toMatchObject({ flagStatus: 'notFlagged' });

  const deleted = await folderId(herald, 'deleteditems');
  await page.keyboard.press('#');
  await expect(row(page, alpha.id)).toHaveCount(0);
  await expect.poll(async () => (await server(alpha.id)).parentFolderId).toBe(deleted);
  // Focus moved on to the next row, so the next key acts on Bravo.
  await expect(row(page, bravo.id)).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(row(page, bravo.id)).toHaveCount(0);
  await expect.poll(async () => (await server(bravo.id)).parentFolderId).toBe(deleted);

  await expect(row(page, charlie.id)).toBeFocused();
  await page.keyboard.press('r');
  const view = page.getByTestId('message-view');
  await expect(view.getByRole('heading', { name: 'Charlie' })).toBeVisible();
  const reply = view.getByRole('textbox', { name: 'Quick reply' });
  await expect(reply).toBeFocused();
  await page.keyboard.type('On it.');
  const send = view.getByRole('button', { name: 'Send' });
  const onSend = "document.activeElement?.textContent?.trim() === 'Send'";
  for (let i = 0; i < 5 && (await page.evaluate(onSend)) !== true; i++) await page.keyboard.press('Tab');
  await expect(send).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(view.getByRole('status').filter({ hasText: 'Reply sent' })).toBeVisible();
  const sent = (await herald.admin.folders(WORK_USER.upn)).find((f) => f.wellKnownName === 'sentitems');
  expect(sent?.totalItemCount).toBe(1);
});
