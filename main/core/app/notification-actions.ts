// What a click or a button on a native notification does. The host hands back only the intent
// id and the action; the router remembers the intent, so the target and the ids are ours, not
// something a notification server (or a page) could forge.
import { BridgeFailure } from '../bridge/bridge-failure.ts';
import type { IntentRetraction, NotificationIntent } from '../notify/notification-intent.ts';
import type { AppContext, NotificationAction } from './app-context.ts';
import { navigateTarget } from './app-views.ts';
import { isSafeExternalUrl } from './host-ports.ts';

export interface NotificationActionsHost extends AppContext {
  liveIntent(intentId: string): NotificationIntent | undefined;
  forgetIntent(intentId: string, accountId: string): Promise<void>;
}

const NO_SUCH_ACTION = 'This notification does not offer that action.';

export class NotificationActions {
  constructor(private readonly app: NotificationActionsHost) {}

  async activate(intentId: string, action: NotificationAction): Promise<void> {
    const intent = this.app.liveIntent(intentId);
    if (!intent) throw BridgeFailure.notFound('That notification');
    let retract: IntentRetraction['reason'] | null = null;
    switch (action) {
      case 'default': {
        const target = navigateTarget(intent.target);
        this.app.ports.emit('navigate', target);
        this.app.ports.showPopup(target);
        break;
      }
      case 'markRead':
      case 'archive': {
        const ids = intent.type === 'mail' ? [intent.messageId] : intent.type === 'mailSummary' ? intent.messageIds : null;
        if (!ids) throw new BridgeFailure('invalidInput', NO_SUCH_ACTION);
        for (const messageId of ids) {
          await this.app.mail.act(intent.accountId, messageId, action === 'markRead' ? { kind: 'markRead', isRead: true } : { kind: 'archive' });
        }
        this.app.inboxChanged(intent.accountId);
        retract = action === 'markRead' ? 'readElsewhere' : 'removed';
        break;
      }
      case 'join': {
        const join = intent.actions.find((a) => a.kind === 'join');
        if (!join || join.kind !== 'join' || !isSafeExternalUrl(join.url) || new URL(join.url).protocol !== 'https:') {
          throw new BridgeFailure('invalidInput', NO_SUCH_ACTION);
        }
        await this.app.ports.openInBrowser(join.url);
        break;
      }
      case 'snooze': {
        if (intent.type !== 'reminder') throw new BridgeFailure('invalidInput', NO_SUCH_ACTION);
        const offered = intent.actions.find((a) => a.kind === 'snooze');
        const minutes = offered?.kind === 'snooze' ? offered.minutes : this.app.settings().notifications.snoozeMinutes;
        await this.app.account(intent.accountId).snoozeReminder(intent.eventId, minutes);
        this.app.eventsChanged(intent.accountId);
        retract = 'superseded';
        break;
      }
      case 'dismiss':
        if (intent.type !== 'reminder') throw new BridgeFailure('invalidInput', NO_SUCH_ACTION);
        // The scheduler retracts the shown reminder itself (reason 'dismissed').
        await this.app.account(intent.accountId).dismissReminder(intent.eventId);
        this.app.eventsChanged(intent.accountId);
        break;
    }
    // Acted on: the notification is no longer live (the ledger forgets it, the host removes it).
    if (retract) await this.app.ports.notifications.retract({ intentId, reason: retract });
    await this.app.forgetIntent(intentId, intent.accountId);
  }
}
