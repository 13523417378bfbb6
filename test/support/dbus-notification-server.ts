// A freedesktop notification server for tests, written with dbus-next on a private bus: it owns
// org.freedesktop.Notifications, answers Notify / CloseNotification / GetCapabilities /
// GetServerInformation as the spec says, records every call, and can emit ActionInvoked and
// NotificationClosed as a desktop would when the user clicks.
// https://specifications.freedesktop.org/notification-spec/latest/protocol.html
import { Message, MessageType, NameFlag, RequestNameReply, sessionBus, type MessageBus, type Variant } from 'dbus-next';

const NAME = 'org.freedesktop.Notifications';
const PATH = '/org/freedesktop/Notifications';
const IFACE = 'org.freedesktop.Notifications';

export interface NotifyCall {
  id: number;
  appName: string;
  replacesId: number;
  summary: string;
  body: string;
  actions: string[];
  hints: Record<string, unknown>;
}

export interface TestNotificationServer {
  notifies: NotifyCall[];
  closes: number[];
  /** Resolves with the first Notify (from now or earlier) matching the predicate. */
  waitForNotify(predicate: (call: NotifyCall) => boolean, timeoutMs?: number): Promise<NotifyCall>;
  waitForClose(id: number, timeoutMs?: number): Promise<void>;
  /** The user clicked (action 'default') or chose a button. */
  invokeAction(id: number, actionKey: string): void;
  /** The user dismissed it (reason 2). */
  dismiss(id: number): void;
  stop(): Promise<void>;
}

function poll<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const found = check();
      if (found !== undefined) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}

export async function startTestNotificationServer(busAddress: string): Promise<TestNotificationServer> {
  const bus: MessageBus = sessionBus({ busAddress });
  bus.on('error', () => undefined);
  const reply = await bus.requestName(NAME, NameFlag.DO_NOT_QUEUE);
  if (reply !== RequestNameReply.PRIMARY_OWNER) throw new Error(`could not own ${NAME} (${reply})`);
  const notifies: NotifyCall[] = [];
  const closes: number[] = [];
  let nextId = 1;
  const signal = (member: string, signature: string, body: unknown[]) => bus.send(Message.newSignal(PATH, IFACE, member, signature, body));

  bus.addMethodHandler((msg: Message) => {
    if (msg.type !== MessageType.METHOD_CALL || msg.path !== PATH || msg.interface !== IFACE) return false;
    switch (msg.member) {
      case 'Notify': {
        const [appName, replacesId, , summary, body, actions, hints] = msg.body as [string, number, string, string, string, string[], Record<string, Variant>];
        const id = replacesId > 0 ? replacesId : nextId++;
        const plainHints = Object.fromEntries(Object.entries(hints).map(([k, v]) => [k, v.value as unknown]));
        notifies.push({ id, appName, replacesId, summary, body, actions, hints: plainHints });
        bus.send(Message.newMethodReturn(msg, 'u', [id]));
        return true;
      }
      case 'CloseNotification': {
        const id = Number(msg.body[0]);
        closes.push(id);
        bus.send(Message.newMethodReturn(msg, '', []));
        signal('NotificationClosed', 'uu', [id, 3]);
        return true;
      }
      case 'GetCapabilities':
        bus.send(Message.newMethodReturn(msg, 'as', [['actions', 'body']]));
        return true;
      case 'GetServerInformation':
        bus.send(Message.newMethodReturn(msg, 'ssss', ['herald-test-notifications', 'Herald tests', '1.0', '1.2']));
        return true;
      default:
        return false;
    }
  });

  return {
    notifies,
    closes,
    waitForNotify: (predicate, timeoutMs = 30_000) => poll(() => notifies.find(predicate), timeoutMs, 'a Notify call'),
    waitForClose: async (id, timeoutMs = 30_000) => {
      await poll(() => (closes.includes(id) ? true : undefined), timeoutMs, `CloseNotification(${id})`);
    },
    invokeAction: (id, actionKey) => {
      signal('ActionInvoked', 'us', [id, actionKey]);
      signal('NotificationClosed', 'uu', [id, 2]);
    },
    dismiss: (id) => signal('NotificationClosed', 'uu', [id, 2]),
    stop: async () => {
      await bus.releaseName(NAME).catch(() => undefined);
      bus.disconnect();
    },
  };
}

/** A new, unread, focused message from the same sender, as the D-Bus notification tests deliver it. */
export function notifiableMail(subject: string) {
  return {
    from: { name: 'Nestor Wilke', address: 'nestorw@contoso.example' },
    subject,
    bodyHtml: `<p>${subject}: details inside.</p>`,
    receivedDateTime: new Date().toISOString(),
    isRead: false,
    importance: 'normal' as const,
    inferenceClassification: 'focused' as const,
  };
}
