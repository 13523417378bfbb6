// Native notifications for NotificationIntents (the core's NotificationSink, Electron side).
// Title and body come from the core (privacy mode already applied there). Buttons: macOS shows
// `actions` (https://www.electronjs.org/docs/latest/api/notification#new-notificationoptions);
// Windows gets toast XML (`toastXml`, toast-xml.ts) whose buttons activate `herald://` URLs,
// which come back through protocol-links.ts and `activate()` here; Linux goes through the
// freedesktop D-Bus notifier when a notification server answers (`freedesktop`, with buttons:
// Electron's libnotify path is click only), else through Electron (click only — the popup then
// offers the same actions). A notification is kept referenced until it closes so the click
// handler survives garbage collection (electron/electron#12690), an intent shown again replaces
// the old one, and a retraction closes it.
import type { Notification, NotificationConstructorOptions } from 'electron';
import type { IntentRetraction, NotificationIntent } from '../core/notify/notification-intent.ts';
import type { NotificationSink } from '../core/engine/account-sync.ts';
import type { Logger } from '../core/log.ts';
import { activationFor, type NotificationActivation } from './protocol-links.ts';
import { toastXmlFor } from './toast-xml.ts';

export { activationFor, type NotificationActivation };

/**
 * The same (intent, action) activated again within this window is one activation: on Windows a
 * toast click can arrive both as Electron's `click` and as the `launch` protocol URL.
 */
export const ACTIVATION_REPEAT_WINDOW_MS = 2_000;

/** What `activate()` did: ran it, ignored a repeat, or the core refused (logged). */
export type ActivationOutcome = 'activated' | 'repeat' | 'failed';

export interface NotificationActivationTarget {
  activateNotification(intentId: string, action: NotificationActivation): Promise<void>;
  notificationClosed(intentId: string): Promise<void>;
}

export type NotificationLike = Pick<Notification, 'show' | 'close' | 'on'>;

/** The slice of the freedesktop notifier (main/freedesktop/dbus-notifier.ts) the sink uses. */
export interface FreedesktopNotifications {
  show(intent: NotificationIntent): Promise<void>;
  retract(retraction: IntentRetraction): Promise<void>;
  closeAll(): Promise<void>;
  isShown(intentId: string): boolean;
  setHandlers(handlers: { activated(intentId: string, action: NotificationActivation): void; closed(intentId: string): void }): void;
}

export interface ElectronNotificationSinkOptions {
  createNotification(options: NotificationConstructorOptions): NotificationLike;
  /** `Notification.isSupported()`. */
  isSupported(): boolean;
  platform: NodeJS.Platform | string;
  app: NotificationActivationTarget;
  logger: Logger;
  /** Epoch ms, for the repeat window (default `Date.now`). */
  now?: () => number;
  /** Linux: a connected freedesktop notifier; every notification then goes through it. */
  freedesktop?: FreedesktopNotifications | null;
}

export function notificationOptions(intent: NotificationIntent, platform: NodeJS.Platform | string): NotificationConstructorOptions {
  const options: NotificationConstructorOptions = {
    title: intent.title,
    body: intent.body,
    silent: intent.silent,
    // Reminders should stay until handled; mail may time out normally.
    timeoutType: intent.type === 'reminder' ? 'never' : 'default',
    urgency: intent.type === 'reminder' || (intent.type === 'mail' && intent.vip) ? 'critical' : 'normal',
  };
  if (platform === 'win32') {
    // Supersedes title/body/silent on Windows; they stay set for logs and the e2e hooks.
    options.toastXml = toastXmlFor(intent);
  } else if (platform === 'darwin' && intent.actions.length > 0) {
    options.actions = intent.actions.map((action) => ({ type: 'button' as const, text: action.label }));
    options.closeButtonText = 'Close';
  }
  return options;
}

/** Toasts in the Windows Action Center we keep a reference to, for retracting them later. */
export const ACTION_CENTER_KEPT = 50;

export class ElectronNotificationSink implements NotificationSink {
  /** Live notifications by intent id; the reference keeps them (and their handlers) alive. */
  private readonly live = new Map<string, NotificationLike>();
  /** `intentId + action` → when it was last activated, for the repeat window. */
  private readonly recentActivations = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly o: ElectronNotificationSinkOptions) {
    this.now = o.now ?? Date.now;
    // A click or a button on the D-Bus server's notification: the same path as Electron's click.
    o.freedesktop?.setHandlers({
      activated: (intentId, action) => void this.activate(intentId, action),
      closed: (intentId) => this.reportClosed(intentId),
    });
  }

  /** Whether an intent is on screen through the D-Bus server (the `_electron` test hooks). */
  shownViaFreedesktop(intentId: string): boolean {
    return this.o.freedesktop?.isShown(intentId) ?? false;
  }

  get liveCount(): number {
    return this.live.size;
  }

  /** The shown notification for an intent, while it is live (the `_electron` tests click it). */
  liveNotification(intentId: string): NotificationLike | undefined {
    return this.live.get(intentId);
  }

  async show(intent: NotificationIntent): Promise<void> {
    if (this.o.freedesktop) {
      try {
        await this.o.freedesktop.show(intent);
        return;
      } catch (err) {
        // The notification server went away: Electron's own (click-only) notification still shows it.
        this.o.logger.warn({ err: String(err), intentId: intent.id }, 'notifications: D-Bus failed, using Electron’s');
      }
    }
    this.showElectron(intent);
  }

  private showElectron(intent: NotificationIntent): void {
    if (!this.o.isSupported()) {
      this.o.logger.warn({ intentId: intent.id }, 'notifications: not supported on this desktop');
      return;
    }
    this.closeQuietly(intent.id); // the same id again replaces, never duplicates
    const notification = this.o.createNotification(notificationOptions(intent, this.o.platform));
    const isCurrent = () => this.live.get(intent.id) === notification;

    notification.on('click', () => {
      if (!isCurrent()) return;
      void this.activate(intent.id, 'default');
    });
    notification.on('action', (_event, index) => {
      if (!isCurrent()) return;
      const action = intent.actions[index];
      void this.activate(intent.id, action ? activationFor(action) : 'default');
    });
    notification.on('close', () => {
      // Closed by the user or the OS (not by us: closeQuietly forgets the entry first).
      if (!isCurrent()) return;
      // Windows also says 'close' when a toast merely moves into the Action Center
      // (electron/electron#29461), where its buttons still work through herald:// links: the
      // intent must stay known to the core, so a close is not reported as a dismissal there, and
      // the reference is kept so a retraction (read elsewhere) can still take it out of the
      // Action Center — close() does that for a toast that has left the screen (electron#40197).
      if (this.o.platform === 'win32') {
        this.keepForActionCenter(intent.id);
        return;
      }
      this.live.delete(intent.id);
      this.reportClosed(intent.id);
    });
    notification.on('failed', (_event, error) => {
      if (!isCurrent()) return;
      this.live.delete(intent.id);
      this.o.logger.warn({ intentId: intent.id, error }, 'notifications: the OS refused the notification');
    });
    this.live.set(intent.id, notification);
    notification.show();
  }

  /**
   * Activates a notification: a click, a button, or a `herald://` URL (Windows toast buttons,
   * protocol-links.ts). The same (intent, action) again within ACTIVATION_REPEAT_WINDOW_MS is
   * ignored. Never rejects: a core refusal (e.g. an intent this process never showed) is logged
   * and reported as 'failed'.
   */
  async activate(intentId: string, action: NotificationActivation): Promise<ActivationOutcome> {
    const now = this.now();
    for (const [key, at] of this.recentActivations) {
      if (now - at >= ACTIVATION_REPEAT_WINDOW_MS || now < at) this.recentActivations.delete(key);
    }
    const key = `${intentId}\u0000${action}`;
    if (this.recentActivations.has(key)) return 'repeat';
    this.recentActivations.set(key, now);
    // Acted on: no longer live, so the close the OS sends next is not reported as a dismissal.
    this.live.delete(intentId);
    try {
      await this.o.app.activateNotification(intentId, action);
      return 'activated';
    } catch (err) {
      this.o.logger.error({ err: String(err), intentId, action }, 'notifications: activation failed');
      return 'failed';
    }
  }

  async retract(retraction: IntentRetraction): Promise<void> {
    // Shown over D-Bus, or by Electron when D-Bus failed at the time: close wherever it is.
    if (this.o.freedesktop) await this.o.freedesktop.retract(retraction);
    this.closeQuietly(retraction.intentId);
  }

  /** Windows Action Center: keep the newest references only (it keeps a handful per app anyway). */
  private keepForActionCenter(intentId: string): void {
    const notification = this.live.get(intentId);
    if (!notification) return;
    this.live.delete(intentId);
    this.live.set(intentId, notification); // now the newest
    for (const oldest of this.live.keys()) {
      if (this.live.size <= ACTION_CENTER_KEPT) break;
      this.live.delete(oldest);
    }
  }

  /** Closes every live notification (quitting). */
  async closeAll(): Promise<void> {
    for (const id of [...this.live.keys()]) this.closeQuietly(id);
    await this.o.freedesktop?.closeAll().catch((err: unknown) => this.o.logger.warn({ err: String(err) }, 'notifications: closing on quit failed'));
  }

  /** Closed by the user or the OS: the core forgets the intent. */
  private reportClosed(intentId: string): void {
    this.o.app.notificationClosed(intentId).catch((err: unknown) => this.o.logger.error({ err: String(err), intentId }, 'notifications: reporting a close failed'));
  }

  private closeQuietly(intentId: string): void {
    const existing = this.live.get(intentId);
    if (!existing) return;
    this.live.delete(intentId);
    existing.close();
  }
}
