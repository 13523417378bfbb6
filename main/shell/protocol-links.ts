// The `herald://` scheme: how a Windows toast button reaches the running Herald. Toast buttons
// use protocol activation (`<action activationType="protocol" arguments="herald://…">`,
// https://learn.microsoft.com/en-us/uwp/schemas/tiles/toastschema/element-action) because
// Electron's `action` event does not fire for unpackaged (non-MSIX) apps on Windows
// (electron/electron#51147). Windows then starts Herald with the URL on its command line: the
// running instance gets it in `second-instance`'s argv, a cold start in its own argv; macOS
// delivers `open-url` instead (https://www.electronjs.org/docs/latest/tutorial/launch-app-from-url-in-another-app).
//
// A URL names only an intent id and an action. It is untrusted input (any web page can ask the
// browser to open one): it is parsed strictly here, and the core acts only on intents it holds
// live (main/core/app/notification-actions.ts) — a made-up id does nothing.
import type { App } from 'electron';
import type { Logger } from '../core/log.ts';
import type { IntentAction } from '../core/notify/notification-intent.ts';

export const HERALD_SCHEME = 'herald';

/** What activating a notification asks for: a click ('default') or one of its buttons. */
export type NotificationActivation = 'default' | 'markRead' | 'archive' | 'join' | 'snooze' | 'dismiss';

/** Every action a `herald://notification/…` URL may carry. */
export const HERALD_LINK_ACTIONS: readonly NotificationActivation[] = ['default', 'markRead', 'archive', 'join', 'snooze', 'dismiss'];

/** The activation a button stands for; 'fixAccount' is the same as a click (opens the popup). */
export function activationFor(action: IntentAction): NotificationActivation {
  return action.kind === 'fixAccount' ? 'default' : action.kind;
}

/** Longer input is refused before any parsing (an intent id is well under this). */
export const MAX_HERALD_URL_LENGTH = 2048;
export const MAX_INTENT_ID_LENGTH = 1024;

export interface HeraldNotificationLink {
  kind: 'notification';
  intentId: string;
  action: NotificationActivation;
}

export type HeraldLink = HeraldNotificationLink;

/** `herald://notification/<encoded intent id>/<action>` — the one URL shape Herald emits. */
export function heraldNotificationUrl(intentId: string, action: NotificationActivation): string {
  // Intent ids hold ':' (and message ids may hold '/', '+', '='): one path segment, encoded.
  return `${HERALD_SCHEME}://notification/${encodeURIComponent(intentId)}/${action}`;
}

// Scheme and host are case-insensitive in URLs; Windows may append a trailing '/'.
const NOTIFICATION_URL = /^herald:\/\/notification\/([^/?#\\\s]+)\/([A-Za-z]+)\/?$/i;
// C0 controls and DEL: never in an intent id the core made.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function isLinkAction(value: string): value is NotificationActivation {
  return (HERALD_LINK_ACTIONS as readonly string[]).includes(value);
}

/** The link a `herald://` URL stands for, or null for anything else. Never throws. */
export function parseHeraldUrl(url: unknown): HeraldLink | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_HERALD_URL_LENGTH) return null;
  const match = NOTIFICATION_URL.exec(url);
  if (!match) return null;
  const [, encodedId = '', action = ''] = match;
  if (!isLinkAction(action)) return null;
  let intentId: string;
  try {
    intentId = decodeURIComponent(encodedId);
  } catch {
    return null; // malformed %-escape
  }
  if (intentId.length === 0 || intentId.length > MAX_INTENT_ID_LENGTH || CONTROL_CHARS.test(intentId)) return null;
  return { kind: 'notification', intentId, action };
}

/**
 * The `herald://` URL on a command line (Windows and Linux pass it as an argument; Chromium may
 * add its own switches around it), or null. The last one wins, as the newest launch's.
 */
export function findHeraldUrl(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 0; i -= 1) {
    const arg = argv[i];
    if (typeof arg !== 'string' || arg.length > MAX_HERALD_URL_LENGTH) continue;
    if (arg.toLowerCase().startsWith(`${HERALD_SCHEME}://`)) return arg;
  }
  return null;
}

export type ProtocolApp = Pick<App, 'setAsDefaultProtocolClient' | 'on'>;

/**
 * Whether this run should make itself the OS handler for `herald://`: packaged builds, and
 * Windows development runs (the documented `process.execPath` + script registration). Never a
 * test run; never a Linux/macOS development run, which would point the user's handler at the
 * bare Electron binary (Linux) or cannot work without our Info.plist (macOS).
 */
export function shouldClaimScheme(o: { packaged: boolean; platform: NodeJS.Platform | string; testRun: boolean }): boolean {
  if (o.testRun) return false;
  return o.packaged || o.platform === 'win32';
}

export interface RegisterProtocolOptions {
  app: ProtocolApp;
  platform: NodeJS.Platform | string;
  /** Every `herald://` URL that reaches this instance (unparsed: pass it to `parseHeraldUrl`). */
  onUrl(url: string): void;
  /**
   * Make this executable the OS handler for `herald://`. False in test runs, so a test never
   * rewrites the user's registry / mimeapps.list.
   */
  claimScheme: boolean;
  /** `process.defaultApp`: running as `electron path/to/main.js` (development). */
  defaultApp: boolean;
  /** `process.execPath` and `process.argv`, for the development registration on Windows. */
  execPath: string;
  argv: readonly string[];
  /** Resolves the script path (node:path `resolve`). */
  resolvePath(path: string): string;
  logger: Logger;
}

export interface ProtocolRegistration {
  /** Whether the OS accepted Herald as the scheme's handler. */
  readonly registered: boolean;
  /** Hands a command line's `herald://` URL to `onUrl`; false when it carries none. */
  handleArgv(argv: readonly string[]): boolean;
}

/**
 * Registers the scheme and listens for its URLs. Call it before `app.whenReady()`: macOS sends
 * `open-url` for a cold start before the app is ready. Wire `handleArgv` to the single-instance
 * `second-instance` argv (Windows, Linux) and call it once with the process's own argv.
 */
export function registerProtocol(o: RegisterProtocolOptions): ProtocolRegistration {
  let registered = false;
  if (o.claimScheme) {
    try {
      // In development the executable is the bare Electron binary: Windows must be told the
      // script to run too (path and args are Windows-only, per the deep-links tutorial).
      const devScript = o.platform === 'win32' && o.defaultApp ? o.argv[1] : undefined;
      // eng-disable: reviewed in test/security/reviewed-findings.ts (the gate refuses unlisted ones).
      registered = devScript
        ? o.app.setAsDefaultProtocolClient(HERALD_SCHEME, o.execPath, [o.resolvePath(devScript)]) // eng-disable PROTOCOL_HANDLER_JS_CHECK
        : o.app.setAsDefaultProtocolClient(HERALD_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK
      if (!registered) o.logger.warn({ scheme: HERALD_SCHEME }, 'protocol: the OS did not accept Herald as the scheme handler');
    } catch (err) {
      // Buttons on Windows toasts need this; nothing else does — never fail start-up over it.
      o.logger.warn({ err: String(err), scheme: HERALD_SCHEME }, 'protocol: registration failed');
    }
  }
  if (o.platform === 'darwin') {
    o.app.on('open-url', (event, url) => {
      event.preventDefault(); // we handled it (https://www.electronjs.org/docs/latest/api/app#event-open-url-macos)
      o.onUrl(url);
    });
  }
  return {
    get registered() {
      return registered;
    },
    handleArgv(argv) {
      const url = findHeraldUrl(argv);
      if (url === null) return false;
      o.onUrl(url);
      return true;
    },
  };
}
