// The composition root (main/shell/main.ts) wired end to end against the simulator over real HTTP
// and the real HeraldApp, with a fake of the Electron API (the binary cannot run here; Electron is
// not what is under test — the wiring is): demo sign-in through HERALD_SIM_URL, tray state, the
// IPC sender check, pausing from the tray menu, and a notification click landing on the message.
import type { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcChannel, type CallOutcome } from '../../preload/contract.ts';
import type { E2eHooks } from '../../main/shell/e2e-hooks.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { DEMO_WORK_ACCOUNT, seedDemoTenant } from '../../sim/demo-tenant.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as { EventEmitter: typeof EventEmitter };
  const state = {
    userData: '',
    handlers: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
    windows: [] as FakeBrowserWindow[],
    notifications: [] as FakeNotification[],
    trays: [] as FakeTray[],
    quits: 0,
  };
  class FakeWebContents extends Emitter {
    id = 11;
    mainFrame = { processId: 5, routingId: 1, url: '', parent: null };
    sent: [string, unknown][] = [];
    setWindowOpenHandler() {}
    isDevToolsOpened() {
      return false;
    }
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
  }
  class FakeBrowserWindow extends Emitter {
    webContents = new FakeWebContents();
    visible = false;
    constructor(readonly options: unknown) {
      super();
      state.windows.push(this);
    }
    async loadURL(url: string) {
      this.webContents.mainFrame.url = url;
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {}
    isVisible() {
      return this.visible;
    }
    isDestroyed() {
      return false;
    }
    setPosition() {}
    getSize() {
      return [380, 560];
    }
    destroy() {}
  }
  class FakeNotification extends Emitter {
    static isSupported() {
      return true;
    }
    shown = false;
    constructor(readonly options: { title?: string }) {
      super();
      state.notifications.push(this);
    }
    show() {
      this.shown = true;
    }
    close() {}
  }
  class FakeTray extends Emitter {
    tooltip = '';
    constructor() {
      super();
      state.trays.push(this);
    }
    setImage() {}
    setToolTip(tooltip: string) {
      this.tooltip = tooltip;
    }
    setContextMenu() {}
    popUpContextMenu() {}
    getBounds() {
      return { x: 0, y: 0, width: 0, height: 0 };
    }
    destroy() {}
  }
  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: () => true,
    quit: () => void (state.quits += 1),
    setPath: (_name: string, path: string) => void (state.userData = path),
    getPath: () => state.userData,
    getVersion: () => '0.1.0-test',
    getLocale: () => 'en-US',
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    setAppUserModelId: () => undefined,
    setLoginItemSettings: () => undefined,
  });
  const display = { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: { createFromBitmap: () => ({ addRepresentation: () => undefined, setTemplateImage: () => undefined }) },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, input: unknown) => Promise<unknown>) => void state.handlers.set(channel, handler),
      removeHandler: (channel: string) => void state.handlers.delete(channel),
    },
    screen: { getDisplayMatching: () => display, getDisplayNearestPoint: () => display, getCursorScreenPoint: () => ({ x: 10, y: 10 }) },
    session: {
      defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, webRequest: { onHeadersReceived: () => undefined } },
    },
    shell: { openExternal: async () => undefined },
    powerMonitor: new Emitter(),
    dialog: { showMessageBox: async () => ({ response: 0 }), showErrorBox: () => undefined },
  };
  return { state, electron };
});

vi.mock('electron', () => fake.electron);

type Hooks = E2eHooks;
const hooks = () => (globalThis as { __heraldE2E?: Hooks }).__heraldE2E;

let sim: RunningSimulator;
let profile: string;

async function until<T>(read: () => T | undefined | null | false, what: string, attempts = 400): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = read();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function callFrom(window: { webContents: { id: number; mainFrame: unknown } }, frame: Record<string, unknown> = {}) {
  return { sender: { id: window.webContents.id }, senderFrame: { ...(window.webContents.mainFrame as object), ...frame } };
}

describe('main.ts composition root (fake Electron, real core and simulator)', () => {
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    await seedDemoTenant(new SimAdminClient(sim.url));
    profile = await mkdtemp(join(tmpdir(), 'herald-shell-main-'));
    vi.stubEnv('HERALD_E2E', '1');
    vi.stubEnv('HERALD_USER_DATA_DIR', profile);
    vi.stubEnv('HERALD_SIM_URL', sim.url);
    vi.stubEnv('XDG_CURRENT_DESKTOP', 'KDE');
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

