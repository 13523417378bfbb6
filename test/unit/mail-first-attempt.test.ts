// Mail that arrives while the first sync fails is still news, and a message decided once is
// never news later (mail/new-mail-detector.ts, mail/baseline-watermark.ts). The engine tests
// (integration/engine-first-sync.test.ts, engine-never-news.test.ts) exercise these end to end.
import { describe, expect, it } from 'vitest';
import { BASELINE_GRACE_MS, firstAttemptReference, noteAttempt } from '../../main/core/mail/baseline-watermark.ts';
import { NewMailDetector, emptyNewMailState, passedOverKey, type NewMailState } from '../../main/core/mail/new-mail-detector.ts';
import { accountSyncStateSchema } from '../../main/core/engine/account-sync-state.ts';
import { freshAccountSyncState } from '../../main/core/engine/account-sync.ts';
import { added, ids, mailItem } from '../support/mail-items.ts';

const GRAPH_T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SELF = 'me@contoso.example';


const roundTrip = (state: NewMailState): NewMailState => accountSyncStateSchema.parse(JSON.parse(JSON.stringify({ ...freshAccountSyncState(), newMail: state }))).newMail;

describe('the first attempt (baseline-watermark.ts)', () => {
  it('keeps the first attempt; its Graph time is its own Date, else its local time shifted by the first skew measured later', () => {
    const first = noteAttempt(undefined, { sentAt: 1_000, graphTime: null });
    expect(first).toEqual({ localTime: 1_000, graphTime: null, retried: false });
    expect(firstAttemptReference(first), 'a baseline on the first attempt keeps the old reference').toBeNull();
    // Offline again: still no Graph time; then an answer with Graph an hour ahead of this machine.
    const second = noteAttempt(first, { sentAt: 61_000, graphTime: null });
    expect(second).toEqual({ localTime: 1_000, graphTime: null, retried: true });
    expect(firstAttemptReference(second), 'no Date ever seen: the local time is all there is').toBe(1_000);
    const third = noteAttempt(second, { sentAt: 121_000, graphTime: 121_000 + HOUR });
    expect(firstAttemptReference(third)).toBe(1_000 + HOUR);
    // Later answers do not move it.
    expect(firstAttemptReference(noteAttempt(third, { sentAt: 181_000, graphTime: 999_999_999 }))).toBe(1_000 + HOUR);
  });

  it("a failed attempt's Date (a 503 has one) is the reference, whatever this machine's clock says", () => {
    const first = noteAttempt(undefined, { sentAt: GRAPH_T0 + 3 * HOUR, graphTime: GRAPH_T0 });
    expect(firstAttemptReference(noteAttempt(first, { sentAt: GRAPH_T0 + 4 * HOUR, graphTime: GRAPH_T0 + 2 * MINUTE }))).toBe(GRAPH_T0);
  });
});

describe('NewMailDetector: mail that arrived while the first sync failed', () => {
  it('a baseline after a failed first attempt notifies, once, what arrived since; not what was there at sign-in', () => {
    const d = new NewMailDetector([SELF]);
    // First attempt: Graph answered 503 at GRAPH_T0 (its Date); this machine's clock is 1 h behind.
    expect(d.noteAttempt({ sentAt: GRAPH_T0 - HOUR, graphTime: GRAPH_T0 })).toBe(true);
    expect(d.noteAttempt({ sentAt: GRAPH_T0 - HOUR + MINUTE, graphTime: null }), 'an offline retry').toBe(true);
    expect(d.noteAttempt({ sentAt: GRAPH_T0 - HOUR + 2 * MINUTE, graphTime: null }), 'nothing more to note').toBe(false);
    // A restart during the outage keeps it.
    const restarted = new NewMailDetector([SELF], roundTrip(d.state));
    restarted.noteAttempt({ sentAt: GRAPH_T0 - HOUR + 10 * MINUTE, graphTime: GRAPH_T0 + 10 * MINUTE });

    const atSignIn = mailItem('atSignIn', GRAPH_T0 - MINUTE);
    const old = mailItem('old', GRAPH_T0 - 3 * 24 * HOUR);
    const during = mailItem('during', GRAPH_T0 + 5 * MINUTE);
    const duringRead = mailItem('duringRead', GRAPH_T0 + 6 * MINUTE, { isRead: true });
    const duringMine = mailItem('duringMine', GRAPH_T0 + 7 * MINUTE, { from: { name: 'Me', address: SELF } });
    const page1 = restarted.observe([added(old), added(atSignIn)], { complete: false, startedAt: GRAPH_T0 - HOUR + 10 * MINUTE, graphTime: GRAPH_T0 + 10 * MINUTE });
    expect(page1.newMail).toEqual([]);
    const page2 = restarted.observe([added(during), added(duringRead), added(duringMine)], { complete: true, startedAt: GRAPH_T0 - HOUR + 10 * MINUTE, graphTime: GRAPH_T0 + 10 * MINUTE });
    expect(ids(page2.newMail)).toEqual(['during']);
    expect(restarted.watermark, 'the watermark is the first attempt less the grace').toBe(GRAPH_T0 - BASELINE_GRACE_MS);
    expect(restarted.state.firstAttempt).toBeUndefined();

    // Listed again as added (a lost inbox cache), marked unread: none of them is news.
    const again = restarted.observe([added(during), added(atSignIn), added({ ...duringRead, isRead: false }), added(duringMine), added(old)], {
      complete: true,
      startedAt: GRAPH_T0,
    });
    expect(again.newMail).toEqual([]);
    const later = mailItem('later', GRAPH_T0 + 20 * MINUTE);
    expect(ids(restarted.observe([added(later)], { complete: true, startedAt: GRAPH_T0 }).newMail)).toEqual(['later']);
  });

  it('offline first attempt: its local time on Graph clock, with the skew measured when Graph first answers', () => {
    const d = new NewMailDetector([]);
    const localT0 = GRAPH_T0 + HOUR; // this machine is 1 h ahead of Graph
    d.noteAttempt({ sentAt: localT0, graphTime: null });
    d.noteAttempt({ sentAt: localT0 + 30 * MINUTE, graphTime: GRAPH_T0 + 30 * MINUTE });
    const result = d.observe([added(mailItem('before', GRAPH_T0 - 2 * MINUTE)), added(mailItem('after', GRAPH_T0 + 2 * MINUTE))], {
      complete: true,
      startedAt: localT0 + 30 * MINUTE,
      graphTime: GRAPH_T0 + 30 * MINUTE,
    });
    expect(ids(result.newMail)).toEqual(['after']);
    expect(d.watermark).toBe(GRAPH_T0 - BASELINE_GRACE_MS);
    // 'before' was within the grace: remembered, never new.
    expect(d.observe([added(mailItem('before', GRAPH_T0 - 2 * MINUTE))], { complete: true, startedAt: null }).newMail).toEqual([]);
  });

  it('a baseline on the first attempt is as before: nothing in it is new', () => {
    const d = new NewMailDetector([]);
    d.noteAttempt({ sentAt: GRAPH_T0, graphTime: GRAPH_T0 });
    const result = d.observe([added(mailItem('sameSecond', GRAPH_T0)), added(mailItem('justBefore', GRAPH_T0 - MINUTE))], { complete: true, startedAt: GRAPH_T0, graphTime: GRAPH_T0 });
    expect(result.newMail).toEqual([]);
    expect(d.watermark).toBe(GRAPH_T0 - BASELINE_GRACE_MS);
    expect(d.noteAttempt({ sentAt: GRAPH_T0 + MINUTE, graphTime: GRAPH_T0 + MINUTE }), 'attempts after the baseline are not noted').toBe(false);
    expect(d.state.firstAttempt).toBeUndefined();
  });

  it('a baseline left unfinished by an earlier build: its first Date stands for the first attempt', () => {
    const old: NewMailState = { version: 1, watermark: null, notified: {}, retracted: {}, baselineGraphTime: GRAPH_T0 };
    const d = new NewMailDetector([], roundTrip(old));
    expect(d.noteAttempt({ sentAt: GRAPH_T0 + HOUR, graphTime: GRAPH_T0 + HOUR })).toBe(true);
    const result = d.observe([added(mailItem('meanwhile', GRAPH_T0 + MINUTE)), added(mailItem('before', GRAPH_T0 - MINUTE))], {
      complete: true,
      startedAt: GRAPH_T0 + HOUR,
      graphTime: GRAPH_T0 + HOUR,
    });
    expect(ids(result.newMail)).toEqual(['meanwhile']);
    expect(d.watermark).toBe(GRAPH_T0 - BASELINE_GRACE_MS);
  });

  it('loads state saved before these fields existed, and rejects them with the wrong type', () => {
    const old: NewMailState = { version: 1, watermark: null, notified: {}, retracted: {}, baselineGraphTime: GRAPH_T0 };
    const d = new NewMailDetector([], roundTrip(old));
    d.observe([added(mailItem('x', GRAPH_T0 + MINUTE))], { complete: true, startedAt: GRAPH_T0 + HOUR, graphTime: GRAPH_T0 + HOUR });
    expect(d.watermark).toBe(GRAPH_T0 - BASELINE_GRACE_MS);
    for (const bad of [{ firstAttempt: { localTime: 1, graphTime: 'now', retried: true } }, { passedOver: { k: 'yesterday' } }]) {
      expect(accountSyncStateSchema.safeParse({ ...freshAccountSyncState(), newMail: { ...emptyNewMailState(), ...bad } }).success).toBe(false);
    }
  });
});

describe('NewMailDetector: a message that was never news never becomes news', () => {
  function afterBaseline(): NewMailDetector {
    const d = new NewMailDetector([SELF]);
    d.observe([], { complete: true, startedAt: GRAPH_T0, graphTime: GRAPH_T0 });
    return d;
  }

  it('read on arrival, self-sent, or gone in the same response: remembered, and not news when added again unread', () => {
    const d = afterBaseline();
    const read = mailItem('read', GRAPH_T0 + MINUTE, { isRead: true });
    const mine = mailItem('mine', GRAPH_T0 + MINUTE, { from: { name: 'Me', address: SELF.toUpperCase() } });
    const fleeting = mailItem('fleeting', GRAPH_T0 + MINUTE);
    const first = d.observe([added(read), added(mine), added(fleeting), { kind: 'removed', id: 'fleeting' }], { complete: true, startedAt: GRAPH_T0 + 2 * MINUTE });
    expect(first.newMail).toEqual([]);
    expect(Object.keys(d.state.passedOver ?? {}).sort()).toEqual(['read', 'mine', 'fleeting'].map(passedOverKey).sort());

    // Moved out and back (or a lost inbox cache), marked unread meanwhile, after a restart.
    const restarted = new NewMailDetector([SELF], roundTrip(d.state));
    const back = restarted.observe([added({ ...read, isRead: false }), added(mine), added(fleeting)], { complete: true, startedAt: GRAPH_T0 + HOUR });
    expect(back.newMail).toEqual([]);
  });

  it('remembers only what could otherwise become news: nothing before the watermark, nothing notified twice over', () => {
    const d = afterBaseline();
    const fresh = mailItem('fresh', GRAPH_T0 + MINUTE);
    d.observe([added(mailItem('old', GRAPH_T0 - HOUR, { isRead: true })), added(fresh)], { complete: true, startedAt: GRAPH_T0 + MINUTE });
    expect(d.state.passedOver ?? {}).toEqual({});
    expect(Object.keys(d.state.notified)).toEqual(['fresh']);
  });

  it('forgets passed-over messages older than the window, and keys them short', () => {
    const d = afterBaseline();
    d.observe([added(mailItem('a'.repeat(152), GRAPH_T0 + MINUTE, { isRead: true }))], { complete: true, startedAt: GRAPH_T0 + MINUTE });
    const [key] = Object.keys(d.state.passedOver ?? {});
    expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
    d.forgetBefore(GRAPH_T0 + MINUTE);
    expect(Object.keys(d.state.passedOver ?? {})).toHaveLength(1);
    d.forgetBefore(GRAPH_T0 + 2 * MINUTE);
    expect(d.state.passedOver).toEqual({});
  });
});
