// The status line names each account problem, says what to do, and offers the button the core
// names for that state (AccountStateView.action): Retry (sync.checkNow for that account), Sign in
// (accounts.fix), "How to approve" (the admin-consent help page, opened through the host).
// Problems come from the simulator: faults (503, 429, socket resets, 404 MailboxNotEnabled…),
// revoked tokens, and a token whose grant lacks the mail permission (403 ErrorAccessDenied).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ADMIN_CONSENT_HELP_URL } from '../../renderer/src/lib/status-problem.ts';
import { expect, test, WORK_USER, type HeraldFixtures } from './fixtures.ts';

type Herald = HeraldFixtures['herald'];

/** Signs the work account in, opens the popup and waits until its first sync is shown. */
async function signedIn(herald: Herald, openPopup: () => Promise<Page>): Promise<Page> {
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  await expect(page.getByTestId('status-line')).toContainText('Updated');
  return page;
}

/** Runs a check of every account; a failing check shows in the account's state, not here. */
async function check(herald: Herald): Promise<void> {
  await herald.host.app.checkNow().catch(() => undefined);
}

function statusLine(page: Page) {
  return page.getByTestId('status-line');
}

test('Microsoft Graph answering 503: "will try again" and Retry brings the account back once it answers', async ({ herald, openPopup }) => {
  const page = await signedIn(herald, openPopup);
  // Retry-After 1 s: the client retries inline, then the account is graphDown (action: retry).
  await herald.admin.addFault({ kind: '503', user: WORK_USER.upn, retryAfterSeconds: 1 });
  await check(herald);
  await expect(statusLine(page)).toContainText('Microsoft 365 is not answering right now — Herald will try again');
  const retry = statusLine(page).getByRole('button', { name: 'Retry' });
  await expect(retry).toBeVisible();

  await herald.admin.clearFaults();
  await herald.admin.clearRequests();
  await retry.click();
  await expect(statusLine(page)).toContainText('Updated');
  await expect(statusLine(page).getByRole('button')).toHaveCount(0);
  // The click checked the account (the poll interval is a minute away).
  expect((await herald.admin.requests()).some((entry) => entry.upn === WORK_USER.upn)).toBe(true);
});

test('offline (the connection to Graph keeps dropping): "will retry" and Retry brings it back', async ({ herald, openPopup }) => {
  // The client backs off through five network retries (≈ 15–31 s) before the account is offline.
  test.setTimeout(180_000);
  const page = await signedIn(herald, openPopup);
  await herald.admin.addFault({ kind: 'reset', user: WORK_USER.upn });
  await check(herald);
  await expect(statusLine(page), 'the account never became offline').toContainText('Offline — will retry', { timeout: 60_000 });
  const retry = statusLine(page).getByRole('button', { name: 'Retry' });
  await expect(retry).toBeVisible();

  await herald.admin.clearFaults();
  await retry.click();
  await expect(statusLine(page)).toContainText('Updated', { timeout: 30_000 });
  await expect(statusLine(page).getByRole('button')).toHaveCount(0);
});

test('throttled (429 with a long Retry-After): says when it retries and offers no button', async ({ herald, openPopup }) => {
  const page = await signedIn(herald, openPopup);
  await herald.admin.addFault({ kind: '429', user: WORK_USER.upn, retryAfterSeconds: 600 });
  await check(herald);
  await expect(statusLine(page)).toContainText(/Microsoft asked Herald to slow down — retrying at \d/);
  await expect(statusLine(page).getByRole('button')).toHaveCount(0);
});

test('revoked sign-in: "sign in again", and Sign in brings the account back', async ({ herald, openPopup }) => {
  const page = await signedIn(herald, openPopup);
  const revoked = await fetch(`${herald.sim.url}/_admin/identity/users/${encodeURIComponent(WORK_USER.upn)}/revoke`, { method: 'POST' });
  expect(revoked.status).toBe(200);
  await check(herald);
  await expect(statusLine(page)).toContainText(`${WORK_USER.upn} needs you to sign in again`);
  const signIn = statusLine(page).getByRole('button', { name: 'Sign in' });
  await expect(signIn).toBeVisible();

  const scripted = await fetch(`${herald.sim.url}/_admin/identity/next-sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ upn: WORK_USER.upn }),
  });
  expect(scripted.status).toBeLessThan(300);
  await signIn.click();
  await expect(statusLine(page)).toContainText('Updated');
  await expect(statusLine(page).getByRole('button')).toHaveCount(0);
});

test('mailbox not enabled (404 MailboxNotEnabledForRESTAPI): explains, no button; back once the mailbox is enabled', async ({ herald, openPopup }) => {
  const page = await signedIn(herald, openPopup);
  await herald.admin.setMailboxState(WORK_USER.upn, 'notEnabled');
  await check(herald);
  await expect(statusLine(page)).toContainText(`${WORK_USER.upn} has no Exchange Online mailbox, so there is no mail to show. Ask your IT administrator for an Exchange Online licence.`);
  await expect(statusLine(page).getByRole('button')).toHaveCount(0);

  await herald.admin.setMailboxState(WORK_USER.upn, 'enabled');
  await check(herald);
  await expect(statusLine(page)).toContainText('Updated');
});

test('admin consent needed (403 ErrorAccessDenied): "ask your IT administrator", and the button opens the help page', async ({ herald, openPopup }) => {
  const page = await signedIn(herald, openPopup);
  // What a tenant that never approved the mail permission gives Herald: a token without it.
  // The simulator issues one (admin API); it replaces the access token in the app's plaintext
  // MSAL cache file, which the cache plugin reloads before its next use.
  const { accessToken } = await herald.admin.token(WORK_USER.upn, { scopes: ['User.Read'] });
  const cacheFile = path.join(herald.profileDir, 'msal-cache.json');
  const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as { AccessToken: Record<string, { secret: string }> };
  const entries = Object.values(cache.AccessToken);
  expect(entries.length, 'no access token in the MSAL cache').toBeGreaterThan(0);
  for (const entry of entries) entry.secret = accessToken;
  await writeFile(cacheFile, JSON.stringify(cache));

  await check(herald);
  await expect(statusLine(page)).toContainText(`An administrator of ${WORK_USER.upn}’s organization must approve Herald before it can read this mailbox. Ask your IT administrator.`);
  await statusLine(page).getByRole('button', { name: 'How to approve' }).click();
  await expect.poll(() => herald.opened.map((entry) => entry.args.join(' '))).toContainEqual(expect.stringContaining(ADMIN_CONSENT_HELP_URL));
});
