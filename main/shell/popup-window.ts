// The popup: a small frameless window anchored to the tray, hidden when it loses focus. Where
// there is no tray (some Linux desktops) it is a normal small window instead, opened at launch.
// It loads the built renderer from disk (file://…/out/renderer/index.html) with the secure
// webPreferences below; window-security.ts adds the navigation / window.open / permission rules.
import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../core/log.ts';
import { popupPosition, type DisplayArea, type Point } from './popup-position.ts';
import { secureWebContents, type WindowSecurityOptions } from './window-security.ts';

export const POPUP_SIZE = { width: 380, height: 560 } as const;

export type PopupMode = 'popup' | 'window';

export type BrowserWindowLike = Pick<
  BrowserWindow,
  'loadURL' | 'show' | 'showInactive' | 'minimize' | 'isMinimized' | 'restore' | 'hide' | 'focus' | 'isVisible' | 'isDestroyed' | 'setPosition' | 'on' | 'destroy' | 'getSize'
> & {
  webContents: Pick<BrowserWindow['webContents'], 'on' | 'setWindowOpenHandler' | 'isDevToolsOpened' | 'send' | 'mainFrame' | 'id'>;
};

export interface PopupWindowOptions {
  createBrowserWindow(options: BrowserWindowConstructorOptions): BrowserWindowLike;
  /** Absolute path of the preload bundle (out/preload/index.cjs). */
  preloadPath: string;
  /** Absolute path of the built renderer (out/renderer/index.html). */
  rendererIndexPath: string;
  mode: PopupMode;
  /** The tray icon's bounds (null where the platform does not report them). */
  trayBounds(): Rectangle | null;
  /** The display nearest the tray, or the cursor's display when there are no tray bounds. */
  displayFor(trayBounds: Rectangle | null): DisplayArea;
  security: WindowSecurityOptions;
  logger: Logger;
  /** Wall time in ms (default Date.now): only to tell a tray click from the blur it caused. */
  now?: () => number;
}

/**
 * A tray click that comes this soon after the popup hid on blur is the same click: on Windows
 * (and some Linux trays) clicking the icon blurs the popup first, so without this the click
 * would show it again at once and the icon could never close it (max-mapper/menubar#274).
 */
export const TRAY_CLICK_AFTER_BLUR_MS = 400;

/** The exact secure options of the popup (unit-tested field by field). */
export function popupWindowOptions(preloadPath: string, mode: PopupMode): BrowserWindowConstructorOptions {
  const asPopup = mode === 'popup';
  return {
    width: POPUP_SIZE.width,
    height: POPUP_SIZE.height,
    show: false,
    frame: !asPopup,
    resizable: !asPopup,
    movable: !asPopup,
    minimizable: !asPopup,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: asPopup,
    alwaysOnTop: asPopup,
    title: 'Herald',
    backgroundColor: '#00000000',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click opens no window (window.open is denied anyway; this stops the event itself).
      disableBlinkFeatures: 'Auxclick',
      preload: preloadPath,
    },
  };
}

export class PopupWindow {
  private window: BrowserWindowLike | null = null;
  private hiddenOnBlurAt = Number.NEGATIVE_INFINITY;
  readonly rendererUrl: string;

  constructor(private readonly o: PopupWindowOptions) {
    this.rendererUrl = pathToFileURL(o.rendererIndexPath).href;
  }

  /** The window, created (hidden) on first use. */
  ensure(): BrowserWindowLike {
    if (this.window && !this.window.isDestroyed()) return this.window;
    const window = this.o.createBrowserWindow(popupWindowOptions(this.o.preloadPath, this.o.mode));
    secureWebContents(window.webContents, this.o.security);
    if (this.o.mode === 'popup') {
      // A tray popup goes away when the user clicks elsewhere — but not while devtools has focus.
      window.on('blur', () => {
        if (window.webContents.isDevToolsOpened() || !window.isVisible()) return;
        window.hide();
        this.hiddenOnBlurAt = this.now();
      });
    }
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
    window.loadURL(this.rendererUrl).catch((err: unknown) => this.o.logger.error({ err: String(err) }, 'popup: renderer failed to load'));
    this.window = window;
    return window;
  }

  /** The live window, if any (for IPC sender checks and events). */
  current(): BrowserWindowLike | null {
    return this.window && !this.window.isDestroyed() ? this.window : null;
  }

  isVisible(): boolean {
    return this.current()?.isVisible() ?? false;
  }

  show(): void {
    const window = this.ensure();
    if (this.o.mode === 'popup') {
      const position = this.position(window);
      window.setPosition(position.x, position.y, false);
    }
    // Started minimized at login, or minimized by the user: show() alone would leave it there.
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  hide(): void {
    this.current()?.hide();
  }

  /**
   * In the taskbar, minimized, without taking focus: how the window mode starts at login — out of
   * the way, yet reachable (without a visible tray, a hidden window could only be reopened by
   * launching Herald again).
   */
  showMinimized(): void {
    if (this.o.mode !== 'window') return;
    const window = this.ensure();
    window.showInactive();
    window.minimize();
  }

  /** The tray icon's click: show, or hide what is on screen (a minimized window counts as hidden). */
  toggle(): void {
    const window = this.current();
    if (window && window.isVisible() && !window.isMinimized()) this.hide();
    else if (this.now() - this.hiddenOnBlurAt < TRAY_CLICK_AFTER_BLUR_MS) return;
    else this.show();
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  destroy(): void {
    this.current()?.destroy();
    this.window = null;
  }

  private position(window: BrowserWindowLike): Point {
    const [width = POPUP_SIZE.width, height = POPUP_SIZE.height] = window.getSize();
    const trayBounds = this.o.trayBounds();
    return popupPosition({ popup: { width, height }, trayBounds, display: this.o.displayFor(trayBounds) });
  }
}
