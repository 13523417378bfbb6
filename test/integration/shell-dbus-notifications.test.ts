// The Electron shell on Linux notifies through the freedesktop D-Bus server when one answers
// (Electron's libnotify path is click only): main.ts booted with a fake Electron, the real core
// and simulator, a private session bus and a notification server the test runs. New mail →
// Notify with the Mark as read / Archive buttons and no Electron Notification; the button marks
// it read at Graph; a click opens the popup on the message; quitting closes what is on screen.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcChannel } from '../../preload/contract.ts';
import type { E2eHooks } from '../../main/shell/e2e-hooks.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { DEMO_WORK_ACCOUNT, seedDemoTenant } from '../../sim/demo-tenant.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { dbusUnavailableReason, startPrivateBus, type PrivateBus } from '../support/dbus-session.ts';
import { startTestNotificationServer, type TestNotificationServer } from '../support/dbus-notification-server.ts';
import { until } from '../support/shell-fake-electron.ts';

const fake = await vi.hoisted(async () => (await import('../support/shell-fake-electron.ts')).createFakeElectron());

vi.mock('electron', () => fake.electron);

const skipReason = dbusUnavailableReason();
if (skipReason) console.warn(`skipping the shell's D-Bus notification tests: ${skipReason}`);

const hooks = () => (globalThis as { __heraldE2E?: E2eHooks }).__heraldE2E;

describe.skipIf(skipReason !== null)('the Electron shell on Linux: notifications over freedesktop D-Bus', () => {
  let sim: RunningSimulator;
  let admin: SimAdminClient;
  let bus: PrivateBus;
  let server: TestNotificationServer;
  let profile: string;

  beforeAll(async () => {
    bus = await startPrivateBus();
    server = await startTestNotificationServer(bus.address);
    sim = await startSimulator({ port: 0 });
    admin = new SimAdminClient(sim.url);
    await seedDemoTenant(admin);
    profile = await mkdtemp(join(tmpdir(), 'herald-shell-dbus-'));
    vi.stubEnv('HERALD_E2E', '1');
    vi.stubEnv('HERALD_USER_DATA_DIR', profile);
    vi.stubEnv('HERALD_SIM_URL', sim.url);
    vi.stubEnv('XDG_CURRENT_DESKTOP', 'KDE');
    vi.stubEnv('HERALD_LOG_LEVEL', 'silent');
    vi.stubEnv('DBUS_SESSION_BUS_ADDRESS', bus.address);
    await import('../../main/shell/main.ts');
    await until(() => hooks()?.started(), 'start-up to finish', 800);
  }, 60_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    await server?.stop();
    await bus?.stop();
    await sim?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  async function notifyFor(subject: string) {
    const { id } = await admin.addMessage(DEMO_WORK_ACCOUNT.upn, { from: { name: 'Alex Wilber', address: 'alex@contoso.example' }, subject });
    hooks()!.clickMenuItem('checkNow');
    const shown = await server.waitForNotify((n) => n.body.startsWith(subject), 30_000);
    return { messageId: id, shown };
  }

  it('new mail → Notify with the Mark as read and Archive buttons, no Electron notification', async () => {
    const { shown } = await notifyFor('Shell over D-Bus');
    expect(shown).toMatchObject({ appName: 'Herald', summary: 'Alex Wilber', replacesId: 0 });
    expect(shown.actions).toEqual(['default', 'Open', 'markRead', 'Mark as read', 'archive', 'Archive']);
    expect(fake.state.notifications).toEqual([]);
  }, 60_000);

  it("the Mark as read button (ActionInvoked 'markRead') marks the message read at Graph", async () => {
    const { messageId, shown } = await notifyFor('Read me from the button');
    server.invokeAction(shown.id, 'markRead');
    let isRead = false;
    for (let i = 0; i < 400 && !isRead; i += 1) {
      isRead = (await admin.getMessage(DEMO_WORK_ACCOUNT.upn, messageId)).isRead === true;
      if (!isRead) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(isRead, 'the message was not marked read within 20 s').toBe(true);
  }, 60_000);

  it("a click (ActionInvoked 'default') opens the popup on that message", async () => {
    const window = fake.state.windows[0]!;
    window.hide();
    window.webContents.sent.length = 0;
    const { messageId, shown } = await notifyFor('Open me from the click');
    server.invokeAction(shown.id, 'default');
    await until(() => window.visible, 'the popup to show');
    const navigate = await until(() => window.webContents.sent.find(([channel]) => channel === ipcChannel.event('navigate')), 'the navigate event');
    expect(navigate[1]).toMatchObject({ kind: 'message', messageId });
  }, 60_000);

  it('quitting closes the notifications still on screen', async () => {
    const { shown } = await notifyFor('Still on screen at quit');
    const quits = fake.state.quits;
    fake.electron.app.emit('will-quit', { preventDefault: () => undefined });
    await server.waitForClose(shown.id, 30_000);
    await until(() => fake.state.quits > quits, 'the app to quit');
  }, 60_000);
});
