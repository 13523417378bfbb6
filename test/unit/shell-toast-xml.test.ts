// Windows toast XML for each intent type, parsed back with a real, strict XML parser (jsdom's
// DOMParser, saxes underneath) so escaping is proven by the document, not by string matching.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountProblemIntent, MailIntent, MailSummaryIntent, NotificationIntent, ReminderIntent } from '../../main/core/notify/notification-intent.ts';
import { parseHeraldUrl } from '../../main/shell/protocol-links.ts';
import { MAX_TOAST_BUTTONS, escapeXml, toastXmlFor } from '../../main/shell/toast-xml.ts';

interface XmlElement {
  nodeName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  children: ArrayLike<XmlElement>;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
}
interface XmlDocument {
  documentElement: XmlElement;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
}
interface JsdomModule {
  JSDOM: new (html: string) => { window: { DOMParser: new () => { parseFromString(text: string, type: string): XmlDocument } } };
}

let parseXml: (xml: string) => XmlDocument;

beforeAll(async () => {
  // jsdom ships no typings here; the slice used is declared above.
  const jsdomModule: string = 'jsdom';
  const { JSDOM } = (await import(/* @vite-ignore */ jsdomModule)) as JsdomModule;
  const parser = new new JSDOM('').window.DOMParser();
  parseXml = (xml) => parser.parseFromString(xml, 'application/xml');
});

function toast(intent: NotificationIntent) {
  const doc = parseXml(toastXmlFor(intent));
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  const root = doc.documentElement;
  const all = (name: string) => Array.from(doc.getElementsByTagName(name));
  return {
    root,
    texts: all('text').map((t) => t.textContent),
    buttons: all('action').map((a) => ({ content: a.getAttribute('content'), activationType: a.getAttribute('activationType'), arguments: a.getAttribute('arguments') })),
    audio: all('audio').map((a) => a.getAttribute('silent')),
    binding: all('binding').map((b) => b.getAttribute('template')),
  };
}

const base = { accountId: 'acc', createdAt: 1, silent: false };

const mail: MailIntent = {
  ...base,
  type: 'mail',
  id: 'mail:acc:AAMkAD/x+y==',
  messageId: 'AAMkAD/x+y==',
  sender: 'Alex',
  vip: false,
  title: 'Alex Wilber',
  body: 'Quarterly numbers\nHere they are',
  actions: [
    { kind: 'markRead', label: 'Mark as read' },
    { kind: 'archive', label: 'Archive' },
  ],
  target: { kind: 'message', accountId: 'acc', messageId: 'AAMkAD/x+y==' },
};

const summary: MailSummaryIntent = {
  ...base,
  type: 'mailSummary',
  id: 'summary:acc:7',
  messageIds: ['m1', 'm2'],
  count: 2,
  title: '2 new messages',
  body: 'Alex, Megan',
  actions: [
    { kind: 'markRead', label: 'Mark all as read' },
    { kind: 'archive', label: 'Archive all' },
  ],
  target: { kind: 'inbox', accountId: 'acc' },
  silent: true,
};

const reminder: ReminderIntent = {
  ...base,
  type: 'reminder',
  id: 'reminder:acc:e1:100',
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
};

const problem: AccountProblemIntent = {
  ...base,
  type: 'accountProblem',
  id: 'account:acc:needsSignIn',
  stateKind: 'needsSignIn',
  title: 'Sign in again',
  body: 'megan@contoso.example',
  actions: [],
  target: { kind: 'account', accountId: 'acc' },
};

describe('toastXmlFor', () => {
  it('mail: ToastGeneric with title and body lines, protocol launch, Mark as read / Archive buttons', () => {
    const t = toast(mail);
    expect(t.root.nodeName).toBe('toast');
    expect(t.root.getAttribute('activationType')).toBe('protocol');
    expect(t.root.getAttribute('launch')).toBe('herald://notification/mail%3Aacc%3AAAMkAD%2Fx%2By%3D%3D/default');
    expect(t.root.getAttribute('scenario')).toBeNull();
    expect(t.binding).toEqual(['ToastGeneric']);
    expect(t.texts).toEqual(['Alex Wilber', 'Quarterly numbers', 'Here they are']);
    expect(t.buttons).toEqual([
      { content: 'Mark as read', activationType: 'protocol', arguments: 'herald://notification/mail%3Aacc%3AAAMkAD%2Fx%2By%3D%3D/markRead' },
      { content: 'Archive', activationType: 'protocol', arguments: 'herald://notification/mail%3Aacc%3AAAMkAD%2Fx%2By%3D%3D/archive' },
    ]);
    expect(t.audio).toEqual([]);
  });

  it('every URL in the toast parses back to the intent id and its action', () => {
    for (const intent of [mail, summary, reminder]) {
      const t = toast(intent);
      expect(parseHeraldUrl(t.root.getAttribute('launch'))).toEqual({ kind: 'notification', intentId: intent.id, action: 'default' });
      expect(t.buttons.map((b) => parseHeraldUrl(b.arguments))).toEqual(
        intent.actions.map((a) => ({ kind: 'notification', intentId: intent.id, action: a.kind })),
      );
    }
  });

  it('mail summary: the summary buttons; silent → <audio silent="true"/>', () => {
    const t = toast(summary);
    expect(t.buttons.map((b) => b.content)).toEqual(['Mark all as read', 'Archive all']);
    expect(t.audio).toEqual(['true']);
  });

  it('reminder: scenario="reminder" and Join / Snooze / Dismiss', () => {
    const t = toast(reminder);
    expect(t.root.getAttribute('scenario')).toBe('reminder');
    expect(t.buttons.map((b) => [b.content, parseHeraldUrl(b.arguments)?.action])).toEqual([
      ['Join', 'join'],
      ['Snooze', 'snooze'],
      ['Dismiss', 'dismiss'],
    ]);
  });

  it('account problem: no buttons (no <actions> at all); fixAccount is a click', () => {
    const t = toast(problem);
    expect(t.buttons).toEqual([]);
    expect(toastXmlFor(problem)).not.toContain('<actions');
    const fix = toast({ ...problem, actions: [{ kind: 'fixAccount', label: 'Sign in' }] });
    expect(fix.buttons.map((b) => [b.content, parseHeraldUrl(b.arguments)?.action])).toEqual([['Sign in', 'default']]);
  });

  it('hostile titles, bodies and labels stay text: no element or attribute injected', () => {
    const hostile: MailIntent = {
      ...mail,
      id: `mail:acc:"'><x`,
      title: '</text><script>alert(1)</script> & Co "quoted" \'single\'',
      body: 'a < b > c & d\n</binding></visual><actions><action content="pwn" arguments="https://evil"/></actions>',
      actions: [{ kind: 'markRead', label: 'Read" activationType="foreground' }],
    };
    const t = toast(hostile);
    expect(t.texts).toEqual([hostile.title, 'a < b > c & d', '</binding></visual><actions><action content="pwn" arguments="https://evil"/></actions>']);
    expect(t.buttons).toEqual([{ content: 'Read" activationType="foreground', activationType: 'protocol', arguments: expect.stringMatching(/^herald:\/\/notification\//) }]);
    expect(parseXml(toastXmlFor(hostile)).getElementsByTagName('script')).toHaveLength(0);
    expect(parseHeraldUrl(t.root.getAttribute('launch'))?.intentId).toBe(hostile.id);
  });

  it('characters XML cannot carry are dropped, so the toast stays well-formed', () => {
    const t = toast({ ...mail, title: 'bell\u0007 nul\u0000 lone\ud800 ok 😀', body: 'tab\there' });
    expect(t.texts).toEqual(['bell nul lone ok 😀', 'tab\there']);
  });

  it('at most five buttons; a long body folds into the third line', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ kind: 'dismiss' as const, label: `B${i}` }));
    const t = toast({ ...reminder, actions: many, body: 'one\ntwo\nthree\n\nfour' });
    expect(t.buttons).toHaveLength(MAX_TOAST_BUTTONS);
    expect(t.texts).toEqual(['Standup', 'one', 'two three four']);
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`& < > " '`)).toBe('&amp; &lt; &gt; &quot; &apos;');
  });
});
