// Native notifications for NotificationIntents (the core's NotificationSink, Electron side).
// Title and body come from the core (privacy mode already applied there). Buttons: macOS shows
// `actions` (https://www.electronjs.org/docs/latest/api/notification#new-notificationoptions);
// Windows and Linux get click only — the popup then offers the same actions. A notification is
// kept referenced until it closes so the click handler survives garbage collection
// (electron/electron#12690), an intent shown again replaces the old one, and a retraction closes it.
import type { Notification, NotificationConstructorOptions } from 'electron';
import type { IntentRetraction, NotificationIntent, IntentAction } from '../core/notify/notification-intent.ts';
import type { NotificationSink } from '../core/engine/account-sync.ts';
import type { Logger } from '../core/log.ts';

export type NotificationActivation = 'default' | 'markRead' | 'archive' | 'join' | 'snooze' | 'dismiss';

export interface NotificationActivationTarget {
  activateNotification(intentId: string, action: NotificationActivation): Promise<void>;
  notificationClosed(intentId: string): Promise<void>;
}

export type NotificationLike = Pick<Notification, 'show' | 'close' | 'on'>;

export interface ElectronNotificationSinkOptions {
  createNotification(options: NotificationConstructorOptions): NotificationLike;
  /** `Notification.isSupported()`. */
  isSupported(): boolean;
  platform: NodeJS.Platform | string;
  app: NotificationActivationTarget;
  logger: Logger;
}

/** Which intent actions become buttons on this OS (only macOS shows `actions`). */
export function supportsActionButtons(platform: NodeJS.Platform | string): boolean {
  return platform === 'darwin';
}

/** The intent action a button stands for; 'fixAccount' is the same as a click (opens the popup). */
export function activationFor(action: IntentAction): NotificationActivation {
  return action.kind === 'fixAccount' ? 'default' : action.kind;
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
  if (supportsActionButtons(platform) && intent.actions.length > 0) {
    options.actions = intent.actions.map((action) => ({ type: 'button' as const, text: action.label }));
    options.closeButtonText = 'Close';
  }
  return options;
}

export class ElectronNotificationSink implements NotificationSink {
  /** Live notifications by intent id; the reference keeps them (and their handlers) alive. */
  private readonly live = new Map<string, NotificationLike>();

  constructor(private readonly o: ElectronNotificationSinkOptions) {}

  get liveCount(): number {
    return this.live.size;
  }

  /** The shown notification for an intent, while it is live (the `_electron` tests click it). */
  liveNotification(intentId: string): NotificationLike | undefined {
    return this.live.get(intentId);
  }

  show(intent: NotificationIntent): void {
    if (!this.o.isSupported()) {
      this.o.logger.warn({ intentId: intent.id }, 'notifications: not supported on this desktop');
      return;
    }
    this.closeQuietly(intent.id); // the same id again replaces, never duplicates
    const notification = this.o.createNotification(notificationOptions(intent, this.o.platform));
    const isCurrent = () => this.live.get(intent.id) === notification;
    const report = (promise: Promise<void>) =>
      promise.catch((err: unknown) => this.o.logger.error({ err: String(err), intentId: intent.id }, 'notifications: activation failed'));

    notification.on('click', () => {
      if (!isCurrent()) return;
      this.live.delete(intent.id);
      report(this.o.app.activateNotification(intent.id, 'default'));
    });
    notification.on('action', (_event, index) => {
      if (!isCurrent()) return;
      const action = intent.actions[index];
      this.live.delete(intent.id);
      report(this.o.app.activateNotification(intent.id, action ? activationFor(action) : 'default'));
    });
    notification.on('close', () => {
      // Closed by the user or the OS (not by us: closeQuietly forgets the entry first).
      if (!isCurrent()) return;
      this.live.delete(intent.id);
      report(this.o.app.notificationClosed(intent.id));
    });
    notification.on('failed', (_event, error) => {
      if (!isCurrent()) return;
      this.live.delete(intent.id);
      this.o.logger.warn({ intentId: intent.id, error }, 'notifications: the OS refused the notification');
    });
    this.live.set(intent.id, notification);
    notification.show();
  }

  retract(retraction: IntentRetraction): void {
    this.closeQuietly(retraction.intentId);
  }

  /** Closes every live notification (quitting). */
  closeAll(): void {
    for (const id of [...this.live.keys()]) this.closeQuietly(id);
  }

  private closeQuietly(intentId: string): void {
    const existing = this.live.get(intentId);
    if (!existing) return;
    this.live.delete(intentId);
    existing.close();
  }
}
