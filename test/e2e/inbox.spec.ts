// Sign-in from the first-run screen, the inbox, and live delivery.
import { expect, mail, row, test, WORK_USER } from './fixtures.ts';

test('signs in from the first-run screen and shows the inbox', async ({ herald, openPopup }) => {
  const { id } = await herald.admin.addMessage(WORK_USER.upn, mail('Welcome aboard'));
  const page = await openPopup();
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await expect(row(page, id)).toBeVisible();
  await expect(row(page, id)).toContainText('Welcome aboard');
  await expect(row(page, id)).toContainText('Nestor Wilke');
  await expect(page.getByTestId('status-line')).toBeVisible();
});

test('renders the inbox of a signed-in account and shows new mail live', async ({ herald, openPopup }) => {
  const first = await herald.admin.addMessage(WORK_USER.upn, mail('Already here'));
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  await expect(row(page, first.id)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-inbox-ready', 'true');

  const fresh = await herald.admin.addMessage(WORK_USER.upn, mail('Hot off the press'));
  await herald.host.app.checkNow();
  await expect(row(page, fresh.id)).toBeVisible();
  await expect(row(page, fresh.id)).toContainText('Hot off the press');
});
