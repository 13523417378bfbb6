// An automated accessibility scan (axe-core, WCAG 2.x A/AA rules) of each screen of the popup:
// the inbox (rows with markers and actions), a message view, the agenda and settings. Serious
// and critical violations fail the test, listed with their targets; minor and moderate ones are
// printed so they stay visible. Also: a row's accessible name carries its markers.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, mail, row, test, WORK_USER } from './fixtures.ts';

async function scan(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    // The message body is the sender's HTML in a frame that runs no script: axe cannot run
    // inside it (its injection would wait for ever), and its markup is not ours to fix.
    .exclude('iframe[title="Message body"]')
    .analyze();
  const describe = (list: typeof results.violations) =>
    list.map((v) => `${v.impact ?? '?'} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.replace(/\n/g, ' ')).join('\n    ')}`);
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = results.violations.filter((v) => !blocking.includes(v));
  if (other.length > 0) console.log(`[axe] ${screen}: minor/moderate\n  ${describe(other).join('\n  ')}`);
  expect(describe(blocking), `serious/critical accessibility violations on the ${screen}`).toEqual([]);
}

test('the inbox, a message, the agenda and settings have no serious or critical axe violations', async ({ herald, openPopup }) => {
  const now = Date.now();
  const flagged = await herald.admin.addMessage(WORK_USER.upn, mail('Contract to sign', { importance: 'high', receivedDateTime: new Date(now - 60_000).toISOString() }));
  await herald.admin.patchMessage(WORK_USER.upn, flagged.id, { flagStatus: 'flagged' });
  await herald.admin.addMessage(WORK_USER.upn, mail('Weekly digest', { importance: 'low', isRead: true, receivedDateTime: new Date(now - 120_000).toISOString() }));
  await herald.admin.addEvent(WORK_USER.upn, {
    subject: 'Design review',
    start: new Date(now + 3_600_000).toISOString(),
    end: new Date(now + 5_400_000).toISOString(),
    isOnlineMeeting: true,
    location: 'Room 4',
  });
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  await expect(row(page, flagged.id)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-inbox-ready', 'true');

  // The markers are part of what a screen reader hears for the row.
  await expect(row(page, flagged.id)).toHaveAttribute('aria-label', /^Unread, High importance, Nestor Wilke, Contract to sign, .+, Flagged$/);
  await expect(row(page, flagged.id).getByRole('img', { name: 'High importance' })).toHaveCount(1);
  // A row is a grid row whose actions are real buttons (an option's children would be presentational).
  await expect(page.getByRole('grid', { name: 'Messages' }).getByRole('row').first()).toBeVisible();
  await expect(row(page, flagged.id).getByRole('gridcell').getByRole('button', { name: 'Archive' })).toHaveCount(1);

  await row(page, flagged.id).hover();
  await scan(page, 'inbox');

  await row(page, flagged.id).click();
  const view = page.getByTestId('message-view');
  await expect(view.getByRole('heading', { name: 'Contract to sign' })).toBeVisible();
  await scan(page, 'message view');
  await view.getByRole('button', { name: 'Back' }).click();

  await page.getByRole('navigation').getByRole('button', { name: 'Agenda' }).click();
  await expect(page.getByTestId('agenda')).toContainText('Design review');
  await scan(page, 'agenda');

  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('settings')).toContainText(WORK_USER.upn);
  await scan(page, 'settings');
});

test('the first-run screen has no serious or critical axe violations', async ({ openPopup }) => {
  const page = await openPopup();
  await expect(page.getByRole('button', { name: 'Sign in with Microsoft' })).toBeVisible();
  await scan(page, 'first-run screen');
});
