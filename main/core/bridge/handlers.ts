// Every call of the bridge contract, implemented against the app core. Inputs arrive already
// validated (and defaulted) by the dispatcher; a handler throws BridgeFailure (or a core error
// the dispatcher maps) when it cannot do what was asked.
import type { EventView } from '../../../preload/contract.ts';
import type { AppContext } from '../app/app-context.ts';
import { eventView, safeJoinUrl } from '../app/app-views.ts';
import { isSafeExternalUrl } from '../app/host-ports.ts';
import type { MailActionRequest } from '../app/app-mail.ts';
import { upcoming } from '../calendar/agenda.ts';
import { BridgeFailure } from './bridge-failure.ts';
import type { Handlers } from './dispatcher.ts';
import { pauseForOneHour, pauseUntilTomorrow } from '../notify/pause-until.ts';

export function createHandlers(app: AppContext): Handlers {
  const mailAction = async (accountId: string, messageId: string, action: MailActionRequest): Promise<null> => {
    await app.mail.act(accountId, messageId, action);
    app.inboxChanged(accountId);
    return null;
  };

  const findEvent = (accountId: string, eventId: string) => {
    const event = app.account(accountId).events.find((e) => e.id === eventId);
    if (!event) throw BridgeFailure.notFound('That event');
    return event;
  };

  return {
    'app.info': async () => app.appInfo(),

    'accounts.list': async () => app.accountViews(),
    'accounts.add': async ({ method, mode }) => app.addAccount(method, mode),
    'accounts.cancelSignIn': async () => {
      app.cancelSignIn();
      return null;
    },
    'accounts.remove': async ({ accountId }) => {
      await app.removeAccount(accountId);
      return null;
    },
    'accounts.fix': async ({ accountId }) => app.fixAccount(accountId),

    'messages.list': async (query) => app.mail.list(query),
    'messages.get': async ({ accountId, messageId }) => app.mail.get(accountId, messageId),
    'messages.markRead': async ({ accountId, messageId, isRead }) => mailAction(accountId, messageId, { kind: 'markRead', isRead }),
    'messages.flag': async ({ accountId, messageId, flagged }) => mailAction(accountId, messageId, { kind: 'flag', flagged }),
    'messages.archive': async ({ accountId, messageId }) => mailAction(accountId, messageId, { kind: 'archive' }),
    'messages.delete': async ({ accountId, messageId }) => mailAction(accountId, messageId, { kind: 'delete' }),
    'messages.reply': async ({ accountId, messageId, comment }) => mailAction(accountId, messageId, { kind: 'reply', comment }),
    'messages.openInOutlook': async ({ accountId, messageId }) => {
      await app.mail.openInOutlook(accountId, messageId);
      return null;
    },

    'links.open': async ({ url }) => {
      if (!isSafeExternalUrl(url)) {
        throw new BridgeFailure('invalidInput', 'Only web (http, https) and mail (mailto) links can be opened.', [{ path: 'url', message: 'not an http, https or mailto URL' }]);
      }
      await app.ports.openInBrowser(url);
      return null;
    },

    'events.list': async ({ hours }) => {
      const now = app.clock.now();
      const views: EventView[] = [];
      for (const accountId of app.accountIds()) {
        const sync = app.account(accountId);
        for (const event of upcoming(sync.events, now, hours)) views.push(eventView(accountId, event, now, { nextAt: sync.nextReminderAt(event.id), active: sync.reminderActive(event.id) }));
      }
      return views.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || Number(b.isAllDay) - Number(a.isAllDay) || a.subject.localeCompare(b.subject));
    },
    'events.join': async ({ accountId, eventId }) => {
      const url = safeJoinUrl(findEvent(accountId, eventId));
      if (!url) throw new BridgeFailure('invalidInput', 'This meeting has no secure (https) link to join.');
      await app.ports.openInBrowser(url);
      return null;
    },
    'events.snooze': async ({ accountId, eventId, minutes }) => {
      await app.account(accountId).snoozeReminder(eventId, minutes);
      app.eventsChanged(accountId);
      return null;
    },
    'events.dismiss': async ({ accountId, eventId }) => {
      await app.account(accountId).dismissReminder(eventId);
      app.eventsChanged(accountId);
      return null;
    },

    'settings.get': async () => app.settings(),
    'settings.update': async ({ patch }) => app.updateSettings(patch),

    'sync.checkNow': async ({ accountId }) => {
      await app.checkNow(accountId);
      return null;
    },
    'sync.networkOnline': async () => {
      app.systemResumed('networkOnline');
      return null;
    },
    'sync.status': async () => app.syncStatus(),
    'push.status': async () => app.pushStatus(),
    'notifications.pause': async ({ until }) => {
      const now = app.clock.now();
      await app.pause(until === 'oneHour' ? pauseForOneHour(now) : until === 'tomorrow' ? pauseUntilTomorrow(now) : until);
      return app.syncStatus();
    },
    'notifications.activate': async ({ intentId, action }) => {
      await app.activateNotification(intentId, action);
      return null;
    },
  };
}
