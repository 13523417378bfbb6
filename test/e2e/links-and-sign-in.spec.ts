// Links leave the popup only through the host: a click on an https link in a message, and the
// device-code screen's sign-in link, both reach the host's URL opener (recorded by the fixture,
// nothing really opens) and never navigate the popup. The device-code flow ends in the inbox
// once the code is approved (through the simulator's admin API, as the other device would).
import { expect, mail, row, test, WORK_USER } from './fixtures.ts';

test('clicking an https link inside a message opens it through the host, not in the popup', async ({ herald, openPopup }) => {
  const link = 'https://contoso.example/reports/q3?from=mail';
  const { id } = await herald.admin.addMessage(WORK_USER.upn, mail('Q3 report', { bodyHtml: `<p>The <a id="report" href="${link}">Q3 report</a> is ready.</p>` }));
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  await row(page, id).click();
  const body = page.frameLocator('iframe[title="Message body"]');
  await body.locator('#report').click();
  await expect.poll(() => herald.opened.map((entry) => entry.args)).toContainEqual([link]);
  expect(page.url()).toBe(`${herald.host.origin}/`);
  expect(page.context().pages()).toHaveLength(1);
});

test('"Use a code instead" shows the code and the link, opens the link through the host, and signs in once approved', async ({ herald, openPopup }) => {
  // Poll the token endpoint every second instead of every five.
  const settings = await fetch(`${herald.sim.url}/_admin/identity/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deviceCodeIntervalSeconds: 1 }) });
  expect(settings.ok).toBe(true);
  const { id } = await herald.admin.addMessage(WORK_USER.upn, mail('Signed in by code'));
  const page = await openPopup();
  await page.getByRole('button', { name: 'Use a code instead' }).click();

  const prompt = page.getByRole('region', { name: 'Sign in on another device' });
  await expect(prompt).toBeVisible();
  const pending = async () => ((await (await fetch(`${herald.sim.url}/_admin/identity/devicecode/pending`)).json()) as { userCode: string }[]).map((p) => p.userCode);
  await expect.poll(pending).toHaveLength(1);
  const [userCode] = await pending();
  await expect(prompt.locator('output')).toHaveText(userCode ?? '');
  await expect(prompt).toContainText('Open https://microsoft.com/devicelogin and enter this code:');
  await expect(prompt.getByRole('link', { name: 'Open the sign-in page' })).toHaveAttribute('href', 'https://microsoft.com/devicelogin');
  await prompt.getByRole('link', { name: 'Open the sign-in page' }).click();
  await expect.poll(() => herald.opened.map((entry) => entry.args)).toContainEqual(['https://microsoft.com/devicelogin']);
  expect(page.url()).toBe(`${herald.host.origin}/`);

  const approved = await fetch(`${herald.sim.url}/_admin/identity/devicecode/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userCode, upn: WORK_USER.upn }),
  });
  expect(approved.status).toBe(200);
  await expect(row(page, id)).toBeVisible();
  await expect(prompt).toHaveCount(0);
});
