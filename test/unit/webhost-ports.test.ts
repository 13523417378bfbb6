// The web host's HostPorts: links open with the platform's opener (http, https, mailto only), a
// notification click with no page open opens the popup in the browser, and notifications go to
// the page only while one is connected (otherwise show throws: the engine keeps the intent).
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/log.ts';
import type { MailIntent } from '../../main/core/notify/notification-intent.ts';
import { createWebHostPorts } from '../../main/webhost/web-host-ports.ts';

const intent: MailIntent = {
  type: 'mail',
  id: 'mail:acc:m1',
  accountId: 'acc',
  messageId: 'm1',
  sender: 'Alex',
  vip: false,
  title: 'Alex Wilber',
  body: 'Quarterly numbers',
  actions: [],
  target: { kind: 'message', accountId: 'acc', messageId: 'm1' },
  createdAt: 1,
  silent: false,
};

function setup(options: { connected: boolean; popupUrl: string | null }) {
  const commands: string[][] = [];
  const events: string[] = [];
  let connected = options.connected;
  const ports = createWebHostPorts({
    version: '0.0.0',
    platform: 'linux',
    logger: silentLogger,
    emit: (event) => void events.push(event),
    nativeNotifications: null,
    pageConnected: () => connected,
    popupUrl: () => options.popupUrl,
    runCommand: async (command, args) => void commands.push([command, ...args]),
  });
  return { ports, commands, events, connect: (value: boolean) => (connected = value) };
}

describe('web host ports', () => {
  it('a notification click with no page open opens the popup in the browser; with a page open it does not', async () => {
    const closed = setup({ connected: false, popupUrl: 'http://127.0.0.1:4000/?secret=s3' });
    closed.ports.showPopup();
    await Promise.resolve();
    expect(closed.commands).toEqual([['xdg-open', 'http://127.0.0.1:4000/?secret=s3']]);
    const withTarget = setup({ connected: false, popupUrl: 'http://127.0.0.1:4000/?secret=s3' });
    withTarget.ports.showPopup({ kind: 'message', accountId: 'acc', messageId: 'm/1' });
    await Promise.resolve();
    expect(withTarget.commands).toEqual([['xdg-open', `http://127.0.0.1:4000/?secret=s3#open=${encodeURIComponent('{"kind":"message","accountId":"acc","messageId":"m/1"}')}`]]);
    const open = setup({ connected: true, popupUrl: 'http://127.0.0.1:4000/?secret=s3' });
    open.ports.showPopup();
    expect(open.commands).toEqual([]);
    const starting = setup({ connected: false, popupUrl: null });
    starting.ports.showPopup();
    expect(starting.commands).toEqual([]);
  });

  it('page notifications: shown while a page is connected, refused (thrown) while none is', async () => {
    const h = setup({ connected: false, popupUrl: null });
    await expect(async () => h.ports.notifications.show(intent)).rejects.toThrow(/no Herald page is open/);
    expect(h.events).toEqual([]);
    h.connect(true);
    await h.ports.notifications.show(intent);
    expect(h.events).toEqual(['notification.show']);
  });

  it('opens only http, https and mailto links', async () => {
    const h = setup({ connected: true, popupUrl: null });
    await h.ports.openInBrowser('https://outlook.office.com/mail/');
    await expect(h.ports.openInBrowser('file:///etc/passwd')).rejects.toThrow(/Only http, https and mailto/);
    expect(h.commands).toEqual([['xdg-open', 'https://outlook.office.com/mail/']]);
  });
});
