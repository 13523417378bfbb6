import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createLogger, type Logger } from '../../main/core/log.ts';
import { POPUP_SIZE, PopupWindow, popupWindowOptions, type BrowserWindowLike } from '../../main/shell/popup-window.ts';
import { POPUP_CSP, secureSession, secureWebContents, windowOpenDecision, type SessionLike, type WebContentsLike } from '../../main/shell/window-security.ts';

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines };
}

class FakeWebContents extends EventEmitter {
  id = 7;
  mainFrame = { processId: 1, routingId: 2 };
  devTools = false;
  openHandler: ((details: { url: string }) => { action: 'deny' | 'allow' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }) {
    this.openHandler = handler;
  }
  isDevToolsOpened() {
    return this.devTools;
  }
  send() {}
}

class FakeWindow extends EventEmitter {
  webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  loaded: string | null = null;
  position: [number, number] | null = null;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  minimized = false;
  show() {
    this.visible = true;
  }
  showInactive() {
    this.visible = true;
  }
  minimize() {
    this.minimized = true;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setPosition(x: number, y: number) {
    this.position = [x, y];
  }
  getSize() {
    return [POPUP_SIZE.width, POPUP_SIZE.height];
  }
  destroy() {
    this.destroyed = true;
  }
}

function preventable(extra: Record<string, unknown> = {}) {
  const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true), ...extra };
  return event;
}

describe('popupWindowOptions', () => {
  it('has exactly the secure webPreferences', () => {
    const options = popupWindowOptions('/app/out/preload/index.js', 'popup');
    expect(options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/out/preload/index.js',
    });
    expect(options).toMatchObject({ frame: false, show: false, skipTaskbar: true, resizable: false });
  });

  it('window mode (no tray): a normal framed window in the taskbar, same web preferences', () => {
    const options = popupWindowOptions('/p.js', 'window');
    expect(options).toMatchObject({ frame: true, skipTaskbar: false, alwaysOnTop: false });
    expect(options.webPreferences).toEqual(popupWindowOptions('/p.js', 'popup').webPreferences);
  });
});

describe('window security', () => {
  it('cancels navigation, redirects, webviews and foreign frame navigation', () => {
    const contents = new FakeWebContents();
    const { logger, lines } = recordingLogger();
    secureWebContents(contents as unknown as WebContentsLike, { openInBrowser: async () => undefined, logger });
    for (const name of ['will-navigate', 'will-redirect']) {
      const event = preventable({ url: 'https://evil.example/' });
      contents.emit(name, event);
      expect(event.defaultPrevented, name).toBe(true);
    }
    const webview = preventable();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
    const subframe = preventable({ url: 'https://evil.example/', isMainFrame: false });
    contents.emit('will-frame-navigate', subframe);
    expect(subframe.defaultPrevented).toBe(true);
    const srcdoc = preventable({ url: 'about:srcdoc', isMainFrame: false });
    contents.emit('will-frame-navigate', srcdoc);
    expect(srcdoc.defaultPrevented).toBe(false);
    expect(lines.some((line) => line.includes('navigation refused'))).toBe(true);
  });

  it('window.open is always denied; only http/https/mailto go to the OS', async () => {
    const opened: string[] = [];
    const { logger } = recordingLogger();
    const o = { openInBrowser: async (url: string) => void opened.push(url), logger };
    const urls = ['https://example.com/a', 'http://example.com/', 'mailto:a@b.example', 'file:///etc/passwd', 'javascript:alert(1)', 'herald://x', 'smb://host/share', 'not a url'];
    for (const url of urls) expect(windowOpenDecision({ url }, o)).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(opened).toEqual(['https://example.com/a', 'http://example.com/', 'mailto:a@b.example']);
    const contents = new FakeWebContents();
    secureWebContents(contents as unknown as WebContentsLike, o);
    expect(contents.openHandler?.({ url: 'https://x.example/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check, and sets the CSP on documents only', () => {
    let requestHandler: ((c: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
    let checkHandler: (() => boolean) | null = null;
    let headersHandler: ((details: { resourceType: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void) | null = null;
    const session = {
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
      webRequest: { onHeadersReceived: (h: typeof headersHandler) => (headersHandler = h) },
    };
    secureSession(session as unknown as SessionLike, recordingLogger());
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      requestHandler!(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect(checkHandler!()).toBe(false);
    let answer: { responseHeaders?: Record<string, string[]> } | null = null;
    headersHandler!({ resourceType: 'mainFrame', responseHeaders: { a: ['b'] } }, (r) => (answer = r));
    expect(answer).toEqual({ responseHeaders: { a: ['b'], 'Content-Security-Policy': [POPUP_CSP] } });
    headersHandler!({ resourceType: 'image' }, (r) => (answer = r));
    expect(answer).toEqual({});
  });

  it('the CSP allows no inline or eval script, no plugins, no network from the page', () => {
    expect(POPUP_CSP).toContain("default-src 'none'");
    expect(POPUP_CSP).toContain("script-src 'self'");
    expect(POPUP_CSP).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(POPUP_CSP).toContain("object-src 'none'");
    expect(POPUP_CSP).toContain("connect-src 'none'");
  });
});

describe('PopupWindow', () => {
  function setup(mode: 'popup' | 'window' = 'popup', trayBounds = { x: 1700, y: 1045, width: 24, height: 30 }, now: () => number = Date.now) {
    const windows: FakeWindow[] = [];
    const popup = new PopupWindow({
      now,
      createBrowserWindow: (options) => {
        const window = new FakeWindow(options);
        windows.push(window);
        return window as unknown as BrowserWindowLike;
      },
      preloadPath: '/app/out/preload/index.js',
      rendererIndexPath: '/app/out/renderer/index.html',
      mode,
      trayBounds: () => trayBounds,
      displayFor: () => ({ bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
      security: { openInBrowser: async () => undefined, logger: recordingLogger().logger },
      logger: recordingLogger().logger,
    });
    return { popup, windows };
  }

  it('loads the built renderer from file:// and secures the window', () => {
    const { popup, windows } = setup();
    popup.ensure();
    expect(windows[0]!.loaded).toBe(pathToFileURL('/app/out/renderer/index.html').href);
    expect(popup.rendererUrl).toBe('file:///app/out/renderer/index.html');
    const navigation = preventable({ url: 'https://x/' });
    windows[0]!.webContents.emit('will-navigate', navigation);
    expect(navigation.defaultPrevented).toBe(true);
  });

  it('toggle shows it anchored to the tray, and hides it', () => {
    const { popup, windows } = setup();
    popup.toggle();
    expect(windows[0]!.visible).toBe(true);
    expect(windows[0]!.position).toEqual([1712 - 190, 1040 - 560 - 8]);
    popup.toggle();
    expect(windows[0]!.visible).toBe(false);
    expect(windows).toHaveLength(1);
  });

  it('a tray click that blurred the popup closes it (the same click does not show it again); a later click shows it', () => {
    let t = 1_000_000;
    const { popup, windows } = setup('popup', undefined, () => t);
    popup.toggle();
    const window = windows[0]!;
    expect(window.visible).toBe(true);
    // Windows: clicking the tray icon blurs the popup first, then delivers the click.
    window.emit('blur');
    t += 50;
    popup.toggle();
    expect(window.visible).toBe(false);
    t += 2_000;
    popup.toggle();
    expect(window.visible).toBe(true);
  });

  it('window mode: showing a minimized window restores it; the tray click treats minimized as hidden', () => {
    const { popup, windows } = setup('window');
    popup.showMinimized();
    const window = windows[0]!;
    expect({ visible: window.visible, minimized: window.minimized }).toEqual({ visible: true, minimized: true });
    popup.toggle();
    expect({ visible: window.visible, minimized: window.minimized }).toEqual({ visible: true, minimized: false });
    popup.toggle();
    expect(window.visible).toBe(false);
  });

  it('hides on blur, but not while devtools is open', () => {
    const { popup, windows } = setup();
    popup.show();
    const window = windows[0]!;
    window.webContents.devTools = true;
    window.emit('blur');
    expect(window.visible).toBe(true);
    window.webContents.devTools = false;
    window.emit('blur');
    expect(window.visible).toBe(false);
  });

  it('window mode: not hidden on blur, not repositioned', () => {
    const { popup, windows } = setup('window');
    popup.show();
    windows[0]!.emit('blur');
    expect(windows[0]!.visible).toBe(true);
    expect(windows[0]!.position).toBeNull();
  });

  it('a closed window is re-created on the next show', () => {
    const { popup, windows } = setup();
    popup.show();
    windows[0]!.destroyed = true;
    windows[0]!.emit('closed');
    expect(popup.current()).toBeNull();
    popup.show();
    expect(windows).toHaveLength(2);
  });
});
