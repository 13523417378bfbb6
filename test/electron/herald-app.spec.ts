// The real Herald in Electron: the popup's security, the tray menu and toggle, and a native
// notification click landing on the message — against the simulator's demo tenant. Test hooks
// exist only under HERALD_E2E=1 (main/shell/e2e-hooks.ts); a fresh profile per test.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { E2eHooks } from '../../main/shell/e2e-hooks.ts';
import type { HeraldBridge } from '../../preload/contract.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { DEMO_WORK_ACCOUNT, seedDemoTenant } from '../../sim/demo-tenant.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { electronAvailability } from './electron-binary.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const availability = electronAvailability(ROOT);
if (!availability.ok) console.log(`[test:electron] skipped: ${availability.reason}`);

type HookWindow = typeof globalThis & { __heraldE2E: E2eHooks };
// The root tsconfig has no DOM lib: the page's globals are typed by hand here.
type BridgeWindow = { herald: HeraldBridge; navigations: { kind: string }[]; open(url: string): unknown };

let sim: RunningSimulator;
let app: ElectronApplication;
let profile: string;

test.beforeEach(async () => {
  test.skip(!availability.ok, availability.ok ? '' : availability.reason);
  if (!availability.ok) return;
  sim = await startSimulator({ port: 0 });
  await seedDemoTenant(new SimAdminClient(sim.url));
  profile = await mkdtemp(join(tmpdir(), 'herald-electron-'));
  app = await electron.launch({
    executablePath: availability.binary,
    args: [availability.entry],
    env: { ...process.env, HERALD_E2E: '1', HERALD_USER_DATA_DIR: profile, HERALD_SIM_URL: sim.url },
  });
});

test.afterEach(async () => {
  if (!availability.ok) return;
  await app?.close();
  await sim?.close();
  await rm(profile, { recursive: true, force: true });
});

async function popupPage(): Promise<Page> {
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return page;
}

test('the popup runs sandboxed with exactly one bridge object', async () => {
  const page = await popupPage();
  const surface = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    herald: Object.keys((globalThis as unknown as BridgeWindow).herald).sort(),
  }));
  expect(surface).toEqual({ require: 'undefined', process: 'undefined', herald: ['invoke', 'on'] });
  const info = await page.evaluate(() => (globalThis as unknown as BridgeWindow).herald.invoke('app.info', {}));
  expect(info.ok && info.value.host).toBe('electron');
  const unknown = await page.evaluate(() => (globalThis as unknown as BridgeWindow).herald.invoke('nope' as 'app.info', {}));
  expect(unknown.ok).toBe(false);
  // window.open is denied: no second window appears.
  await page.evaluate(() => (globalThis as unknown as BridgeWindow).open('https://example.com/'));
  expect(app.windows()).toHaveLength(1);
});

test('tray: a click toggles the popup, the menu has every item and pausing works', async () => {
  await popupPage();
  expect(await app.evaluate(() => (globalThis as HookWindow).__heraldE2E.menuItemIds())).toEqual(expect.arrayContaining(['open', 'checkNow', 'pause', 'pause.hour', 'pause.tomorrow', 'pause.resume', 'settings', 'quit']));
  const before = await app.evaluate(() => (globalThis as HookWindow).__heraldE2E.popupVisible());
  await app.evaluate(() => (globalThis as HookWindow).__heraldE2E.clickTray());
  expect(await app.evaluate(() => (globalThis as HookWindow).__heraldE2E.popupVisible())).toBe(!before);
  expect(await app.evaluate(() => (globalThis as HookWindow).__heraldE2E.clickMenuItem('pause.hour'))).toBe(true);
  const page = await popupPage();
  await expect.poll(async () => page.evaluate(async () => {
    const status = await (globalThis as unknown as BridgeWindow).herald.invoke('sync.status', {});
    return status.ok ? status.value.pausedUntil !== null : false;
  })).toBe(true);
});

test('a notification for new mail, clicked, opens the popup on that message', async () => {
  const page = await popupPage();
  await page.evaluate(() => {
    const page = globalThis as unknown as BridgeWindow;
    page.navigations = [];
    page.herald.on('navigate', (target) => page.navigations.push(target));
  });
  const admin = new SimAdminClient(sim.url);
  await admin.addMessage(DEMO_WORK_ACCOUNT.upn, { from: { name: 'Alex Wilber', address: 'alex@contoso.example' }, subject: 'Electron e2e ping' });
  await app.evaluate(() => (globalThis as HookWindow).__heraldE2E.clickMenuItem('checkNow'));
  await expect
    .poll(() => app.evaluate(() => (globalThis as HookWindow).__heraldE2E.shownNotifications()), { timeout: 30_000 })
    .toEqual(expect.arrayContaining([expect.objectContaining({ intentId: expect.stringMatching(/^mail:/) })]));
  const shown = await app.evaluate(() => (globalThis as HookWindow).__heraldE2E.shownNotifications());
  const mail = shown.find((n) => n.intentId.startsWith('mail:'));
  expect(mail).toBeDefined();
  expect(await app.evaluate((_e, id) => (globalThis as HookWindow).__heraldE2E.clickNotification(id), mail?.intentId ?? '')).toBe(true);
  await expect.poll(() => app.evaluate(() => (globalThis as HookWindow).__heraldE2E.popupVisible())).toBe(true);
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as BridgeWindow).navigations.map((n) => n.kind))).toContain('message');
});
