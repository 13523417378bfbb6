// Playwright fixtures: a simulator + web host per test (fresh profile directory), the popup page
// opened through its secret URL, and helpers to seed mail through the simulator's admin API.
import { test as base, expect, type Page } from '@playwright/test';
import type { AdminMessageInput } from '../../sim/admin-client.ts';
import { startWebHostFixture, WORK_USER, type WebHostFixture, type WebHostFixtureOptions } from '../support/webhost-fixture.ts';

export { expect, WORK_USER };

export interface HeraldFixtures {
  heraldOptions: WebHostFixtureOptions;
  herald: WebHostFixture;
  /** Opens the popup URL in `page` (sets the session cookie) and waits for the app shell. */
  openPopup: () => Promise<Page>;
}

export function mail(subject: string, overrides: Partial<AdminMessageInput> = {}): AdminMessageInput {
  return {
    from: { name: 'Nestor Wilke', address: 'nestorw@contoso.example' },
    subject,
    bodyHtml: `<p>${subject}: details inside.</p>`,
    receivedDateTime: new Date().toISOString(),
    isRead: false,
    importance: 'normal',
    inferenceClassification: 'focused',
    ...overrides,
  };
}

export const test = base.extend<HeraldFixtures>({
  heraldOptions: [{}, { option: true }],
  herald: async ({ heraldOptions }, use) => {
    const fx = await startWebHostFixture(heraldOptions);
    await use(fx);
    await fx.close();
  },
  openPopup: async ({ page, herald }, use) => {
    await use(async () => {
      await page.goto(herald.host.popupUrl);
      await expect(page).toHaveURL(`${herald.host.origin}/`);
      return page;
    });
  },
});

/** The list row of a message. */
export function row(page: Page, messageId: string) {
  return page.getByTestId('message-list').locator(`[data-message-id="${messageId}"]`);
}
