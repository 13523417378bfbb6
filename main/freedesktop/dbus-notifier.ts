// Native notifications on Linux through the freedesktop Notifications D-Bus interface
// (https://specifications.freedesktop.org/notification-spec/latest/protocol.html), via dbus-next.
// Intent ids map to the server's notification ids both ways: showing an intent already on screen
// passes its id as `replaces_id` (the server updates it in place), a retraction calls
// `CloseNotification`, and the server's `ActionInvoked` / `NotificationClosed` signals come back
// as intent ids. Low-level messages are used (no introspection), so any spec-conforming server
// works, including the one the tests run. Shared host code: the web host and, on Linux, the
// Electron shell (whose libnotify path has no buttons) both use it; each keeps its own fallback.
import { MessageType, sessionBus, Variant, type Message, type MessageBus } from 'dbus-next';
import { callDbus, withTimeout } from './dbus-call.ts';
import type { IntentRetraction, NotificationIntent } from '../core/notify/notification-intent.ts';
import type { NotificationSink } from '../core/engine/account-sync.ts';
import type { Logger } from '../core/log.ts';

const SERVICE = 'org.freedesktop.Notifications';
const OBJECT_PATH = '/org/freedesktop/Notifications';
const INTERFACE = 'org.freedesktop.Notifications';

export type NotificationActionKey = 'default' | 'markRead' | 'archive' | 'join' | 'snooze' | 'dismiss';
const ACTION_KEYS: readonly string[] = ['default', 'markRead', 'archive', 'join', 'snooze', 'dismiss'];

export interface DbusNotifierOptions {
  logger: Logger;
  /** The session bus address; default `DBUS_SESSION_BUS_ADDRESS`. */
  busAddress?: string;
  /** How long to wait for the notification server to answer at connect. Default 2 s. */
  connectTimeoutMs?: number;
}

export interface DbusNotifierHandlers {
  activated(intentId: string, action: NotificationActionKey): void;
  closed(intentId: string): void;
}

/** The `actions` array: key/label pairs, `default` first (a click on the body). */
export function notificationActions(intent: NotificationIntent): string[] {
  const actions = ['default', 'Open'];
  for (const action of intent.actions) {
    if (action.kind === 'fixAccount') continue;
    actions.push(action.kind, action.label);
  }
  return actions;
}

/** Escapes text for servers that render body markup (a subset of HTML). */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}


export class DbusNotifier implements NotificationSink {
  private readonly idsByIntent = new Map<string, number>();
  private readonly intentsById = new Map<number, string>();
  private handlers: DbusNotifierHandlers | null = null;
  private readonly log: Logger;

  private constructor(
    private readonly bus: MessageBus,
    private readonly markup: boolean,
    logger: Logger,
  ) {
    this.log = logger;
    bus.on('message', (msg: Message) => this.onMessage(msg));
  }

  /**
   * Connects to the session bus and checks a notification server answers. Resolves null (and
   * says why in the log) when there is no session bus or no server, so the host can fall back.
   */
  static async connect(options: DbusNotifierOptions): Promise<DbusNotifier | null> {
    const log = options.logger.child({ component: 'dbus-notifier' });
    const address = options.busAddress ?? process.env.DBUS_SESSION_BUS_ADDRESS;
    if (!address) {
      log.info('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset): the host falls back');
      return null;
    }
    let bus: MessageBus | null = null;
    try {
      bus = sessionBus({ busAddress: address });
      bus.on('error', (err: unknown) => log.warn({ err: String(err) }, 'D-Bus connection error'));
      const timeout = options.connectTimeoutMs ?? 2000;
      const info = await withTimeout(callMethod(bus, 'GetServerInformation', '', []), timeout, 'GetServerInformation');
      const caps = await withTimeout(callMethod(bus, 'GetCapabilities', '', []), timeout, 'GetCapabilities');
      const capabilities = Array.isArray(caps[0]) ? (caps[0] as unknown[]).map(String) : [];
      await withTimeout(
        callDbus(bus, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'AddMatch', 's', [`type='signal',interface='${INTERFACE}'`]),
        timeout,
        'AddMatch',
      );
      log.info({ server: info[0], capabilities }, 'freedesktop notification server found');
      return new DbusNotifier(bus, capabilities.includes('body-markup'), log);
    } catch (err) {
      log.info({ err: err instanceof Error ? err.message : String(err) }, 'no freedesktop notification server: the host falls back');
      bus?.disconnect();
      return null;
    }
  }

  /** Where ActionInvoked / NotificationClosed go (set once the app exists). */
  setHandlers(handlers: DbusNotifierHandlers): void {
    this.handlers = handlers;
  }

  /** Whether an intent is on screen through this server (the shell's test hooks). */
  isShown(intentId: string): boolean {
    return this.idsByIntent.has(intentId);
  }

  /** The server's id for an intent on screen, if any (tests, diagnostics). */
  notificationIdOf(intentId: string): number | undefined {
    return this.idsByIntent.get(intentId);
  }

  async show(intent: NotificationIntent): Promise<void> {
    const replaces = this.idsByIntent.get(intent.id) ?? 0;
    const urgency = intent.type === 'reminder' || (intent.type === 'mail' && intent.vip) ? 2 : 1;
    const hints: Record<string, Variant> = { urgency: new Variant('y', urgency), category: new Variant('s', intent.type === 'reminder' ? 'x-herald.reminder' : 'email.arrived') };
    if (intent.silent) hints['suppress-sound'] = new Variant('b', true);
    const body = this.markup ? escapeMarkup(intent.body) : intent.body;
    try {
      const reply = await callMethod(this.bus, 'Notify', 'susssasa{sv}i', ['Herald', replaces, '', intent.title, body, notificationActions(intent), hints, -1]);
      const id = Number(reply[0]);
      if (!Number.isInteger(id) || id <= 0) throw new Error('Notify returned no id');
      if (replaces !== 0 && replaces !== id) this.intentsById.delete(replaces);
      this.idsByIntent.set(intent.id, id);
      this.intentsById.set(id, intent.id);
    } catch (err) {
      // Thrown, not swallowed: the host falls back to another way of showing it, or the engine
      // keeps the intent in its outbox and shows it again next cycle. Swallowed, it was lost.
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn({ err: message, intentId: intent.id }, 'Notify failed');
      throw new Error(`the desktop notification server did not show it: ${message}`);
    }
  }

  async retract(retraction: IntentRetraction): Promise<void> {
    const id = this.idsByIntent.get(retraction.intentId);
    if (id === undefined) return;
    // Forget first: the NotificationClosed signal that follows is our own doing, not the user's.
    this.idsByIntent.delete(retraction.intentId);
    this.intentsById.delete(id);
    try {
      await callMethod(this.bus, 'CloseNotification', 'u', [id]);
    } catch (err) {
      this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'CloseNotification failed');
    }
  }

  /** Takes every notification this process showed off the screen (quitting: their buttons would reach no one). */
  async closeAll(): Promise<void> {
    const intentIds = [...this.idsByIntent.keys()];
    await Promise.all(intentIds.map((intentId) => this.retract({ intentId, reason: 'superseded' })));
  }

  close(): void {
    this.bus.disconnect();
  }

  private onMessage(msg: Message): void {
    if (msg.type !== MessageType.SIGNAL || msg.interface !== INTERFACE) return;
    const id = Number(msg.body[0]);
    const intentId = this.intentsById.get(id);
    if (intentId === undefined) return;
    if (msg.member === 'ActionInvoked') {
      const key = String(msg.body[1]);
      if (!ACTION_KEYS.includes(key)) return;
      this.handlers?.activated(intentId, key as NotificationActionKey);
    } else if (msg.member === 'NotificationClosed') {
      this.intentsById.delete(id);
      this.idsByIntent.delete(intentId);
      this.handlers?.closed(intentId);
    }
  }
}

function callMethod(bus: MessageBus, member: string, signature: string, body: unknown[]): Promise<unknown[]> {
  return callDbus(bus, SERVICE, OBJECT_PATH, INTERFACE, member, signature, body);
}

