// ElectronNotificationSink with a freedesktop notifier (Linux with a notification server on the
// session bus): every intent goes over D-Bus, none through Electron; the server's clicks and
// buttons come back through activate() (the repeat window included), its closes reach the core.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/log.ts';
import type { IntentRetraction, MailIntent, NotificationIntent } from '../../main/core/notify/notification-intent.ts';
import { ElectronNotificationSink, type FreedesktopNotifications, type NotificationActivation } from '../../main/shell/notifications.ts';

const mail: MailIntent = {
  type: 'mail',
  id: 'mail:acc:m1',
  accountId: 'acc',
  messageId: 'm1',
  sender: 'Alex',
  vip: false,
  title: 'Alex Wilber',
  body: 'Quarterly numbers',
  actions: [
    { kind: 'markRead', label: 'Mark as read' },
    { kind: 'archive', label: 'Archive' },
  ],
  target: { kind: 'message', accountId: 'acc', messageId: 'm1' },
  createdAt: 1,
  silent: false,
};

class FakeFreedesktop implements FreedesktopNotifications {
  /** The notification server went away: Notify fails. */
  failing = false;
  shown: NotificationIntent[] = [];
  retracted: IntentRetraction[] = [];
  closedAll = 0;
  handlers: Parameters<FreedesktopNotifications['setHandlers']>[0] | null = null;
  async show(intent: NotificationIntent) {
    if (this.failing) throw new Error('org.freedesktop.DBus.Error.ServiceUnknown');
    this.shown.push(intent);
  }
  async retract(retraction: IntentRetraction) {
    this.retracted.push(retraction);
  }
  async closeAll() {
    this.closedAll += 1;
  }
  isShown(intentId: string) {
    return this.shown.some((i) => i.id === intentId) && !this.retracted.some((r) => r.intentId === intentId);
  }
  setHandlers(handlers: Parameters<FreedesktopNotifications['setHandlers']>[0]) {
    this.handlers = handlers;
  }
}

function setup(options: { electronWorks?: boolean } = {}) {
  const freedesktop = new FakeFreedesktop();
  const electronShown: string[] = [];
  const activations: [string, NotificationActivation][] = [];
  const closed: string[] = [];
  let electronNotifications = 0;
  const clock = { now: 1_000_000 };
  const sink = new ElectronNotificationSink({
    freedesktop,
    now: () => clock.now,
    createNotification: (opts) => {
      electronNotifications += 1;
      if (!options.electronWorks) throw new Error('Electron notifications must not be used when D-Bus is there');
      electronShown.push(String(opts.title));
      return Object.assign(new EventEmitter(), { show() {}, close() {} }) as unknown as ReturnType<ConstructorParameters<typeof ElectronNotificationSink>[0]['createNotification']>;
    },
    isSupported: () => true,
    platform: 'linux',
    app: {
      activateNotification: async (id, action) => void activations.push([id, action]),
      notificationClosed: async (id) => void closed.push(id),
    },
    logger: silentLogger,
  });
  return { sink, freedesktop, activations, closed, clock, electron: () => electronNotifications, electronShown };
}

describe('ElectronNotificationSink over freedesktop D-Bus', () => {
  it('shows and retracts through D-Bus, never through Electron', async () => {
    const { sink, freedesktop, electron } = setup();
    await sink.show(mail);
    expect(freedesktop.shown).toEqual([mail]);
    expect(sink.shownViaFreedesktop(mail.id)).toBe(true);
    expect(sink.liveNotification(mail.id)).toBeUndefined();
    await sink.retract({ intentId: mail.id, reason: 'readElsewhere' });
    expect(freedesktop.retracted).toEqual([{ intentId: mail.id, reason: 'readElsewhere' }]);
    expect(sink.shownViaFreedesktop(mail.id)).toBe(false);
    expect(electron()).toBe(0);
  });

  it('when the notification server has gone away, the notification is shown by Electron instead of being lost', async () => {
    const { sink, freedesktop, electronShown } = setup({ electronWorks: true });
    freedesktop.failing = true;
    await sink.show(mail);
    expect(freedesktop.shown).toEqual([]);
    expect(electronShown).toEqual(['Alex Wilber']);
    expect(sink.liveNotification(mail.id)).toBeDefined();
  });

  it('a button or a click from the server activates once (repeat window); a close reaches the core', async () => {
    const { sink, freedesktop, activations, closed, clock } = setup();
    await sink.show(mail);
    freedesktop.handlers!.activated(mail.id, 'markRead');
    freedesktop.handlers!.activated(mail.id, 'markRead'); // a repeat within 2 s
    freedesktop.handlers!.activated(mail.id, 'default');
    await Promise.resolve();
    expect(activations).toEqual([
      [mail.id, 'markRead'],
      [mail.id, 'default'],
    ]);
    clock.now += 5_000;
    freedesktop.handlers!.activated(mail.id, 'markRead');
    await Promise.resolve();
    expect(activations).toHaveLength(3);
    freedesktop.handlers!.closed(mail.id);
    await Promise.resolve();
    expect(closed).toEqual([mail.id]);
  });

  it('closeAll (quitting) closes the D-Bus ones too', async () => {
    const { sink, freedesktop } = setup();
    await sink.show(mail);
    await sink.closeAll();
    expect(freedesktop.closedAll).toBe(1);
  });
});
