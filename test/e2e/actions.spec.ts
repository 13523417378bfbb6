// Mark read, flag, archive, delete and reply from the popup reach the simulator (checked through
// its admin API, not through the page).
import { expect, mail, row, test, WORK_USER } from './fixtures.ts';

async function folderIdOf(herald: { admin: { folders(upn: string): Promise<{ id: string; wellKnownName: string; totalItemCount: number }[]> } }, name: string) {
  const folders = await herald.admin.folders(WORK_USER.upn);
  const folder = folders.find((f) => f.wellKnownName === name);
  if (!folder) throw new Error(`no ${name} folder`);
  return folder;
}

test('mark read / unread and flag from the row reach the simulator', async ({ herald, openPopup }) => {
  const { id } = await herald.admin.addMessage(WORK_USER.upn, mail('Budget review'));
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  const target = row(page, id);
  await target.hover();
  await target.getByRole('button', { name: 'Mark as read' }).click();
  await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, id)).isRead).toBe(true);
  await target.hover();
  await target.getByRole('button', { name: 'Mark as unread' }).click();
  await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, id)).isRead).toBe(false);
  await target.hover();
  await target.getByRole('button', { name: 'Flag' }).click();
  await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, id)).flag).toMatchObject({ flagStatus: 'flagged' });
});

test('archive and delete from the row move the message on the server and out of the list', async ({ herald, openPopup }) => {
  const keep = await herald.admin.addMessage(WORK_USER.upn, mail('To archive'));
  const drop = await herald.admin.addMessage(WORK_USER.upn, mail('To delete'));
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  const archive = await folderIdOf(herald, 'archive');
  const deleted = await folderIdOf(herald, 'deleteditems');

  await row(page, keep.id).hover();
  await row(page, keep.id).getByRole('button', { name: 'Archive' }).click();
  await expect(row(page, keep.id)).toHaveCount(0);
  await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, keep.id)).parentFolderId).toBe(archive.id);

  await row(page, drop.id).hover();
  await row(page, drop.id).getByRole('button', { name: 'Delete' }).click();
  await expect(row(page, drop.id)).toHaveCount(0);
  await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, drop.id)).parentFolderId).toBe(deleted.id);
});

test('opening a message marks it read, and a quick reply lands in Sent Items', async ({ herald, openPopup }) => {
  const { id } = await herald.admin.addMessage(WORK_USER.upn, mail('Lunch on Friday?'));
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  await row(page, id).click();
  const view = page.getByTestId('message-view');
  await expect(view.getByRole('heading', { name: 'Lunch on Friday?' })).toBeVisible();
  await expect.poll(async () => (await herald.admin.getMessage(WORK_USER.upn, id)).isRead).toBe(true);
  await view.getByRole('textbox', { name: 'Quick reply' }).fill('Count me in!');
  await view.getByRole('button', { name: 'Send' }).click();
  await expect(view.getByRole('status').filter({ hasText: 'Reply sent' })).toBeVisible();
  expect((await folderIdOf(herald, 'sentitems')).totalItemCount).toBe(1);
});
