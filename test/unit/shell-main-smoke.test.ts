// The composition root (main/shell/main.ts) wired end to end against the simulator over real HTTP
// and the real HeraldApp, with a fake of the Electron API (the binary cannot run here; Electron is
// not what is under test — the wiring is): demo sign-in through HERALD_SIM_URL, tray state, the
// IPC sender check, pausing from the tray menu, and a notification click landing on the message.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcChannel, type CallOutcome } from '../../preload/contract.ts';
import type { E2eHooks } from '../../main/shell/e2e-hooks.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { DEMO_WORK_ACCOUNT, seedDemoTenant } from '../../sim/demo-tenant.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { callFrom, until } from '../support/shell-fake-electron.ts';

const fake = await vi.hoisted(async () => (await import('../support/shell-fake-electron.ts')).createFakeElectron());

vi.mock('electron', () => fake.electron);

type Hooks = E2eHooks;
const hooks = () => (globalThis as { __heraldE2E?: Hooks }).__heraldE2E;

let sim: RunningSimulator;
let profile: string;

describe('main.ts composition root (fake Electron, real core and simulator)', () => {
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    await seedDemoTenant(new SimAdminClient(sim.url));
    profile = await mkdtemp(join(tmpdir(), 'herald-shell-main-'));
    vi.stubEnv('HERALD_E2E', '1');
    vi.stubEnv('HERALD_USER_DATA_DIR', profile);
    vi.stubEnv('HERALD_SIM_URL', sim.url);
    vi.stubEnv('XDG_CURRENT_DESKTOP', 'KDE');
    vi.stubEnv('DBUS_SESSION_BUS_ADDRESS', ''); // Electron's own notifications (D-Bus: shell-dbus-notifications.test.ts)
    vi.stubEnv('HERALD_LOG_LEVEL', 'silent');
    await import('../../main/shell/main.ts');
  }, 60_000);

  afterAll(async () => {
    fake.electron.app.emit('will-quit', { preventDefault: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 200));
    vi.unstubAllEnvs();
    await sim?.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('starts: the demo accounts sign in, the tray leaves "signed out", IPC answers the popup', async () => {
    await until(() => hooks(), 'the e2e hooks');
    await until(() => hooks()?.trayState().kind !== 'signedOut', 'demo sign-in', 600);
    expect(fake.state.trays).toHaveLength(1);
    expect(fake.state.trays[0]!.tooltip).not.toBe('');
    const window = fake.state.windows[0]!;
    expect(window.webContents.mainFrame.url).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html$/);
    const listAccounts = async () =>
      (await fake.state.handlers.get(ipcChannel.call('accounts.list'))!(callFrom(window), {})) as CallOutcome<{ username: string }[]>;
    let usernames: string[] = [];
    for (let i = 0; i < 400 && usernames.length < 2; i += 1) {
      const list = await listAccounts();
      usernames = list.ok ? list.value.map((a) => a.username).sort() : [];
      if (usernames.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(usernames).toEqual(['megan.bowen@outlook.com', 'megan@contoso.example']);
    // A wake from sleep reaches the core (system-wake.ts), once per event kind.
    expect(fake.electron.powerMonitor.listenerCount('resume')).toBe(1);
    expect(fake.electron.powerMonitor.listenerCount('unlock-screen')).toBe(1);
    const fromSubframe = (await fake.state.handlers.get(ipcChannel.call('accounts.list'))!(callFrom(window, { parent: {}, routingId: 9 }), {})) as CallOutcome<unknown>;
    expect(fromSubframe.ok).toBe(false);
  }, 60_000);

  it('the tray click toggles the popup; the menu pauses notifications', async () => {
    const h = hooks()!;
    const before = h.popupVisible();
    fake.state.trays[0]!.emit('click');
    expect(h.popupVisible()).toBe(!before);
    expect(h.clickMenuItem('pause.hour')).toBe(true);
    await until(() => h.trayState().kind === 'paused', 'paused tray state');
    expect(h.clickMenuItem('pause.resume')).toBe(true);
    await until(() => h.trayState().kind !== 'paused', 'resumed');
  }, 30_000);

  it('new mail → a native notification; its click opens the popup on that message', async () => {
    const h = hooks()!;
    const window = fake.state.windows[0]!;
    window.hide();
    await new SimAdminClient(sim.url).addMessage(DEMO_WORK_ACCOUNT.upn, { from: { name: 'Alex Wilber', address: 'alex@contoso.example' }, subject: 'Shell smoke ping' });
    h.clickMenuItem('checkNow');
    const shown = await until(() => h.shownNotifications().find((n) => n.title.length > 0 && n.intentId.startsWith('mail:')), 'a mail notification', 600);
    expect(fake.state.notifications.some((n) => n.shown)).toBe(true);
    expect(h.clickNotification(shown.intentId)).toBe(true);
    await until(() => h.popupVisible(), 'popup shown');
    const navigate = await until(() => window.webContents.sent.find(([channel]) => channel === ipcChannel.event('navigate')), 'navigate event');
    expect(navigate[1]).toMatchObject({ kind: 'message' });
  }, 60_000);
});

