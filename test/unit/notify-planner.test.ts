// The planner across syncs: intents' shape, privacy, summaries (>3 at once), bursts
// coalesced across two syncs, retraction on read/removed elsewhere (summary count updated),
// account problems once per episode, transient states silent, reminders, baseline.
import { describe, expect, it } from 'vitest';
import type { CalendarItem } from '../../main/core/calendar/calendar-item.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import type { MailItem } from '../../main/core/mail/mail-item.ts';
import { reminderIntent } from '../../main/core/notify/intent-builders.ts';
import { freshLedgerState, ledgerStateSchema, type LedgerState } from '../../main/core/notify/ledger-state.ts';
import type { MailIntent, MailSummaryIntent, ReminderIntent } from '../../main/core/notify/notification-intent.ts';
import { NotificationPlanner, type PlanInput } from '../../main/core/notify/notification-planner.ts';
import { settingsSchema, type Settings } from '../../main/core/state/settings-schema.ts';

const ACCOUNT = { accountId: 'acc', address: 'ada@contoso.com' };
let counter = 0;

function mail(overrides: Partial<MailItem> = {}, clock?: FakeClock): MailItem {
  counter += 1;
  const id = overrides.id ?? `m${counter}`;
  return {
    id,
    receivedDateTime: new Date(clock?.now() ?? Date.UTC(2026, 10, 2, 9)).toISOString(),
    from: { name: `Sender ${counter}`, address: `s${counter}@fabrikam.com` },
    subject: `Subject ${counter}`,
    bodyPreview: `Preview ${counter}`,
    isRead: false,
    importance: 'normal',
    inferenceClassification: 'focused',
    hasAttachments: false,
    flagStatus: 'notFlagged',
    webLink: `https://outlook.office.com/mail/id/${id}`,
    conversationId: `c${counter}`,
    ...overrides,
  };
}

function harness(settingsPatch: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const planner = new NotificationPlanner({ clock, timeZone: 'UTC' });
  const settings: Settings = settingsSchema.parse(settingsPatch);
  let state: LedgerState = freshLedgerState();
  return {
    clock,
    settings,
    get state() {
      return state;
    },
    run(input: Omit<PlanInput, 'account' | 'settings'> & { settings?: Settings }) {
      const result = planner.plan(state, { account: ACCOUNT, settings, ...input });
      // Every state the planner produces must be storable and load back unchanged.
      expect(ledgerStateSchema.parse(JSON.parse(JSON.stringify(result.next)))).toEqual(result.next);
      state = result.next;
      return result;
    },
  };
}

describe('mail intents', () => {
  it('builds a mail intent with actions, target and a stable id', () => {
    const h = harness();
    const m = mail({ id: 'AAMk1', from: { name: 'Ada', address: 'ada@x.com' }, subject: 'Hi', bodyPreview: 'See you' });
    const { intents, retractions } = h.run({ newMessages: [m] });
    expect(retractions).toEqual([]);
    expect(intents).toEqual([
      {
        type: 'mail',
        id: 'mail:acc:AAMk1',
        accountId: 'acc',
        messageId: 'AAMk1',
        title: 'Ada',
        body: 'Hi\nSee you',
        sender: 'Ada',
        vip: false,
        actions: [
          { kind: 'markRead', label: 'Mark as read' },
          { kind: 'archive', label: 'Archive' },
        ],
        target: { kind: 'message', accountId: 'acc', messageId: 'AAMk1' },
        createdAt: h.clock.now(),
        silent: false,
      } satisfies MailIntent,
    ]);
  });

  it('never plans a decided message again, even when the sync reports it twice', () => {
    const h = harness();
    const m = mail();
    expect(h.run({ newMessages: [m, m] }).intents).toHaveLength(1);
    expect(h.run({ newMessages: [m] }).intents).toHaveLength(0);
  });

  it('records suppressed messages too, so they do not notify after quiet hours end', () => {
    const h = harness({ notifications: { quietHours: { enabled: true, start: '08:00', end: '10:00' } } });
    const m = mail();
    expect(h.run({ newMessages: [m] }).intents).toHaveLength(0);
    expect(h.run({ newMessages: [m], settings: settingsSchema.parse({}) }).intents).toHaveLength(0);
  });

  it('privacy mode hides sender, subject and preview', () => {
    const h = harness({ notifications: { privacyMode: true } });
    const [intent] = h.run({ newMessages: [mail({ subject: 'Secret merger' })] }).intents;
    expect(intent).toMatchObject({ title: 'New message', body: 'Open Herald to read it', sender: '' });
    expect(JSON.stringify(intent)).not.toMatch(/Secret|Sender|fabrikam|Preview/);
  });

  it('a baseline sync records everything and raises nothing', () => {
    const h = harness();
    const old = [mail(), mail(), mail(), mail(), mail()];
    const result = h.run({ newMessages: old, baseline: true });
    expect(result.intents).toEqual([]);
    expect(result.decisions.every((d) => d.verdict.notify === false)).toBe(true);
    expect(h.run({ newMessages: old }).intents).toEqual([]);
  });

  it('ignores mail older than the sync window', () => {
    const h = harness();
    const ancient = mail({ receivedDateTime: new Date(h.clock.now() - 15 * 86_400_000).toISOString() });
    expect(h.run({ newMessages: [ancient] }).intents).toEqual([]);
  });
});

describe('purity', () => {
  function deepFreeze<T>(value: T): T {
    if (value && typeof value === 'object') {
      for (const inner of Object.values(value)) deepFreeze(inner);
      Object.freeze(value);
    }
    return value;
  }

  it('never mutates the ledger it is given', async () => {
    const h = harness();
    const batch = [mail(), mail()];
    h.run({ newMessages: batch, accountState: 'needsSignIn' });
    await h.clock.advance(2 * 60 * 60 * 1000); // due for pruning too
    const before = structuredClone(h.state);
    const planner = new NotificationPlanner({ clock: h.clock, timeZone: 'UTC' });
    const frozen = deepFreeze(structuredClone(h.state));
    const result = planner.plan(frozen, {
      account: ACCOUNT,
      settings: h.settings,
      newMessages: [mail(), mail(), mail(), mail()],
      removals: [{ messageId: batch[0]!.id, reason: 'readElsewhere' }],
      accountState: 'ok',
    });
    expect(frozen).toEqual(before);
    expect(Object.keys(result.next.seen)).toHaveLength(6);
  });
});

describe('summaries and coalescing', () => {
  it('more than 3 new in one sync → one summary with top senders', () => {
    const h = harness();
    const ada = { name: 'Ada', address: 'ada@x.com' };
    const batch = [mail({ from: ada }), mail({ from: ada }), mail({ from: { name: 'Grace', address: 'g@x.com' } }), mail(), mail()];
    const { intents } = h.run({ newMessages: batch });
    expect(intents).toHaveLength(1);
    const summary = intents[0] as MailSummaryIntent;
    expect(summary).toMatchObject({
      type: 'mailSummary',
      id: `summary:acc:${batch[0]?.id}`,
      count: 5,
      title: '5 new messages',
      target: { kind: 'inbox', accountId: 'acc' },
    });
    expect(summary.messageIds).toEqual(batch.map((m) => m.id));
    expect(summary.body).toMatch(/^From Ada, .+ and 2 others$/);
  });

  it('exactly 3 new stay individual', () => {
    const h = harness();
    const { intents } = h.run({ newMessages: [mail(), mail(), mail()] });
    expect(intents.map((i) => i.type)).toEqual(['mail', 'mail', 'mail']);
  });

  it('a summary in privacy mode names no senders', () => {
    const h = harness({ notifications: { privacyMode: true } });
    const [summary] = h.run({ newMessages: [mail(), mail(), mail(), mail()] }).intents;
    expect(summary).toMatchObject({ title: '4 new messages', body: 'Open Herald to read them' });
  });

  it('a burst across two syncs inside the window supersedes the shown intents with a summary', async () => {
    const h = harness();
    const first = [mail(), mail()];
    expect(h.run({ newMessages: first }).intents).toHaveLength(2);
    await h.clock.advance(5_000);
    const second = [mail(), mail()];
    const { intents, retractions } = h.run({ newMessages: second });
    expect(retractions).toEqual(first.map((m) => ({ intentId: `mail:acc:${m.id}`, reason: 'superseded' })));
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ type: 'mailSummary', id: `summary:acc:${first[0]?.id}`, count: 4 });

    // More mail inside the window updates the same summary in place (same id).
    await h.clock.advance(5_000);
    const third = h.run({ newMessages: [mail()] });
    expect(third.retractions).toEqual([]);
    expect(third.intents).toHaveLength(1);
    expect(third.intents[0]).toMatchObject({ id: `summary:acc:${first[0]?.id}`, count: 5, silent: false });
  });

  it('outside the coalescing window, mail is individual again', async () => {
    const h = harness();
    h.run({ newMessages: [mail(), mail()] });
    await h.clock.advance(60_000);
    const { intents, retractions } = h.run({ newMessages: [mail(), mail()] });
    expect(retractions).toEqual([]);
    expect(intents.map((i) => i.type)).toEqual(['mail', 'mail']);
  });
});

describe('retractions', () => {
  it('read elsewhere retracts the intent; removed retracts with its own reason', () => {
    const h = harness();
    const [a, b] = [mail(), mail()];
    h.run({ newMessages: [a!, b!] });
    const result = h.run({
      removals: [
        { messageId: a!.id, reason: 'readElsewhere' },
        { messageId: b!.id, reason: 'removed' },
      ],
    });
    expect(result.retractions).toEqual([
      { intentId: `mail:acc:${a!.id}`, reason: 'readElsewhere' },
      { intentId: `mail:acc:${b!.id}`, reason: 'removed' },
    ]);
    // Nothing live is left to retract a second time.
    expect(h.run({ removals: [{ messageId: a!.id, reason: 'readElsewhere' }] }).retractions).toEqual([]);
  });

  it('read elsewhere updates a summary count, and retracts it when none is left', () => {
    const h = harness();
    const batch = [mail(), mail(), mail(), mail()];
    const [summary] = h.run({ newMessages: batch }).intents;
    const update = h.run({ removals: [{ messageId: batch[1]!.id, reason: 'readElsewhere' }] });
    expect(update.retractions).toEqual([]);
    expect(update.intents).toHaveLength(1);
    expect(update.intents[0]).toMatchObject({ id: summary!.id, count: 3, title: '3 new messages', silent: true });
    const rest = batch.filter((_, i) => i !== 1).map((m) => ({ messageId: m.id, reason: 'readElsewhere' as const }));
    const gone = h.run({ removals: rest });
    expect(gone.intents).toEqual([]);
    expect(gone.retractions).toEqual([{ intentId: summary!.id, reason: 'readElsewhere' }]);
  });
});

describe('account problems', () => {
  it('raises one intent per episode, retracts it when resolved, and a new episode raises again', () => {
    const h = harness();
    const first = h.run({ accountState: 'needsSignIn' });
    expect(first.intents).toEqual([
      expect.objectContaining({
        type: 'accountProblem',
        id: 'account:acc:needsSignIn',
        stateKind: 'needsSignIn',
        body: 'Sign in again to keep getting mail for ada@contoso.com',
        actions: [{ kind: 'fixAccount', label: 'Sign in' }],
        target: { kind: 'account', accountId: 'acc' },
      }),
    ]);
    for (let cycle = 0; cycle < 5; cycle++) expect(h.run({ accountState: 'needsSignIn' }).intents).toEqual([]);
    // A transient state in between neither resolves nor re-raises.
    expect(h.run({ accountState: 'offline' })).toMatchObject({ intents: [], retractions: [] });
    expect(h.run({ accountState: 'needsSignIn' }).intents).toEqual([]);
    expect(h.run({ accountState: { kind: 'ok', message: 'Up to date', action: 'none' } }).retractions).toEqual([
      { intentId: 'account:acc:needsSignIn', reason: 'resolved' },
    ]);
    expect(h.run({ accountState: 'ok' }).retractions).toEqual([]);
    expect(h.run({ accountState: 'needsSignIn' }).intents).toHaveLength(1);
  });

  it('a different problem supersedes the open one', () => {
    const h = harness();
    h.run({ accountState: 'needsSignIn' });
    const next = h.run({ accountState: 'mailboxNotEnabled' });
    expect(next.retractions).toEqual([{ intentId: 'account:acc:needsSignIn', reason: 'superseded' }]);
    expect(next.intents).toEqual([expect.objectContaining({ id: 'account:acc:mailboxNotEnabled' })]);
  });

  it('transient states raise nothing', () => {
    const h = harness();
    for (const kind of ['offline', 'throttled', 'graphDown', 'ok'] as const) {
      expect(h.run({ accountState: kind })).toMatchObject({ intents: [], retractions: [] });
    }
  });
});

describe('reminders', () => {
  const event: CalendarItem = {
    id: 'ev1',
    subject: 'Design review',
    start: '2026-11-02T09:15:00Z',
    end: '2026-11-02T10:00:00Z',
    isAllDay: false,
    isCancelled: false,
    isOnlineMeeting: true,
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    location: 'Room 4',
    webLink: 'https://outlook.office.com/calendar/item/ev1',
    organizer: 'Grace',
    showAs: 'busy',
  };
  const fireAt = Date.UTC(2026, 10, 2, 9, 0);

  it('builds Join, Snooze (5 min) and Dismiss, with a stable id', () => {
    const intent = reminderIntent(event, fireAt, false, { accountId: 'acc', timeZone: 'UTC', locale: 'en-GB' });
    expect(intent).toMatchObject({
      type: 'reminder',
      id: `reminder:acc:ev1:${fireAt}`,
      title: 'Design review',
      body: expect.stringMatching(/^0?9:15 \(in 15 min\) · Room 4$/),
      target: { kind: 'event', accountId: 'acc', eventId: 'ev1' },
    });
    expect(intent.actions).toEqual([
      { kind: 'join', label: 'Join', url: event.joinUrl },
      { kind: 'snooze', label: 'Snooze', minutes: 5 },
      { kind: 'dismiss', label: 'Dismiss' },
    ]);
  });

  it('has no Join without an online meeting link, and hides details in privacy mode', () => {
    const intent = reminderIntent({ ...event, isOnlineMeeting: false, joinUrl: null }, fireAt, true, {
      accountId: 'acc',
      snoozeMinutes: 10,
    });
    expect(intent.actions.map((a) => a.kind)).toEqual(['snooze', 'dismiss']);
    expect(intent.actions[0]).toMatchObject({ minutes: 10 });
    expect(JSON.stringify(intent)).not.toMatch(/Design review|Room 4/);
  });

  it('raises a reminder once through the planner and retracts it on dismiss', () => {
    const h = harness();
    const intent: ReminderIntent = reminderIntent(event, fireAt, false, { accountId: 'acc' });
    expect(h.run({ reminders: [intent] }).intents).toEqual([intent]);
    expect(h.run({ reminders: [intent] }).intents).toEqual([]);
    expect(h.run({ reminderRetractions: [{ intentId: intent.id, reason: 'dismissed' }] }).retractions).toEqual([
      { intentId: intent.id, reason: 'dismissed' },
    ]);
  });
});
