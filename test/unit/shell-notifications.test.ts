import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { NotificationConstructorOptions } from 'electron';
import { silentLogger } from '../../main/core/log.ts';
import type { MailIntent, ReminderIntent } from '../../main/core/notify/notification-intent.ts';
import {
  ACTIVATION_REPEAT_WINDOW_MS,
  ElectronNotificationSink,
  notificationOptions,
  type NotificationActivation,
  type NotificationLike,
} from '../../main/shell/notifications.ts';
import { parseHeraldUrl } from '../../main/shell/protocol-links.ts';
import { toastXmlFor } from '../../main/shell/toast-xml.ts';

class FakeNotification extends EventEmitter {
  shown = 0;
  closed = 0;
  constructor(readonly options: NotificationConstructorOptions) {
    super();
  }
  show() {
    this.shown += 1;
  }
  close() {
    this.closed += 1;
    this.emit('close', {});
  }
}

const mail: MailIntent = {
  type: 'mail',
  id: 'mail:acc:m1',
  accountId: 'acc',
  messageId: 'm1',
  sender: 'Alex',
  vip: false,
  title: 'Alex Wilber',
  body: 'Quarterly numbers\nHere they are',
  actions: [
    { kind: 'markRead', label: 'Mark as read' },
    { kind: 'archive', label: 'Archive' },
  ],
  target: { kind: 'message', accountId: 'acc', messageId: 'm1' },
  createdAt: 1,
  silent: false,
};

const reminder: ReminderIntent = {
  type: 'reminder',
  id: 'reminder:acc:e1:100',
  accountId: 'acc',
  eventId: 'e1',
  fireAt: 100,
  startsAt: '2026-11-28T10:00:00Z',
  title: 'Standup',
  body: 'In 10 minutes',
  actions: [
    { kind: 'join', label: 'Join', url: 'https://teams.example/join' },
    { kind: 'snooze', label: 'Snooze', minutes: 5 },
    { kind: 'dismiss', label: 'Dismiss' },
  ],
  target: { kind: 'event', accountId: 'acc', eventId: 'e1' },
  createdAt: 1,
  silent: true,
};

function setup(platform = 'darwin', supported = true, refuse: (id: string) => boolean = () => false) {
  const created: FakeNotification[] = [];
  const activations: [string, NotificationActivation][] = [];
  const closed: string[] = [];
  const clock = { now: 1_000_000 };
  const sink = new ElectronNotificationSink({
    now: () => clock.now,
    createNotification: (options) => {
      const notification = new FakeNotification(options);
      created.push(notification);
      return notification as unknown as NotificationLike;
    },
    isSupported: () => supported,
    platform,
    app: {
      activateNotification: async (id, action) => {
        if (refuse(id)) throw new Error('That notification was not found.');
        activations.push([id, action]);
      },
      notificationClosed: async (id) => void closed.push(id),
    },
    logger: silentLogger,
  });
  return { sink, created, activations, closed, clock };
}

describe('notificationOptions', () => {
  it('macOS: title, body, silent and the intent actions as buttons', () => {
    expect(notificationOptions(mail, 'darwin')).toMatchObject({
      title: 'Alex Wilber',
      body: 'Quarterly numbers\nHere they are',
      silent: false,
      actions: [
        { type: 'button', text: 'Mark as read' },
        { type: 'button', text: 'Archive' },
      ],
    });
    expect(notificationOptions(reminder, 'darwin').actions?.map((a) => a.text)).toEqual(['Join', 'Snooze', 'Dismiss']);
    expect(notificationOptions(reminder, 'darwin')).toMatchObject({ silent: true, timeoutType: 'never' });
  });

  it('macOS: no toast XML', () => {
    expect(notificationOptions(mail, 'darwin').toastXml).toBeUndefined();
  });

  it('Windows: toast XML (buttons as herald:// protocol activations), no `actions`', () => {
    const options = notificationOptions(mail, 'win32');
    expect(options.actions).toBeUndefined();
    expect(options.toastXml).toBe(toastXmlFor(mail));
    const args = [...(options.toastXml ?? '').matchAll(/arguments="([^"]*)"/g)].map((m) => parseHeraldUrl(m[1]));
    expect(args).toEqual([
      { kind: 'notification', intentId: 'mail:acc:m1', action: 'markRead' },
      { kind: 'notification', intentId: 'mail:acc:m1', action: 'archive' },
    ]);
    expect(notificationOptions(reminder, 'win32').toastXml).toContain('scenario="reminder"');
  });

  it('Linux: click only — neither buttons nor toast XML', () => {
    for (const intent of [mail, reminder]) {
      const options = notificationOptions(intent, 'linux');
      expect(options.actions).toBeUndefined();
      expect(options.toastXml).toBeUndefined();
      expect(options.title).toBe(intent.title);
    }
  });
});

describe('ElectronNotificationSink', () => {
  it('click → activateNotification(id, default)', async () => {
    const { sink, created, activations } = setup();
    sink.show(mail);
    expect(created[0]!.shown).toBe(1);
    created[0]!.emit('click', {});
    await Promise.resolve();
    expect(activations).toEqual([['mail:acc:m1', 'default']]);
    expect(sink.liveCount).toBe(0);
  });

  it('action buttons map to the intent action by index', async () => {
    const { sink, created, activations } = setup();
    sink.show(mail);
    created[0]!.emit('action', {}, 1);
    sink.show(reminder);
    created[1]!.emit('action', {}, 0);
    sink.show({ ...reminder, id: 'reminder:acc:e1:200' });
    created[2]!.emit('action', {}, 1);
    sink.show({ ...reminder, id: 'reminder:acc:e1:300' });
    created[3]!.emit('action', {}, 2);
    sink.show({ ...mail, id: 'mail:acc:m9' });
    created[4]!.emit('action', {}, 7); // out of range: same as a click
    await Promise.resolve();
    expect(activations).toEqual([
      ['mail:acc:m1', 'archive'],
      ['reminder:acc:e1:100', 'join'],
      ['reminder:acc:e1:200', 'snooze'],
      ['reminder:acc:e1:300', 'dismiss'],
      ['mail:acc:m9', 'default'],
    ]);
  });

  it('closed by the user → notificationClosed; closed by a retraction → not reported', async () => {
    const { sink, created, closed } = setup();
    sink.show(mail);
    created[0]!.emit('close', {});
    sink.show(reminder);
    sink.retract({ intentId: reminder.id, reason: 'dismissed' });
    await Promise.resolve();
    expect(created[1]!.closed).toBe(1);
    expect(closed).toEqual(['mail:acc:m1']);
    expect(sink.liveCount).toBe(0);
  });

  it('Windows: a close (also sent when a toast moves to the Action Center) is not reported as a dismissal', async () => {
    const { sink, created, closed, activations } = setup('win32');
    sink.show(mail);
    created[0]!.emit('close', {});
    await Promise.resolve();
    expect(closed).toEqual([]);
    // Its button in the Action Center still reaches the core through the herald:// link.
    expect(await sink.activate(mail.id, 'markRead')).toBe('activated');
    expect(activations).toEqual([[mail.id, 'markRead']]);
  });

  it('Windows: a toast in the Action Center is still taken out by a retraction (read elsewhere)', async () => {
    const { sink, created, closed } = setup('win32');
    sink.show(mail);
    created[0]!.emit('close', {}); // moved to the Action Center
    await sink.retract({ intentId: mail.id, reason: 'readElsewhere' });
    expect(created[0]!.closed).toBe(1);
    expect(closed).toEqual([]);
  });

  it('the same intent id again replaces the old notification', async () => {
    const { sink, created, activations, closed } = setup();
    sink.show(mail);
    sink.show({ ...mail, body: 'updated' });
    expect(created).toHaveLength(2);
    expect(created[0]!.closed).toBe(1);
    expect(sink.liveCount).toBe(1);
    created[0]!.emit('click', {}); // a stale click on the replaced one does nothing
    created[1]!.emit('click', {});
    await Promise.resolve();
    expect(activations).toEqual([['mail:acc:m1', 'default']]);
    expect(closed).toEqual([]);
  });

  it('retracting an unknown id is harmless; closeAll closes every live one', () => {
    const { sink, created } = setup();
    sink.retract({ intentId: 'nope', reason: 'removed' });
    sink.show(mail);
    sink.show(reminder);
    sink.closeAll();
    expect(created.map((n) => n.closed)).toEqual([1, 1]);
    expect(sink.liveCount).toBe(0);
  });

  it('keeps a reference to every live notification (not garbage-collected before a click)', () => {
    const { sink, created } = setup();
    sink.show(mail);
    expect(sink.liveNotification(mail.id)).toBe(created[0]);
  });

  it('does nothing where notifications are not supported', () => {
    const { sink, created } = setup('linux', false);
    sink.show(mail);
    expect(created).toHaveLength(0);
  });

  it('Windows: the sink passes toastXml to the constructor; macOS passes actions; Linux neither', () => {
    for (const [platform, toastXml, actions] of [
      ['win32', true, false],
      ['darwin', false, true],
      ['linux', false, false],
    ] as const) {
      const { sink, created } = setup(platform);
      sink.show(mail);
      expect(created[0]!.options.toastXml !== undefined, platform).toBe(toastXml);
      expect(created[0]!.options.actions !== undefined, platform).toBe(actions);
    }
  });

  it('a toast button (herald:// URL) activates through the sink; the close Windows sends next is not a dismissal', async () => {
    const { sink, created, activations, closed } = setup('win32');
    sink.show(mail);
    expect(await sink.activate(mail.id, 'archive')).toBe('activated');
    created[0]!.emit('close', {});
    await Promise.resolve();
    expect(activations).toEqual([['mail:acc:m1', 'archive']]);
    expect(closed).toEqual([]);
    expect(sink.liveCount).toBe(0);
  });

  it('the same (intent, action) twice within the window is one activation: click + launch URL', async () => {
    const { sink, created, activations, clock } = setup('win32');
    sink.show(mail);
    created[0]!.emit('click', {}); // Electron's click …
    clock.now += ACTIVATION_REPEAT_WINDOW_MS - 1;
    expect(await sink.activate(mail.id, 'default')).toBe('repeat'); // … and the toast's launch URL
    expect(await sink.activate(mail.id, 'markRead')).toBe('activated'); // another action is not a repeat
    expect(await sink.activate('mail:acc:other', 'default')).toBe('activated'); // nor another intent
    clock.now += ACTIVATION_REPEAT_WINDOW_MS;
    expect(await sink.activate(mail.id, 'default')).toBe('activated'); // later: a real second activation
    expect(activations).toEqual([
      ['mail:acc:m1', 'default'],
      ['mail:acc:m1', 'markRead'],
      ['mail:acc:other', 'default'],
      ['mail:acc:m1', 'default'],
    ]);
  });

  it('a URL for an intent the core does not hold is reported as failed, never thrown', async () => {
    const { sink, activations } = setup('win32', true, (id) => id === 'mail:acc:gone');
    expect(await sink.activate('mail:acc:gone', 'markRead')).toBe('failed');
    expect(activations).toEqual([]);
  });

  it('an OS failure forgets the notification', () => {
    const { sink, created } = setup();
    sink.show(mail);
    created[0]!.emit('failed', {}, 'toast rejected');
    expect(sink.liveCount).toBe(0);
  });
});
