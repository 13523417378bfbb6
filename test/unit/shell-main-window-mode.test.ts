// main.ts decides between the tray popup and a normal window, and never writes login items from a
// dev or test run. Each case boots the real composition root (fake Electron, real core, the
// simulator over HTTP) under a different desktop: GNOME without the AppIndicator extension (the
// Tray is created but probably invisible) → a window in the taskbar that stays on blur and opens
// at launch; GNOME with the extension → the popup; --no-tray → a window, no tray at all.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcChannel, type CallOutcome } from '../../preload/contract.ts';
import type { E2eHooks } from '../../main/shell/e2e-hooks.ts';
import { HIDDEN_ARG } from '../../main/shell/launch-at-login.ts';
import { APPINDICATOR_EXTENSION_IDS } from '../../main/shell/tray-support.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { seedDemoTenant } from '../../sim/demo-tenant.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { callFrom, until } from '../support/shell-fake-electron.ts';

const fake = await vi.hoisted(async () => (await import('../support/shell-fake-electron.ts')).createFakeElectron());

vi.mock('electron', () => fake.electron);

const hooks = () => (globalThis as { __heraldE2E?: E2eHooks }).__heraldE2E;

let sim: RunningSimulator;
let root: string;

/** Boots main.ts afresh (new module instance, new profile) under `env`, and waits for start-up to finish. */
async function boot(name: string, env: Record<string, string>): Promise<E2eHooks> {
  const profile = join(root, name, 'profile');
  await mkdir(profile, { recursive: true });
  vi.stubEnv('HERALD_E2E', '1');
  vi.stubEnv('HERALD_USER_DATA_DIR', profile);
  vi.stubEnv('HERALD_SIM_URL', sim.url);
  vi.stubEnv('HERALD_LOG_LEVEL', 'silent');
  vi.stubEnv('DBUS_SESSION_BUS_ADDRESS', '');
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  (globalThis as { __heraldE2E?: E2eHooks }).__heraldE2E = undefined;
  vi.resetModules();
  await import('../../main/shell/main.ts');
  const h = await until(() => hooks(), 'the e2e hooks');
  await until(() => h.started(), `${name}: start-up to finish`, 800);
  return h;
}

/** Quits the booted app (as Electron's will-quit would) and forgets its listeners. */
async function shutDown(): Promise<void> {
  const quitsBefore = fake.state.quits;
  fake.electron.app.emit('will-quit', { preventDefault: () => undefined });
  await until(() => fake.state.quits > quitsBefore, 'the app to stop');
  fake.electron.app.removeAllListeners();
  fake.electron.powerMonitor.removeAllListeners();
  fake.state.windows.length = 0;
  fake.state.trays.length = 0;
  fake.state.handlers.clear();
  vi.unstubAllEnvs();
}

describe.runIf(process.platform === 'linux')('main.ts: window or popup, by whether the tray can be seen', () => {
  beforeAll(async () => {
    // The "without the extension" case needs a machine without it installed system-wide.
    for (const base of ['/usr/share/gnome-shell/extensions', '/usr/local/share/gnome-shell/extensions']) {
      for (const id of APPINDICATOR_EXTENSION_IDS) expect(existsSync(join(base, id)), `${join(base, id)} exists on this machine`).toBe(false);
    }
    sim = await startSimulator({ port: 0 });
    await seedDemoTenant(new SimAdminClient(sim.url));
    root = await mkdtemp(join(tmpdir(), 'herald-shell-mode-'));
  }, 60_000);

  afterEach(async () => {
    if (hooks()) await shutDown();
  });

  afterAll(async () => {
    await sim?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('GNOME without the AppIndicator extension: a normal window in the taskbar, open at launch, kept on blur; closing it quits', async () => {
    const dataHome = join(root, 'gnome-plain', 'data');
    await mkdir(dataHome, { recursive: true });
    const h = await boot('gnome-plain', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME', XDG_DATA_HOME: dataHome, XDG_CONFIG_HOME: join(root, 'gnome-plain', 'config') });
    expect(fake.state.trays).toHaveLength(1); // the Tray was created: only the heuristic knows it is invisible
    expect(h.windowMode()).toBe('window');
    const window = fake.state.windows[0]!;
    expect(window.options).toMatchObject({ frame: true, skipTaskbar: false, alwaysOnTop: false });
    expect(window.visible).toBe(true);
    window.emit('blur');
    expect(window.visible).toBe(true);
    const quits = fake.state.quits;
    fake.electron.app.emit('window-all-closed');
    expect(fake.state.quits).toBe(quits + 1);
  }, 60_000);

  it('GNOME without the extension, started at login (--hidden): the window starts minimized in the taskbar, not hidden', async () => {
    const dataHome = join(root, 'gnome-login', 'data');
    await mkdir(dataHome, { recursive: true });
    process.argv.push(HIDDEN_ARG);
    try {
      const h = await boot('gnome-login', { XDG_CURRENT_DESKTOP: 'GNOME', XDG_DATA_HOME: dataHome, XDG_CONFIG_HOME: join(root, 'gnome-login', 'config') });
      expect(h.windowMode()).toBe('window');
      const window = fake.state.windows[0]!;
      expect({ visible: window.visible, minimized: window.minimized, focused: window.focused }).toEqual({ visible: true, minimized: true, focused: false });
      // Launching Herald again (the single-instance handoff) brings it up, restored.
      fake.electron.app.emit('second-instance', {}, ['herald']);
      expect({ visible: window.visible, minimized: window.minimized, focused: window.focused }).toEqual({ visible: true, minimized: false, focused: true });
    } finally {
      process.argv.splice(process.argv.indexOf(HIDDEN_ARG), 1);
    }
  }, 60_000);

  it('GNOME with the AppIndicator extension: the tray popup (frameless, no taskbar entry, hides on blur), not opened at launch', async () => {
    const dataHome = join(root, 'gnome-ext', 'data');
    await mkdir(join(dataHome, 'gnome-shell', 'extensions', 'appindicatorsupport@rgcjonas.gmail.com'), { recursive: true });
    const h = await boot('gnome-ext', { XDG_CURRENT_DESKTOP: 'GNOME', XDG_DATA_HOME: dataHome, XDG_CONFIG_HOME: join(root, 'gnome-ext', 'config') });
    expect(h.windowMode()).toBe('popup');
    const window = fake.state.windows[0]!;
    expect(window.options).toMatchObject({ frame: false, skipTaskbar: true, alwaysOnTop: true });
    expect(window.visible).toBe(false);
    fake.state.trays[0]!.emit('click');
    expect(window.visible).toBe(true);
    window.emit('blur');
    expect(window.visible).toBe(false);
    const quits = fake.state.quits;
    fake.electron.app.emit('window-all-closed');
    expect(fake.state.quits).toBe(quits); // a tray app keeps running
  }, 60_000);

  it('--no-tray (HERALD_NO_TRAY=1): no tray icon, a window opened at launch', async () => {
    const h = await boot('no-tray', { XDG_CURRENT_DESKTOP: 'KDE', HERALD_NO_TRAY: '1', XDG_CONFIG_HOME: join(root, 'no-tray', 'config') });
    expect(fake.state.trays).toHaveLength(0);
    expect(h.windowMode()).toBe('window');
    expect(fake.state.windows[0]!.options).toMatchObject({ frame: true, skipTaskbar: false });
    expect(fake.state.windows[0]!.visible).toBe(true);
  }, 60_000);

  it('a dev run toggling "launch at login" stores the setting but writes no autostart entry or login item', async () => {
    const configHome = join(root, 'dev-login', 'config');
    await mkdir(configHome, { recursive: true });
    await boot('dev-login', { XDG_CURRENT_DESKTOP: 'KDE', XDG_CONFIG_HOME: configHome });
    const window = fake.state.windows[0]!;
    const update = fake.state.handlers.get(ipcChannel.call('settings.update'))!;
    for (const launchAtLogin of [false, true, false, true]) {
      const outcome = (await update(callFrom(window), { patch: { launchAtLogin } })) as CallOutcome<{ launchAtLogin: boolean }>;
      expect(outcome).toMatchObject({ ok: true, value: { launchAtLogin } });
    }
    expect(await readdir(configHome)).toEqual([]); // no autostart/herald.desktop
    expect(fake.state.loginItemSettings).toEqual([]);
    const stored = (await fake.state.handlers.get(ipcChannel.call('settings.get'))!(callFrom(window), {})) as CallOutcome<{ launchAtLogin: boolean }>;
    expect(stored).toMatchObject({ ok: true, value: { launchAtLogin: true } });
  }, 60_000);
});
