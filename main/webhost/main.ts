// The web host's composition root: one HeraldApp, the loopback HTTP server serving the built
// renderer, the WebSocket bridge, and the host ports (D-Bus notifications where a server is
// there). Start-up is a list of small steps; `close()` undoes them in reverse.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ICachePlugin } from '@azure/msal-node';
import { heraldClientId } from '../core/accounts/app-registration.ts';
import { createCachePlugin } from '../core/accounts/cache-persistence.ts';
import { HeraldApp } from '../core/app/herald-app.ts';
import type { Clock } from '../core/clock.ts';
import { createLogger, type Logger } from '../core/log.ts';
import type { BridgeEvents, EventName } from '../../preload/contract.ts';
import { createTestBrowser } from '../../sim/auto-consent-browser.ts';
import { BridgeSocket } from './bridge-socket.ts';
import { DbusNotifier } from '../freedesktop/dbus-notifier.ts';
import { watchLogindWake } from './logind-wake.ts';
import { startWebHostServer } from './server.ts';
import { createWebHostPorts, type CommandRunner } from './web-host-ports.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_RENDERER_DIR = path.join(REPO_ROOT, 'out', 'renderer');

export interface WebHostOptions {
  /** Where settings, sync state and (plaintext mode) the token cache live. */
  profileDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The simulator's URL: identity and Graph go there, and sign-in pages open in its auto-consent browser. */
  simulatorUrl?: string;
  /** The renderer build; default `out/renderer`. */
  rendererDir?: string;
  logger?: Logger;
  clock?: Clock;
  /** 'secure' (default: keyring, falls back to memory with a warning), 'plaintext' (a file in profileDir; tests), 'memory'. */
  tokenCache?: 'secure' | 'plaintext' | 'memory';
  /** 'auto' (default): D-Bus when a notification server answers, else the page; 'page': always the page. */
  notifications?: 'auto' | 'page';
  /** D-Bus session bus address; default DBUS_SESSION_BUS_ADDRESS. */
  dbusAddress?: string;
  /** Where logind's PrepareForSleep comes from; default the system bus (tests: a private bus). */
  systemBusAddress?: string;
  /** Runs the URL opener (xdg-open, …); tests record instead. */
  runCommand?: CommandRunner;
  /** Opens a sign-in page; default: the auto-consent browser with a simulator, the OS opener otherwise. */
  openSignInPage?: (url: string) => Promise<void>;
  /** A fixed secret (tests only). */
  secret?: string;
  clientId?: string;
  timeZone?: string;
}

export interface RunningWebHost {
  /** `http://127.0.0.1:N/?secret=…`: open it once in a browser. */
  popupUrl: string;
  origin: string;
  port: number;
  app: HeraldApp;
  socket: BridgeSocket;
  /** The D-Bus notifier when one is in use. */
  notifier: DbusNotifier | null;
  close(): Promise<void>;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function tokenCachePlugin(mode: WebHostOptions['tokenCache'], profileDir: string, log: Logger): Promise<ICachePlugin | undefined> {
  if (mode === 'memory') return undefined;
  try {
    return await createCachePlugin({ cacheDir: profileDir, allowPlaintext: mode === 'plaintext' });
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'no secure token store: sign-ins last until the web host stops');
    return undefined;
  }
}

/** Thrown when the popup to serve has not been built: a page of 404s would be all the user got. */
export class PopupNotBuiltError extends Error {
  constructor(readonly rendererDir: string) {
    super(`The popup is not built: ${path.join(rendererDir, 'index.html')} is missing. Run \`npm run build:renderer\` (npm run demo builds it itself).`);
    this.name = 'PopupNotBuiltError';
  }
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new PopupNotBuiltError(rendererDir);
  const logger = options.logger ?? createLogger({ level: 'warn' });
  const log = logger.child({ component: 'webhost' });
  const undo: (() => Promise<void> | void)[] = [];
  try {
    // 1. Native notifications, if the desktop has a server.
    const notifier = options.notifications === 'page' ? null : await DbusNotifier.connect({ logger, ...(options.dbusAddress ? { busAddress: options.dbusAddress } : {}) });
    if (notifier) undo.push(() => notifier.close());

    // 2. The bridge socket; events before it exists have no listener anyway.
    let socket: BridgeSocket | null = null;
    let popupUrl: string | null = null;
    const emit = <E extends EventName>(event: E, payload: BridgeEvents[E]): void => socket?.broadcast(event, payload);

    // 3. The app core.
    const signInBrowser = options.simulatorUrl && !options.openSignInPage ? createTestBrowser().openBrowser : options.openSignInPage;
    const ports = createWebHostPorts({
      version: packageVersion(),
      logger,
      emit,
      nativeNotifications: notifier,
      pageConnected: () => (socket?.clientCount ?? 0) > 0,
      popupUrl: () => popupUrl,
      ...(options.runCommand ? { runCommand: options.runCommand } : {}),
      ...(signInBrowser ? { openSignInPage: signInBrowser } : {}),
    });
    const cachePlugin = await tokenCachePlugin(options.tokenCache ?? 'secure', options.profileDir, log);
    const app = await HeraldApp.create({
      profileDir: options.profileDir,
      clientId: options.clientId ?? heraldClientId(),
      ports,
      logger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.simulatorUrl ? { identityHostOverride: options.simulatorUrl, graphBaseUrl: options.simulatorUrl } : {}),
      ...(cachePlugin ? { cachePlugin } : {}),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
    notifier?.setHandlers({
      activated: (intentId, action) => void app.activateNotification(intentId, action).catch((err: unknown) => log.warn({ err: String(err) }, 'notification action failed')),
      closed: (intentId) => void app.notificationClosed(intentId).catch((err: unknown) => log.warn({ err: String(err) }, 'notification close failed')),
    });

    // 4. HTTP + WebSocket.
    const server = await startWebHostServer({
      rootDir: rendererDir,
      port: options.port ?? 0,
      logger,
      ...(options.secret ? { secret: options.secret } : {}),
    });
    undo.push(() => server.close());
    popupUrl = server.popupUrl;
    // Closed before the server (undo runs in reverse): sockets get a clean 1001 first.
    const bridge = new BridgeSocket({ dispatcher: app, logger });
    socket = bridge;
    undo.push(() => bridge.close());
    server.onUpgrade('/bridge', bridge.handleUpgrade);

    // 5. Sync.
    await app.start();
    undo.push(() => app.stop());
    // 6. Waking from sleep (undone before the app stops: undo runs in reverse).
    const wake = await watchLogindWake({ logger, onWake: () => app.systemResumed('systemWake'), ...(options.systemBusAddress ? { busAddress: options.systemBusAddress } : {}) });
    if (wake) undo.push(() => wake.close());

    let closing: Promise<void> | null = null;
    return {
      popupUrl: server.popupUrl,
      origin: server.origin,
      port: server.port,
      app,
      socket: bridge,
      notifier,
      close: () => {
        closing ??= runUndo(undo);
        return closing;
      },
    };
  } catch (err) {
    await runUndo(undo);
    throw err;
  }
}

async function runUndo(steps: (() => Promise<void> | void)[]): Promise<void> {
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch {
      // Shutting down: the next step still runs.
    }
  }
}
