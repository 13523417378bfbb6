// The README's screenshots of the popup (inbox, message, agenda, settings), taken from the web
// host on the simulator's demo tenant with repeatable data (seeded random, times anchored to the
// last ten minutes, UTC). Every run takes them (so the flow stays working); they are written
// to docs/screenshots/ only with HERALD_UPDATE_SCREENSHOTS=1:
//   HERALD_UPDATE_SCREENSHOTS=1 npm run test:e2e -- screenshots
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PERSONAL_ACCOUNT, DEMO_WORK_ACCOUNT, seedDemoTenant } from '../../sim/demo-tenant.ts';
import { seededRandom } from '../../sim/seeded-random.ts';
import { expect, test } from './fixtures.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = process.env.HERALD_UPDATE_SCREENSHOTS === '1' ? path.join(REPO_ROOT, 'docs', 'screenshots') : path.join(REPO_ROOT, 'test-results', 'screenshots');

test.use({ heraldOptions: { users: [] }, viewport: { width: 380, height: 600 }, deviceScaleFactor: 2, timezoneId: 'UTC', colorScheme: 'light' });

test('takes the README screenshots from the demo tenant', async ({ herald, openPopup }) => {
  // Anchored to ten minutes so the seeded "standup in 20 min" is still ahead when the page looks.
  const tenMinutes = 10 * 60 * 1000;
  const now = Math.floor(Date.now() / tenMinutes) * tenMinutes;
  await seedDemoTenant(herald.admin, { now, random: seededRandom(2026) });
  await herald.signIn(DEMO_WORK_ACCOUNT.upn);
  await herald.signIn(DEMO_PERSONAL_ACCOUNT.upn);
  await mkdir(OUT_DIR, { recursive: true });

  const page = await openPopup();
  const list = page.getByTestId('message-list');
  await expect(list.locator('[data-message-id]').first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-inbox-ready', 'true');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(OUT_DIR, 'inbox.png') });

  await list.locator('[data-message-id]').first().click({ position: { x: 40, y: 12 } });
  const view = page.getByTestId('message-view');
  await expect(page.frameLocator('iframe[title="Message body"]').locator('body')).toContainText('Hi Megan');
  await page.screenshot({ path: path.join(OUT_DIR, 'message.png') });
  await view.getByRole('button', { name: 'Back' }).click();

  await page.getByRole('navigation').getByRole('button', { name: 'Agenda' }).click();
  await expect(page.getByTestId('agenda')).toContainText('Team standup');
  await page.screenshot({ path: path.join(OUT_DIR, 'agenda.png') });

  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('settings')).toContainText(DEMO_WORK_ACCOUNT.upn);
  await page.screenshot({ path: path.join(OUT_DIR, 'settings.png') });
});
