// THE bridge contract between Herald's main process (or the web host) and the renderer.
// Defined once: the preload exposes one object built from it, the main side validates every
// call's input against `callInputs` before a handler runs, the web host carries the same calls
// and events over a WebSocket, and the renderer's types come from here. Nothing is written twice.
//
// The renderer imports *types only* from this file (so zod never ships to the popup); the main
// side imports the schemas. No token, refresh token or MSAL object ever crosses this boundary.
import { z } from 'zod';
import { LATEST_PAUSE_MS, type Settings } from '../main/core/state/settings-schema.ts';

export type { Settings };

// ───────────────────────────── data the renderer sees ─────────────────────────────

export type AccountKind = 'work' | 'personal';
export type AccountStateKind = 'ok' | 'needsSignIn' | 'needsAdminConsent' | 'mailboxNotEnabled' | 'offline' | 'throttled' | 'graphDown';

export interface AccountStateView {
  kind: AccountStateKind;
  /** One sentence for the status line. */
  message: string;
  /** What the status line's button does, if anything helps. */
  action: 'signIn' | 'retry' | 'openAdminConsentHelp' | 'none';
  /** Epoch ms before which the engine will not try again (throttled, offline). */
  retryAt?: number;
}

export interface AccountView {
  id: string;
  username: string;
  name: string;
  kind: AccountKind;
  /** Signed in with Mail.Read / Calendars.Read only: write actions explain instead of failing. */
  readOnly: boolean;
  state: AccountStateView;
  unreadCount: number | null;
  /** Epoch ms of the last successful sync, null before the first. */
  lastSyncAt: number | null;
}

export type MailView = 'focused' | 'other' | 'all';

export interface MessageSummary {
  accountId: string;
  id: string;
  receivedDateTime: string;
  from: { name: string; address: string } | null;
  subject: string;
  bodyPreview: string;
  isRead: boolean;
  importance: 'low' | 'normal' | 'high';
  inferenceClassification: 'focused' | 'other';
  hasAttachments: boolean;
  flagStatus: 'notFlagged' | 'flagged' | 'complete';
}

export interface MessageDetail extends MessageSummary {
  toRecipients: { name: string; address: string }[];
  ccRecipients: { name: string; address: string }[];
  /**
   * The message body exactly as Graph returned it: UNTRUSTED. The renderer sanitizes it with
   * DOMPurify and shows it in a sandboxed frame that runs no script, remote images blocked.
   */
  body: { contentType: 'html' | 'text'; content: string };
}

export interface EventView {
  accountId: string;
  id: string;
  subject: string;
  /** UTC ISO instants; the renderer shows them in local time with Intl. */
  start: string;
  end: string;
  isAllDay: boolean;
  isOnlineMeeting: boolean;
  /** Present when the meeting can be joined (an https URL). */
  canJoin: boolean;
  location: string;
  organizer: string;
  /** Epoch ms of the next reminder, null when none is pending. */
  reminderAt: number | null;
  /** The reminder has gone off and stands (not dismissed, not snoozed since): Snooze and Dismiss apply to it. */
  reminderActive: boolean;
}

export interface SyncStatusView {
  /** Epoch ms until which mail notifications are paused, null when not paused. */
  pausedUntil: number | null;
  /** Some account is syncing right now. */
  checking: boolean;
  /** Epoch ms of the most recent successful sync of any account. */
  lastSyncAt: number | null;
  accounts: { id: string; state: AccountStateView; unreadCount: number | null; lastSyncAt: number | null }[];
}

/** Graph change notifications (push): off, validating the public URL, live, or failing (with why). */
export interface PushStatusView {
  state: 'off' | 'validating' | 'live' | 'failing';
  /** Why push is off or failing, for the settings screen. */
  reason: string | null;
  /** The public HTTPS URL in use (the user's tunnel), or null. */
  publicUrl: string | null;
  /** Where the local receiver listens: what the tunnel must point at. */
  localUrl: string | null;
}

export interface DeviceCodePromptView {
  userCode: string;
  verificationUri: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'web';
  platform: string;
  /** BCP 47, from the system (or the settings override). */
  locale: string;
  /** Push (Graph change notifications) and launch at login are not available in every host. */
  capabilities: { launchAtLogin: boolean; nativeNotifications: boolean };
}

/**
 * Where the popup goes. The web host, opening the popup for a notification click when no page
 * is open, carries it in the URL fragment: `#open=` + encodeURIComponent(JSON of the target)
 * (built in main/webhost/web-host-ports.ts, read in renderer/src/lib/opening-target.ts).
 */
export type NavigateTarget =
  | { kind: 'message'; accountId: string; messageId: string }
  | { kind: 'event'; accountId: string; eventId: string }
  | { kind: 'inbox'; accountId: string | null }
  | { kind: 'agenda' }
  | { kind: 'settings' };

/** A notification the web host asks the page to show with the browser's Notification API. */
export interface BrowserNotificationView {
  intentId: string;
  title: string;
  body: string;
  silent: boolean;
  target: NavigateTarget;
}

// ───────────────────────────── calls: renderer → main ─────────────────────────────

const id = z.string().min(1).max(512);
const accountRef = z.object({ accountId: id }).strict();
const messageRef = z.object({ accountId: id, messageId: id }).strict();
const eventRef = z.object({ accountId: id, eventId: id }).strict();
const empty = z.object({}).strict();

/** Every call the renderer can make, with the schema its input must pass before a handler runs. */
export const callInputs = {
  'app.info': empty,

  'accounts.list': empty,
  /** Starts a sign-in; for 'deviceCode' the prompt arrives as the 'signIn.deviceCode' event. */
  'accounts.add': z.object({ method: z.enum(['interactive', 'deviceCode']), mode: z.enum(['readWrite', 'readOnly']).default('readWrite') }).strict(),
  'accounts.cancelSignIn': empty,
  'accounts.remove': accountRef,
  /** Signs the account in again (after "needs sign-in") with the same user pre-filled. */
  'accounts.fix': accountRef,

  'messages.list': z
    .object({
      accountId: id.nullable().default(null),
      view: z.enum(['focused', 'other', 'all']).default('all'),
      offset: z.number().int().min(0).max(100_000).default(0),
      limit: z.number().int().min(1).max(20_000).default(500),
    })
    .strict(),
  'messages.get': messageRef,
  'messages.markRead': messageRef.extend({ isRead: z.boolean() }).strict(),
  'messages.flag': messageRef.extend({ flagged: z.boolean() }).strict(),
  'messages.archive': messageRef,
  'messages.delete': messageRef,
  'messages.reply': messageRef.extend({ comment: z.string().min(1).max(100_000) }).strict(),
  'messages.openInOutlook': messageRef,

  /** A link clicked inside a message: opened in the browser (http/https/mailto only). */
  'links.open': z.object({ url: z.string().min(1).max(8192) }).strict(),

  'events.list': z.object({ hours: z.number().int().min(1).max(168).default(48) }).strict(),
  'events.join': eventRef,
  'events.snooze': eventRef.extend({ minutes: z.number().int().min(1).max(7 * 24 * 60) }).strict(),
  'events.dismiss': eventRef,

  'settings.get': empty,
  /** A deep-partial Settings; validated against the settings schema on the main side. */
  'settings.update': z.object({ patch: z.record(z.string(), z.unknown()) }).strict(),

  'sync.checkNow': z.object({ accountId: id.nullable().default(null) }).strict(),
  /**
   * The page saw the network come back (the browser's `online` event): accounts poll now instead
   * of at the end of their offline backoff (up to 10 minutes). Calls within seconds count once.
   */
  'sync.networkOnline': empty,
  'sync.status': empty,
  'push.status': empty,
  /** Pause mail notifications until an instant (epoch ms), or resume with null. */
  // An instant (epoch ms), null to resume, or one of the lengths the tray offers too, which the
  // main side turns into an instant on its own clock (one meaning of "until tomorrow" everywhere).
  'notifications.pause': z.object({ until: z.union([z.number().int().min(0).max(LATEST_PAUSE_MS), z.enum(['oneHour', 'tomorrow'])]).nullable() }).strict(),
  /** A browser notification (web host) was clicked or one of its actions chosen. */
  'notifications.activate': z.object({ intentId: z.string().min(1).max(1024), action: z.enum(['default', 'markRead', 'archive', 'join', 'snooze', 'dismiss']).default('default') }).strict(),
} as const;

export interface CallResults {
  'app.info': AppInfo;
  'accounts.list': AccountView[];
  'accounts.add': AccountView;
  'accounts.cancelSignIn': null;
  'accounts.remove': null;
  'accounts.fix': AccountView;
  'messages.list': { items: MessageSummary[]; total: number };
  'messages.get': MessageDetail;
  'messages.markRead': null;
  'messages.flag': null;
  'messages.archive': null;
  'messages.delete': null;
  'messages.reply': null;
  'messages.openInOutlook': null;
  'links.open': null;
  'events.list': EventView[];
  'events.join': null;
  'events.snooze': null;
  'events.dismiss': null;
  'settings.get': Settings;
  'settings.update': Settings;
  'sync.checkNow': null;
  'sync.networkOnline': null;
  'sync.status': SyncStatusView;
  'push.status': PushStatusView;
  'notifications.pause': SyncStatusView;
  'notifications.activate': null;
}

export type CallName = keyof typeof callInputs;
/** What the renderer passes (defaults may be omitted). */
export type CallInput<N extends CallName> = z.input<(typeof callInputs)[N]>;
/** What a handler receives, after validation and defaults. */
export type ValidCallInput<N extends CallName> = z.output<(typeof callInputs)[N]>;
export type CallResult<N extends CallName> = CallResults[N];

export const CALL_NAMES = Object.keys(callInputs) as CallName[];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(callInputs, value);
}

// ───────────────────────────── errors ─────────────────────────────

export type BridgeErrorCode =
  | 'invalidInput' // the input failed the call's schema (or the call name is unknown)
  | 'notFound' // no such account, message or event
  | 'needsWritePermission' // the account was signed in read-only
  | 'needsSignIn'
  | 'needsAdminConsent'
  | 'cancelled' // the user cancelled a sign-in
  | 'offline'
  | 'throttled'
  | 'unavailable' // Graph or the service is down; try later
  | 'notSupported' // this host cannot do it (e.g. launch at login in the web host)
  | 'internal';

export interface BridgeError {
  code: BridgeErrorCode;
  /** For the user: short, translated by the renderer where a key exists, never a token. */
  message: string;
  /** For invalidInput: which fields and why. */
  issues?: { path: string; message: string }[];
}

/** Every call answers with an outcome, never a thrown error (errors lose their type over IPC). */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

// ───────────────────────────── events: main → renderer ─────────────────────────────

export interface BridgeEvents {
  'accounts.changed': AccountView[];
  /** The inbox of an account changed (new, read, moved): re-list the current view. */
  'inbox.changed': { accountId: string; unreadCount: number | null };
  'events.changed': { accountId: string };
  'sync.status': SyncStatusView;
  /** A notification or tray click asks the popup to show something. */
  navigate: NavigateTarget;
  'signIn.deviceCode': DeviceCodePromptView;
  /** Web host without a desktop notification service: show this with the Notification API. */
  'notification.show': BrowserNotificationView;
  'notification.close': { intentId: string };
  'settings.changed': Settings;
  'push.status': PushStatusView;
}

export type EventName = keyof BridgeEvents;

export const EVENT_NAMES: readonly EventName[] = [
  'accounts.changed',
  'inbox.changed',
  'events.changed',
  'sync.status',
  'navigate',
  'signIn.deviceCode',
  'notification.show',
  'notification.close',
  'settings.changed',
  'push.status',
];

// ───────────────────────────── the object the renderer gets ─────────────────────────────

/** `window.herald` in Electron (from the preload) and the WebSocket client in the web host. */
export interface HeraldBridge {
  invoke<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutcome<CallResult<N>>>;
  /** Subscribes; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
}

/** IPC channel names (Electron): one per call and one per event, derived, never typed by hand. */
export const ipcChannel = {
  call: (name: CallName) => `herald:call:${name}`,
  event: (name: EventName) => `herald:event:${name}`,
} as const;

/** The WebSocket frames of the web host: the same calls and events, as JSON. */
export type WireFrame =
  | { type: 'call'; id: number; name: CallName; input: unknown }
  | { type: 'result'; id: number; outcome: CallOutcome<unknown> }
  | { type: 'event'; name: EventName; payload: unknown };
