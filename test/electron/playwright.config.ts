// The `_electron` suite: the real Herald app (tray, popup, notifications) driven by Playwright.
// It runs only where an Electron binary is installed; elsewhere every test skips with the reason
// printed, and `npm run test:electron` exits 0.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  // One Electron app per test, sharing a user's session bus and tray: run them one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
