// Herald's Electron composition root: the only file that imports the real 'electron'. Start-up
// is a list of small setupX() steps and one ready gate (electron/fiddle `src/main/main.ts`); every
// decision lives in main/core (HeraldApp) or in a unit-tested adapter beside this file.
//
// Environment: HERALD_SIM_URL points identity and Graph at the simulator (the demo; demo accounts
// sign in through sim/auto-consent-browser.ts). HERALD_E2E=1 installs the Playwright test hooks and
// lets HERALD_USER_DATA_DIR choose a fresh profile; neither is read otherwise.
import { BrowserWindow, Menu, Notification, Tray, app, dialog, ipcMain, nativeImage, powerMonitor, screen, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { heraldClientId } from '../core/accounts/app-registration.ts';
import { createCachePlugin } from '../core/accounts/cache-persistence.ts';
import { HeraldApp } from '../core/app/herald-app.ts';
import { isSafeExternalUrl, type HostPorts } from '../core/app/host-ports.ts';
import { installCrashGuard } from '../core/crash-guard.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { DbusNotifier } from '../freedesktop/dbus-notifier.ts';
import { e2eEnabled, findMenuItem, installE2eHooks, menuIds } from './e2e-hooks.ts';
import { IpcBridge } from './ipc.ts';
import { createLaunchAtLogin, HIDDEN_ARG, onlyWhenInstalled } from './launch-at-login.ts';
import { ElectronNotificationSink } from './notifications.ts';
import { setupPlatform } from './platform-setup.ts';
import { PopupWindow, type PopupMode } from './popup-window.ts';
import { parseHeraldUrl, registerProtocol, shouldClaimScheme, type HeraldLink, type ProtocolRegistration } from './protocol-links.ts';
import { setupSingleInstance } from './single-instance.ts';
import { watchSystemWake } from './system-wake.ts';
import { SECRET_STORE_CHOICES, openTokenCache, secretStoreDialog } from './token-cache.ts';
import { createTrayIconFactory } from './tray-icons.ts';
import { TrayService } from './tray.ts';
import { trayVisibility, windowModeFor } from './tray-support.ts';
import { secureSession, secureWebContents } from './window-security.ts';

// Two levels below the app root both bundled (out/main/index.js) and from source (main/shell/main.ts).
const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PRELOAD_PATH = join(APP_ROOT, 'out', 'preload', 'index.js');
const RENDERER_INDEX = join(APP_ROOT, 'out', 'renderer', 'index.html');

const e2e = e2eEnabled(process.env);
const simUrl = process.env.HERALD_SIM_URL?.trim() || null;
/** --no-tray (or HERALD_NO_TRAY=1): skip the tray and open Herald as a small window. */
const noTray = process.argv.includes('--no-tray') || process.env.HERALD_NO_TRAY === '1';
const startHidden = process.argv.includes(HIDDEN_ARG);
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const requestedLevel = LOG_LEVELS.find((level) => level === process.env.HERALD_LOG_LEVEL);
const logger: Logger = createLogger({ level: requestedLevel ?? 'info', base: { app: 'herald' } });
// Errors nobody caught are logged scrubbed, not shown raw in Electron's error dialog (crash-guard.ts).
installCrashGuard({ logger, exit: (code) => app.exit(code) });

/** The longest a quit waits for the core to stop (push deletes, the last saves). */
const QUIT_LIMIT_MS = 10_000;

let heraldApp: HeraldApp | null = null;
let popup: PopupWindow | null = null;
let stopped = false;
/** 'popup' under a visible tray; 'window' otherwise (decided in ready()). */
let windowMode: PopupMode = 'window';
let startupDone = false;

function setupProfile(): void {
  const dir = process.env.HERALD_USER_DATA_DIR?.trim();
  if (e2e && dir) app.setPath('userData', dir);
}

function setupQuit(): void {
  // A tray app keeps running with no window — unless there is no (visible) tray to come back
  // through: in window mode closing the window quits, as with --no-tray.
  app.on('window-all-closed', () => {
    if (windowMode === 'window') app.quit();
  });
  app.on('will-quit', (event) => {
    if (stopped || !heraldApp) return;
    event.preventDefault();
    const running = heraldApp;
    const closing = notifications?.closeAll() ?? Promise.resolve();
    // Quitting must not hang on the network: the core's stop is bounded itself (push deletes are
    // best-effort), and this caps it once more; the state on disk is crash-safe either way.
    let limit: NodeJS.Timeout | undefined;
    const stoppedInTime = new Promise<void>((resolve) => {
      limit = setTimeout(() => {
        logger.warn({ limitMs: QUIT_LIMIT_MS }, 'stopping took too long: quitting anyway');
        resolve();
      }, QUIT_LIMIT_MS);
    });
    Promise.race([running.stop(), stoppedInTime])
      .catch((err: unknown) => logger.error({ err: String(err) }, 'stop failed'))
      .finally(async () => {
        clearTimeout(limit);
        await closing;
        freedesktop?.close();
        stopped = true;
        tray?.destroy();
        app.quit();
      });
  });
}

function setupSecurity(): void {
  secureSession(session.defaultSession, { logger });
  // Every webContents ever created (not just the popup) gets the same rules.
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents, { openInBrowser: openSafeExternal, logger }));
}

/** Links that arrive before the core has started (a cold start from a toast button) wait here. */
const pendingLinks: HeraldLink[] = [];
const MAX_PENDING_LINKS = 16;
let linksReady = false;

function setupProtocol(): ProtocolRegistration {
  return registerProtocol({
    app,
    platform: process.platform,
    onUrl: routeHeraldUrl,
    claimScheme: shouldClaimScheme({ packaged: app.isPackaged, platform: process.platform, testRun: e2e }),
    defaultApp: process.defaultApp === true,
    execPath: process.execPath,
    argv: process.argv,
    resolvePath: resolve,
    logger: logger.child({ part: 'protocol' }),
  });
}

/** A `herald://` URL from a toast button, `open-url` or a command line (untrusted: parsed strictly). */
function routeHeraldUrl(url: string): void {
  const link = parseHeraldUrl(url);
  if (!link) {
    logger.warn({ length: url.length }, 'protocol: ignored a herald:// URL Herald did not make');
    return;
  }
  if (!linksReady) {
    if (pendingLinks.length < MAX_PENDING_LINKS) pendingLinks.push(link);
    return;
  }
  void activateLink(link);
}

async function activateLink(link: HeraldLink): Promise<void> {
  const outcome = (await notifications?.activate(link.intentId, link.action)) ?? 'failed';
  // A toast from an earlier run names an intent the core no longer holds: the popup is where the
  // user can still do what the button said.
  if (outcome === 'failed') popup?.show();
}

async function openSafeExternal(url: string): Promise<void> {
  if (!isSafeExternalUrl(url)) throw new Error('Only http, https and mailto links are opened.');
  // eng-disable: reviewed in test/security/reviewed-findings.ts (the gate refuses unlisted ones).
  await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
}

/** Demo only: the simulator's authorize page, answered like a browser would, as the next demo user. */
async function simulatorSignInPage(url: string, loginHint: string | undefined): Promise<void> {
  const { visitAuthorizeUrl } = await import('../../sim/auto-consent-browser.ts');
  const target = new URL(url);
  if (loginHint && !target.searchParams.has('login_hint')) target.searchParams.set('login_hint', loginHint);
  void visitAuthorizeUrl(target.href).catch((err: unknown) => logger.warn({ err: String(err) }, 'demo sign-in page failed'));
}

const demoHints: string[] = [];
let tray: TrayService | null = null;
let notifications: ElectronNotificationSink | null = null;
let freedesktop: DbusNotifier | null = null;
const shownForE2e: { intentId: string; title: string }[] = [];

async function openTokenCacheOrQuit(): Promise<{ plugin?: Awaited<ReturnType<typeof createCachePlugin>>; quit: boolean }> {
  if (simUrl) return { quit: false }; // the demo signs in afresh each run: memory only
  const userData = app.getPath('userData');
  const outcome = await openTokenCache({
    cacheDir: join(userData, 'auth'),
    plaintextOptInFile: join(userData, 'allow-plaintext-token-cache'),
    createCachePlugin,
    askUser: async (error) => {
      const { response } = await dialog.showMessageBox({ type: 'warning', ...secretStoreDialog(error), defaultId: 1, cancelId: 0 });
      return SECRET_STORE_CHOICES[response] ?? 'quit';
    },
  });
  if (outcome.kind === 'quit') return { quit: true };
  return outcome.kind === 'plugin' ? { plugin: outcome.plugin, quit: false } : { quit: false };
}

async function ready(): Promise<void> {
  setupSecurity();
  const cache = await openTokenCacheOrQuit();
  if (cache.quit) {
    stopped = true;
    app.quit();
    return;
  }

  // Linux: a freedesktop notification server on the session bus shows buttons (Mark as read,
  // Archive, Join, Snooze, Dismiss); Electron's libnotify path is click only. Without one, Electron.
  if (process.platform === 'linux') freedesktop = await DbusNotifier.connect({ logger: logger.child({ part: 'notifications' }) });
  notifications = new ElectronNotificationSink({
    freedesktop,
    createNotification: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    platform: process.platform,
    app: {
      activateNotification: async (id, action) => heraldApp?.activateNotification(id, action),
      notificationClosed: async (id) => heraldApp?.notificationClosed(id),
    },
    logger: logger.child({ part: 'notifications' }),
  });
  // Writing login items from a dev or test run would register the bare Electron binary: only the
  // installed app writes them, at start below and when the setting changes (onlyWhenInstalled).
  const installed = app.isPackaged && !e2e && !simUrl;
  const launchAtLogin = onlyWhenInstalled(createLaunchAtLogin({ platform: process.platform, app, env: process.env, execPath: process.execPath }), {
    installed,
    logger: logger.child({ part: 'launchAtLogin' }),
  });
  const ipc: { current: IpcBridge | null } = { current: null };
  const ports: HostPorts = {
    host: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    systemLocale: () => app.getLocale(),
    openInBrowser: openSafeExternal,
    // MSAL builds this URL (https, the identity host); it still goes through the same check.
    openSignInPage: simUrl ? (url) => simulatorSignInPage(url, demoHints.shift()) : (url) => openSafeExternal(url),
    // Under the test flag, every intent shown is also recorded for the _electron suite.
    notifications: e2e
      ? {
          show: (intent) => {
            shownForE2e.push({ intentId: intent.id, title: intent.title });
            return notifications?.show(intent);
          },
          retract: (retraction) => notifications?.retract(retraction),
        }
      : notifications,
    emit: (event, payload) => ipc.current?.emit(event, payload),
    showPopup: () => popup?.show(),
    launchAtLogin,
  };

  const created = await HeraldApp.create({
    profileDir: app.getPath('userData'),
    clientId: heraldClientId(),
    ports,
    logger,
    ...(cache.plugin ? { cachePlugin: cache.plugin } : {}),
    ...(simUrl ? { identityHostOverride: simUrl, graphBaseUrl: simUrl } : {}),
  });
  heraldApp = created;

  tray = new TrayService(
    {
      createTrayInstance: (icon) => new Tray(icon),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      iconFor: createTrayIconFactory(nativeImage, process.platform),
      platform: process.platform,
      now: () => Date.now(),
      logger: logger.child({ part: 'tray' }),
      actions: {
        togglePopup: () => popup?.toggle(),
        openPopup: () => popup?.show(),
        checkNow: () => void created.checkNow().catch((err: unknown) => logger.warn({ err: String(err) }, 'check now failed')),
        pause: (until) => void created.pause(until).catch((err: unknown) => logger.warn({ err: String(err) }, 'pause failed')),
        openSettings: () => {
          popup?.show();
          ports.emit('navigate', { kind: 'settings' });
        },
        quit: () => app.quit(),
      },
    },
    created.trayState(),
  );
  const trayCreated = !noTray && tray.create();
  created.onTrayState((state) => tray?.setState(state));
  // On GNOME without the AppIndicator extension the icon is probably invisible although the Tray
  // was created: a popup that hides on blur could then never be brought back. Be a window instead.
  const visibility = trayVisibility({ platform: process.platform, env: process.env, exists: existsSync });
  windowMode = windowModeFor({ noTray, trayCreated, visibility });
  if (trayCreated && windowMode === 'window') logger.info({ visibility }, 'the tray icon is probably hidden: Herald opens as a window');

  popup = new PopupWindow({
    // The security-critical preferences are restated here, at the one construction, so they hold
    // whatever popupWindowOptions() becomes, and static checks (Electronegativity) can see them.
    createBrowserWindow: (options) =>
      new BrowserWindow({
        ...options,
        webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' },
      }),
    preloadPath: PRELOAD_PATH,
    rendererIndexPath: RENDERER_INDEX,
    mode: windowMode,
    trayBounds: () => tray?.bounds() ?? null,
    displayFor: (bounds) => {
      const display = bounds && bounds.width > 0 ? screen.getDisplayMatching(bounds) : screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
      return { bounds: display.bounds, workArea: display.workArea };
    },
    security: { openInBrowser: openSafeExternal, logger },
    logger: logger.child({ part: 'popup' }),
  });
  const popupWindow = popup;
  ipc.current = new IpcBridge({ ipcMain, app: created, window: () => popupWindow.current(), rendererUrl: popupWindow.rendererUrl, logger: logger.child({ part: 'ipc' }) });
  ipc.current.register();
  popupWindow.ensure(); // load the renderer now so the first click is instant

  if (installed) {
    launchAtLogin.set(created.settings().launchAtLogin).catch((err: unknown) => logger.warn({ err: String(err) }, 'launch at login failed'));
  }

  if (e2e) setupE2eHooks(created, ports);
  await created.start();
  watchSystemWake(powerMonitor, () => created.systemResumed('systemWake'));
  linksReady = true;
  for (const link of pendingLinks.splice(0)) void activateLink(link);
  if (simUrl) await signInDemoAccounts(created);
  // Without a (visible) tray the window is the app: open it at launch; started at login, minimized
  // in the taskbar (out of the way, and still reachable without a tray).
  if (windowMode === 'window') {
    if (startHidden) popupWindow.showMinimized();
    else popupWindow.show();
  }
  startupDone = true;
}

async function signInDemoAccounts(running: HeraldApp): Promise<void> {
  const listed = await running.dispatch('accounts.list', {});
  if (listed.ok && Array.isArray(listed.value) && listed.value.length > 0) return;
  const { DEMO_WORK_ACCOUNT, DEMO_PERSONAL_ACCOUNT } = await import('../../sim/demo-tenant.ts');
  for (const upn of [DEMO_WORK_ACCOUNT.upn, DEMO_PERSONAL_ACCOUNT.upn]) {
    demoHints.push(upn);
    const added = await running.dispatch('accounts.add', { method: 'interactive', mode: 'readWrite' });
    if (!added.ok) logger.warn({ upn, error: added.error.message }, 'demo sign-in failed');
  }
}

function setupE2eHooks(running: HeraldApp, ports: HostPorts): void {
  installE2eHooks({
    trayState: () => running.trayState(),
    trayAvailable: () => tray?.available ?? false,
    clickTray: () => popup?.toggle(),
    menuItemIds: () => (tray ? menuIds(tray.menuTemplate()) : []),
    clickMenuItem: (id) => {
      const item = tray ? findMenuItem(tray.menuTemplate(), id) : null;
      if (!item?.click) return false;
      (item.click as () => void)();
      return true;
    },
    popupVisible: () => popup?.isVisible() ?? false,
    windowMode: () => windowMode,
    started: () => startupDone,
    showNotification: (intent) => void ports.notifications.show(intent),
    shownNotifications: () => shownForE2e.map(({ intentId, title }) => ({ intentId, title })),
    clickNotification: (intentId) => {
      // Through the D-Bus server a click arrives as ActionInvoked 'default', which is this call.
      if (notifications?.shownViaFreedesktop(intentId)) {
        void notifications.activate(intentId, 'default');
        return true;
      }
      const live = notifications?.liveNotification(intentId);
      if (!live) return false;
      // A real Electron Notification is an EventEmitter: this is what the OS click does.
      (live as unknown as NodeJS.EventEmitter).emit('click');
      return true;
    },
  });
}

// ── start-up ──
setupProfile();
let protocol: ProtocolRegistration | null = null;
// A second launch carrying a herald:// URL is a Windows toast button; any other shows the popup.
if (
  setupSingleInstance(app, (argv) => {
    if (!protocol?.handleArgv(argv)) popup?.show();
  })
) {
  protocol = setupProtocol();
  protocol.handleArgv(process.argv); // a cold start from a toast button
  setupPlatform(app, process.platform);
  setupQuit();
  app
    .whenReady()
    .then(ready)
    .catch((err: unknown) => {
      logger.error({ err: String(err) }, 'Herald failed to start');
      dialog.showErrorBox('Herald could not start', err instanceof Error ? err.message : String(err));
      stopped = true;
      app.quit();
    });
}
