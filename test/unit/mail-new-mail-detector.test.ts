import { describe, expect, it } from 'vitest';
import { NewMailDetector, detectNewMail } from '../../main/core/mail/new-mail-detector.ts';
import { BASELINE_GRACE_MS } from '../../main/core/mail/baseline-watermark.ts';
import type { MailChange } from '../../main/core/mail/mail-change.ts';
import type { MailItem } from '../../main/core/mail/mail-item.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

function item(id: string, receivedAt: number, extra: Partial<MailItem> = {}): MailItem {
  return {
    id,
    receivedDateTime: new Date(receivedAt).toISOString(),
    from: { name: 'Ada', address: 'ada@contoso.com' },
    subject: id,
    bodyPreview: '',
    isRead: false,
    importance: 'normal',
    inferenceClassification: 'focused',
    hasAttachments: false,
    flagStatus: 'notFlagged',
    webLink: '',
    conversationId: '',
    ...extra,
  };
}

const added = (i: MailItem): MailChange => ({ kind: 'added', item: i });
const ctx = { watermark: T0, notifiedIds: new Set<string>(), selfAddresses: ['me@contoso.com'] };

describe('detectNewMail rules', () => {
  it('new = added, after the watermark, unread, not from self, not notified', () => {
    const fresh = item('fresh', T0 + 1);
    const result = detectNewMail(
      [
        added(fresh),
        added(item('old', T0 - 1)),
        added(item('previousSecond', T0 - 1)),
        added(item('sameSecond', T0 + 999)),
        added(item('read', T0 + 1, { isRead: true })),
        added(item('mine', T0 + 1, { from: { name: 'Me', address: 'ME@Contoso.com' } })),
        added(item('done', T0 + 1)),
        added(item('noSender', T0 + 2, { from: null })),
      ],
      { ...ctx, notifiedIds: new Set(['done']) },
    );
    expect(result.newMail.map((m) => m.id)).toEqual(['fresh', 'sameSecond', 'noSender']);
    expect(result.retractions).toEqual([]);
  });

  it('compares at the second, as Graph timestamps are whole seconds', () => {
    // Round started at 09:00:00.400; the message arrived at 09:00:00.700 and reads "09:00:00Z".
    const watermark = T0 + 400;
    const arrived = item('m', T0);
    expect(detectNewMail([added(arrived)], { ...ctx, watermark }).newMail.map((m) => m.id)).toEqual(['m']);
    expect(detectNewMail([added(item('old', T0 - 1000))], { ...ctx, watermark }).newMail).toEqual([]);
  });

  it('nothing is new while there is no watermark (the baseline round)', () => {
    expect(detectNewMail([added(item('x', T0 + 1))], { ...ctx, watermark: null }).newMail).toEqual([]);
  });

  it('updates are never new, even if unread', () => {
    const prev = item('u', T0 + 1, { flagStatus: 'flagged' });
    expect(detectNewMail([{ kind: 'updated', item: item('u', T0 + 1), previous: prev }], ctx).newMail).toEqual([]);
  });

  it('retracts notified messages read elsewhere or removed, once, and only if notified', () => {
    const a = item('a', T0 + 1);
    const result = detectNewMail(
      [
        { kind: 'updated', item: { ...a, isRead: true }, previous: a },
        { kind: 'updated', item: { ...a, isRead: true, flagStatus: 'flagged' }, previous: { ...a, isRead: true } },
        { kind: 'removed', id: 'b' },
        { kind: 'removed', id: 'b' },
        { kind: 'removed', id: 'never-notified' },
        { kind: 'updated', item: item('c', T0 + 1, { isRead: true }), previous: item('c', T0 + 1) },
      ],
      { ...ctx, notifiedIds: { a: 1, b: 1 } },
    );
    expect(result.retractions).toEqual([
      { messageId: 'a', reason: 'readElsewhere' },
      { messageId: 'b', reason: 'removed' },
    ]);
    expect(result.newMail).toEqual([]);
  });

  it('a message added and removed (or read) in the same batch of changes is not news', () => {
    const x = item('x', T0 + 1);
    const y = item('y', T0 + 1);
    const result = detectNewMail([added(x), added(y), { kind: 'removed', id: 'x', previous: x }, { kind: 'updated', item: { ...y, isRead: true }, previous: y }], ctx);
    expect(result.newMail).toEqual([]);
  });
});

describe('NewMailDetector', () => {
  it('uses the first complete round as the baseline, then notifies each message once', () => {
    const detector = new NewMailDetector(['me@contoso.com']);
    const roundStart = T0;
    // Baseline round over two pages: nothing is new, even unread mail received "now". The
    // watermark is Graph's time when the round started (its Date), less the grace.
    expect(detector.observe([added(item('seed1', T0 - 5))], { complete: false, startedAt: roundStart, graphTime: roundStart }).newMail).toEqual([]);
    expect(detector.observe([added(item('seed2', T0 + 1))], { complete: true, startedAt: roundStart, graphTime: roundStart + 2_000 }).newMail).toEqual([]);
    expect(detector.watermark).toBe(roundStart - BASELINE_GRACE_MS);

    const m = item('m', T0 + 10);
    expect(detector.observe([added(m)], { complete: true, startedAt: T0 + 60_000 }).newMail.map((x) => x.id)).toEqual(['m']);
    // The same message seen as added again (e.g. a retried response) is not re-notified.
    expect(detector.observe([added(m)], { complete: true, startedAt: T0 + 120_000 }).newMail).toEqual([]);
    expect(detector.watermark).toBe(roundStart - BASELINE_GRACE_MS);

    // Read elsewhere → retraction once; added again later (moved back) → not re-notified.
    const read = detector.observe([{ kind: 'updated', item: { ...m, isRead: true }, previous: m }], { complete: true, startedAt: T0 + 180_000 });
    expect(read.retractions).toEqual([{ messageId: 'm', reason: 'readElsewhere' }]);
    expect(detector.observe([added(m)], { complete: true, startedAt: T0 + 240_000 }).newMail).toEqual([]);
  });

  it('survives a restart through its serializable state', () => {
    const first = new NewMailDetector(['me@contoso.com']);
    first.observe([], { complete: true, startedAt: T0 });
    first.observe([added(item('m', T0 + 1))], { complete: true, startedAt: T0 + 1 });
    const second = new NewMailDetector(['me@contoso.com'], JSON.parse(JSON.stringify(first.state)));
    expect(second.observe([added(item('m', T0 + 1))], { complete: true, startedAt: T0 + 2 }).newMail).toEqual([]);
    expect(second.observe([{ kind: 'removed', id: 'm' }], { complete: true, startedAt: T0 + 3 }).retractions).toEqual([{ messageId: 'm', reason: 'removed' }]);
  });

  it('forgets ids older than the window', () => {
    const d = new NewMailDetector([]);
    d.observe([], { complete: true, startedAt: T0 });
    d.observe([added(item('m', T0 + 1))], { complete: true, startedAt: T0 + 1 });
    d.forgetBefore(T0 + 2);
    expect(d.state.notified).toEqual({});
  });
});
