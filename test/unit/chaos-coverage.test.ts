// The chaos suite's pass criteria on hand-made histories: what counts as one notification,
// a loss, a duplicate, and a reminder out of place.
import { describe, expect, it } from 'vitest';
import type { IntentRetraction, MailIntent, MailSummaryIntent, NotificationIntent, ReminderIntent } from '../../main/core/notify/notification-intent.ts';
import { assessMail, assessReminders, CoverageSink } from '../chaos/coverage.ts';

const base = { accountId: 'a', title: 't', body: 'b', actions: [], createdAt: 0, silent: false };
const mail = (messageId: string): MailIntent => ({ ...base, id: `mail:a:${messageId}`, type: 'mail', messageId, sender: 's', vip: false, target: { kind: 'message', accountId: 'a', messageId } });
const summary = (first: string, messageIds: string[]): MailSummaryIntent => ({ ...base, id: `summary:a:${first}`, type: 'mailSummary', messageIds, count: messageIds.length, target: { kind: 'inbox', accountId: 'a' } });
const reminder = (eventId: string, fireAt: number): ReminderIntent => ({
  ...base,
  id: `reminder:a:${eventId}:${fireAt}`,
  type: 'reminder',
  eventId,
  fireAt,
  startsAt: '',
  target: { kind: 'event', accountId: 'a', eventId },
});

function run(steps: (NotificationIntent | IntentRetraction)[]): CoverageSink {
  const sink = new CoverageSink(() => 0);
  for (const step of steps) {
    if ('intentId' in step) sink.retract(step);
    else sink.show(step);
  }
  return sink;
}

describe('assessMail', () => {
  it('counts one mail intent per message as notified, and a message nobody saw as lost', () => {
    const sink = run([mail('m1'), mail('m2')]);
    expect(assessMail(sink.history, ['m1', 'm2', 'm3'])).toMatchObject({ arrived: 3, notified: 2, lost: 1, duplicated: 0, lostIds: ['m3'] });
  });

  it('treats a re-emission of the same id (after a crash) as the same notification', () => {
    const sink = run([mail('m1'), mail('m1'), summary('m2', ['m2', 'm3', 'm4', 'm5']), summary('m2', ['m2', 'm3', 'm4', 'm5', 'm6'])]);
    expect(assessMail(sink.history, ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'])).toMatchObject({ notified: 6, lost: 0, duplicated: 0, mailIntents: 1, summaryIntents: 1 });
  });

  it('treats mail superseded by a summary that lists it as one notification', () => {
    const sink = run([mail('m1'), mail('m2'), { intentId: 'mail:a:m1', reason: 'superseded' }, { intentId: 'mail:a:m2', reason: 'superseded' }, summary('m1', ['m1', 'm2', 'm3', 'm4'])]);
    expect(assessMail(sink.history, ['m1', 'm2', 'm3', 'm4'])).toMatchObject({ notified: 4, lost: 0, duplicated: 0 });
  });

  it('flags a message shown on its own and again inside a summary that did not supersede it', () => {
    const sink = run([mail('m1'), summary('m1', ['m1', 'm2', 'm3', 'm4'])]);
    expect(assessMail(sink.history, ['m1', 'm2', 'm3', 'm4'])).toMatchObject({ duplicated: 1, duplicatedIds: ['m1'] });
  });

  it('flags a message in two different summaries, and one under two ids', () => {
    const sink = run([summary('m1', ['m1', 'm2']), summary('m3', ['m2', 'm3']), mail('m4'), { ...mail('m4'), id: 'mail:a:m4:copy' }]);
    expect(assessMail(sink.history, ['m1', 'm2', 'm3', 'm4'])).toMatchObject({ duplicated: 2, duplicatedIds: ['m2', 'm4'] });
  });

  it('counts mail superseded into nothing that lists it as lost', () => {
    const sink = run([mail('m1'), { intentId: 'mail:a:m1', reason: 'superseded' }, summary('m2', ['m2'])]);
    expect(assessMail(sink.history, ['m1', 'm2'])).toMatchObject({ lost: 1, lostIds: ['m1'] });
  });

  it('still counts mail retracted because it was read elsewhere as notified (the user saw it)', () => {
    const sink = run([mail('m1'), { intentId: 'mail:a:m1', reason: 'readElsewhere' }]);
    expect(assessMail(sink.history, ['m1'])).toMatchObject({ notified: 1, lost: 0 });
  });
});

describe('assessReminders', () => {
  it('matches fired reminder ids against the expected ones', () => {
    const sink = run([reminder('e1', 100), reminder('e1', 100), reminder('e2', 200), reminder('e3', 300), reminder('e3', 400)]);
    const result = assessReminders(sink.history, ['reminder:a:e1:100', 'reminder:a:e3:400', 'reminder:a:e4:500']);
    expect(result).toMatchObject({ expected: 3, fired: 4, lost: 1, doubled: 1, unexpected: 2 });
    expect(result.lostIds).toEqual(['reminder:a:e4:500']);
    expect(result.unexpectedIds.sort()).toEqual(['reminder:a:e2:200', 'reminder:a:e3:300']);
  });
});
