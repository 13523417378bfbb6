// The HostPorts of the web host: events go to every WebSocket client, native notifications go
// to the freedesktop D-Bus server when there is one (else to the page, which uses the browser's
// Notification API), and URLs open with the OS's opener (xdg-open / open / explorer) through
// execFile — never a shell — after `isSafeExternalUrl`. Launch at login is an Electron feature.
import { execFile } from 'node:child_process';
import { isSafeExternalUrl, type HostPorts } from '../core/app/host-ports.ts';
import { navigateTarget } from '../core/app/app-views.ts';
import type { NotificationSink } from '../core/engine/account-sync.ts';
import type { Logger } from '../core/log.ts';
import type { IntentRetraction, NotificationIntent } from '../core/notify/notification-intent.ts';
import type { BridgeEvents, EventName } from '../../preload/contract.ts';

/** Runs a program with arguments (no shell). Tests pass one that records instead. */
export type CommandRunner = (command: string, args: string[]) => Promise<void>;

export const execFileRunner: CommandRunner = (command, args) =>
  new Promise((resolve, reject) => {
    const child = execFile(command, args, { windowsHide: true }, (err) => (err ? reject(err) : resolve()));
    child.unref();
  });

/** The OS's "open this URL" program for a platform. */
export function openerFor(platform: NodeJS.Platform | string): { command: string; args: (url: string) => string[] } {
  if (platform === 'darwin') return { command: 'open', args: (url) => [url] };
  if (platform === 'win32') return { command: 'explorer', args: (url) => [url] };
  return { command: 'xdg-open', args: (url) => [url] };
}

export type EventEmitterFn = <E extends EventName>(event: E, payload: BridgeEvents[E]) => void;

/**
 * Notifications for a page without a desktop notification service: the page shows them. With no
 * page open nothing could show one, so `show` throws and the engine keeps the intent in its
 * outbox, showing it once a page is there (next cycle), instead of marking it shown.
 */
export class PageNotificationSink implements NotificationSink {
  constructor(
    private readonly emit: EventEmitterFn,
    private readonly pageConnected: () => boolean = () => true,
  ) {}

  show(intent: NotificationIntent): void {
    if (!this.pageConnected()) throw new Error('no Herald page is open to show the notification');
    this.emit('notification.show', { intentId: intent.id, title: intent.title, body: intent.body, silent: intent.silent, target: navigateTarget(intent.target) });
  }

  retract(retraction: IntentRetraction): void {
    this.emit('notification.close', { intentId: retraction.intentId });
  }
}

/** The native sink, and the page when the native one fails to show (its server went away). */
export function withPageFallback(native: NotificationSink | null, page: PageNotificationSink): NotificationSink {
  if (!native) return page;
  return {
    async show(intent) {
      try {
        await native.show(intent);
      } catch {
        page.show(intent);
      }
    },
    async retract(retraction) {
      await native.retract(retraction);
      page.retract(retraction);
    },
  };
}

export interface WebHostPortsOptions {
  version: string;
  platform?: NodeJS.Platform | string;
  logger: Logger;
  emit: EventEmitterFn;
  /** D-Bus (or another native sink); the page's Notification API when absent, or when it fails. */
  nativeNotifications: NotificationSink | null;
  /** Whether a page is connected (the page sink needs one); default always. */
  pageConnected?: () => boolean;
  /** The popup's URL (with the launch secret) once the server listens: opened when no page is. */
  popupUrl?: () => string | null;
  /** Opens URLs; default the platform opener via execFile. */
  runCommand?: CommandRunner;
  /** Opens the sign-in page; default the same as openInBrowser (the demo and tests pass the simulator's auto-consent browser). */
  openSignInPage?: (url: string) => Promise<void>;
  systemLocale?: () => string;
}

export function createWebHostPorts(options: WebHostPortsOptions): HostPorts {
  const platform = options.platform ?? process.platform;
  const run = options.runCommand ?? execFileRunner;
  const log = options.logger.child({ component: 'webhost-ports' });
  const opener = openerFor(platform);
  const openInBrowser = async (url: string): Promise<void> => {
    if (!isSafeExternalUrl(url)) {
      log.warn('refused to open a URL that is not http(s) or mailto');
      throw new Error('Only http, https and mailto links can be opened.');
    }
    await run(opener.command, opener.args(url));
  };
  return {
    host: 'web',
    version: options.version,
    platform,
    systemLocale: options.systemLocale ?? (() => Intl.DateTimeFormat().resolvedOptions().locale),
    openInBrowser,
    openSignInPage: options.openSignInPage ?? openInBrowser,
    notifications: withPageFallback(options.nativeNotifications, new PageNotificationSink(options.emit, options.pageConnected)),
    emit: options.emit,
    // A page that is open gets `navigate` (a host cannot bring a browser tab to the front); with
    // no page open — a notification clicked after the tab was closed — the popup is opened in the
    // browser, on the target (the fragment survives the secret → cookie redirect; contract.ts).
    showPopup: (target) => {
      const url = options.popupUrl?.() ?? null;
      if (url === null || (options.pageConnected?.() ?? true)) return;
      const withTarget = target ? `${url}#open=${encodeURIComponent(JSON.stringify(target))}` : url;
      run(opener.command, opener.args(withTarget)).catch((err: unknown) => log.warn({ err: String(err) }, 'could not open the popup in the browser'));
    },
    launchAtLogin: {
      supported: false,
      set: () => Promise.reject(new Error('Launch at login is not available in the web host.')),
    },
  };
}
