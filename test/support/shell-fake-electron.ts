// A fake of the slice of the Electron API main/shell/main.ts uses, for running the composition
// root under plain Node (the binary cannot run here; Electron is not what is under test — the
// wiring is). Tests load it through vi.hoisted and hand `electron` to vi.mock('electron').
import { EventEmitter } from 'node:events';

export interface FakeElectronState {
  userData: string;
  handlers: Map<string, (event: unknown, input: unknown) => Promise<unknown>>;
  windows: FakeBrowserWindow[];
  notifications: FakeNotification[];
  trays: FakeTray[];
  quits: number;
  /** app.exit(code) calls (the crash guard's way out). */
  exits: number[];
  loginItemSettings: unknown[];
}

export class FakeWebContents extends EventEmitter {
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

export class FakeBrowserWindow extends EventEmitter {
  webContents = new FakeWebContents();
  visible = false;
  constructor(
    readonly options: { frame?: boolean; skipTaskbar?: boolean; alwaysOnTop?: boolean },
    state: FakeElectronState,
  ) {
    super();
    state.windows.push(this);
  }
  async loadURL(url: string) {
    this.webContents.mainFrame.url = url;
  }
  /** Minimized in the taskbar (shown, not on screen). */
  minimized = false;
  focused = false;
  show() {
    // As Electron: show() does not un-minimize a minimized window; restore() does.
    this.visible = true;
  }
  restore() {
    this.minimized = false;
  }
  isMinimized() {
    return this.minimized;
  }
  showInactive() {
    this.visible = true;
  }
  minimize() {
    this.minimized = true;
    this.focused = false;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused = true;
  }
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

export class FakeNotification extends EventEmitter {
  static isSupported() {
    return true;
  }
  shown = false;
  constructor(readonly options: { title?: string; body?: string }) {
    super();
  }
  show() {
    this.shown = true;
  }
  close() {}
}

export class FakeTray extends EventEmitter {
  tooltip = '';
  menu: unknown = null;
  setImage() {}
  setToolTip(tooltip: string) {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
  popUpContextMenu() {}
  getBounds() {
    return { x: 0, y: 0, width: 0, height: 0 };
  }
  destroy() {}
}

export function createFakeElectron() {
  const state: FakeElectronState = { userData: '', handlers: new Map(), windows: [], notifications: [], trays: [], quits: 0, exits: [], loginItemSettings: [] };
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => true,
    quit: () => void (state.quits += 1),
    exit: (code: number) => void state.exits.push(code),
    setPath: (_name: string, path: string) => void (state.userData = path),
    getPath: () => state.userData,
    getVersion: () => '0.1.0-test',
    getLocale: () => 'en-US',
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    setAppUserModelId: () => undefined,
    setLoginItemSettings: (settings: unknown) => void state.loginItemSettings.push(settings),
  });
  const display = { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
  const electron = {
    app,
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(options: FakeBrowserWindow['options']) {
        super(options, state);
      }
    },
    Notification: class extends FakeNotification {
      constructor(options: FakeNotification['options']) {
        super(options);
        state.notifications.push(this);
      }
    },
    Tray: class extends FakeTray {
      constructor() {
        super();
        state.trays.push(this);
      }
    },
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
    powerMonitor: new EventEmitter(),
    dialog: { showMessageBox: async () => ({ response: 0 }), showErrorBox: () => undefined },
  };
  return { state, electron };
}

/** An IPC event as the popup's main frame sends it (`frame` overrides, e.g. a subframe). */
export function callFrom(window: { webContents: { id: number; mainFrame: unknown } }, frame: Record<string, unknown> = {}) {
  return { sender: { id: window.webContents.id }, senderFrame: { ...(window.webContents.mainFrame as object), ...frame } };
}

/** Polls `read` until truthy (generous: CI runs everything at once on two cores). */
export async function until<T>(read: () => T | undefined | null | false, what: string, attempts = 400): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = read();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${(attempts * 50) / 1000} s waiting for ${what}`);
}
