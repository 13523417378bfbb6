// The chaos suite's pass criteria on hand-made histories: what counts as one notification,
// a loss, a duplicate, and a reminder out of place.
import { describe, expect, it } from 'vitest';
import { intentBase, reminder, timed } from '../support/chaos-histories.ts';
import type { IntentRetraction, MailIntent, MailSummaryIntent, NotificationIntent } from '../../main/core/notify/notification-intent.ts';
import { assessMail, assessReminders, CoverageSink, type MailDecision } from '../chaos/coverage.ts';
import { assessReminderActions, showDeadline, type DurableReminderAction, type GraphReminderState, type ReminderActionInput } from '../chaos/coverage-reminder-actions.ts';

const base = intentBase;
const mail = (messageId: string): MailIntent => ({ ...base, id: `mail:a:${messageId}`, type: 'mail', messageId, sender: 's', vip: false, target: { kind: 'message', accountId: 'a', messageId } });
const summary = (first: string, messageIds: string[]): MailSummaryIntent => ({ ...base, id: `summary:a:${first}`, type: 'mailSummary', messageIds, count: messageIds.length, target: { kind: 'inbox', accountId: 'a' } });

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

describe('assessMail with rules (muted senders, quiet hours)', () => {
  const decided = (verdict: MailDecision['verdict'], extra: Partial<MailDecision> = {}): MailDecision => ({ decidedAt: 0, verdict, vip: false, quietHours: false, ...extra });

  it('counts a message suppressed by a rule and never shown as suppressed, not lost', () => {
    const decisions = new Map([
      ['m1', decided('mutedSender')],
      ['m2', decided('quietHours', { quietHours: true })],
      ['m3', decided('notify', { vip: true, quietHours: true })],
      ['m5', decided('mutedSender', { vip: true, quietHours: true })],
    ]);
    const sink = run([mail('m3'), mail('m4')]);
    expect(assessMail(sink.history, ['m1', 'm2', 'm3', 'm4', 'm5'], decisions)).toMatchObject({
      arrived: 5,
      notified: 2,
      suppressed: 3,
      suppressedBy: { mutedSender: 2, quietHours: 1 },
      mutedVips: 1,
      vipBrokeThrough: 1,
      lost: 0,
      notifiedAfterSuppressed: 0,
    });
  });

  it('flags a notification after a muted decision (a catch-up when the rule lifted, or a re-decision after a restart)', () => {
    const decisions = new Map([['m1', decided('mutedSender')]]);
    const result = assessMail(run([mail('m2'), mail('m1')]).history, ['m1', 'm2'], decisions);
    expect(result).toMatchObject({ notifiedAfterSuppressed: 1, notifiedAfterSuppressedIds: ['m1'], suppressed: 0, lost: 0 });
  });

  it('flags a quiet-hours message that went into a summary, even one superseded later', () => {
    const decisions = new Map([['m2', decided('quietHours', { quietHours: true })]]);
    const sink = run([summary('m1', ['m1', 'm2']), { intentId: 'summary:a:m1', reason: 'superseded' }, summary('m3', ['m1', 'm3'])]);
    expect(assessMail(sink.history, ['m1', 'm2', 'm3'], decisions)).toMatchObject({ notifiedAfterSuppressedIds: ['m2'], summarised: 2 });
  });

  it('counts a message decided to notify but never shown as lost', () => {
    const result = assessMail(run([]).history, ['m1'], new Map([['m1', decided('notify')]]));
    expect(result).toMatchObject({ lost: 1, suppressed: 0, notified: 0 });
  });
});

describe('assessMail with muted keywords, Focused Inbox only and a pause', () => {
  const decided = (verdict: MailDecision['verdict'], extra: Partial<MailDecision> = {}): MailDecision => ({ decidedAt: 0, verdict, vip: false, quietHours: false, ...extra });

  it('tells the reasons apart and counts VIPs through each rule and VIPs a pause held back', () => {
    const decisions = new Map([
      ['k1', decided('mutedKeyword')],
      ['f1', decided('notFocused')],
      ['p1', decided('paused')],
      ['p2', decided('paused', { vip: true })],
      ['v1', decided('notify', { vip: true, brokeThrough: ['notFocused', 'paused'] })],
      ['v2', decided('notify', { vip: true, quietHours: true, brokeThrough: ['paused', 'quietHours'] })],
    ]);
    const result = assessMail(run([mail('v1'), mail('v2')]).history, ['k1', 'f1', 'p1', 'p2', 'v1', 'v2'], decisions);
    expect(result).toMatchObject({
      notified: 2,
      suppressed: 4,
      suppressedBy: { mutedSender: 0, mutedKeyword: 1, notFocused: 1, paused: 2, quietHours: 0 },
      pausedVips: 1,
      vipBrokeThrough: 1,
      vipBrokeThroughBy: { notFocused: 1, paused: 2, quietHours: 1 },
      lost: 0,
      notifiedAfterSuppressed: 0,
    });
  });

  it('flags a notification after a muted-keyword decision (the keyword was unmuted, then a catch-up)', () => {
    const result = assessMail(run([mail('m1'), mail('m2')]).history, ['m1', 'm2'], new Map([['m2', decided('mutedKeyword')]]));
    expect(result).toMatchObject({ notifiedAfterSuppressed: 1, notifiedAfterSuppressedIds: ['m2'], suppressed: 0 });
  });

  it('flags a Focused-only suppression notified later, even inside a summary', () => {
    const sink = run([summary('m1', ['m1', 'm2', 'm3', 'm4'])]);
    const result = assessMail(sink.history, ['m1', 'm2', 'm3', 'm4'], new Map([['m3', decided('notFocused')]]));
    expect(result).toMatchObject({ notifiedAfterSuppressedIds: ['m3'], suppressedBy: { notFocused: 0 } });
  });

  it('flags a message held by a pause that shows once the pause is over', () => {
    const result = assessMail(run([mail('m1')]).history, ['m1'], new Map([['m1', decided('paused', { vip: true })]]));
    expect(result).toMatchObject({ notifiedAfterSuppressedIds: ['m1'], pausedVips: 0 });
  });

  it('counts mail decided while a notification switch was off, and flags any of it notified once the switch is back on', () => {
    const decisions = new Map([
      ['g1', decided('notificationsOff', { vip: true })],
      ['a1', decided('accountNotificationsOff')],
      ['g2', decided('notificationsOff')],
      ['a2', decided('accountNotificationsOff', { vip: true })],
    ]);
    const quiet = assessMail(run([]).history, ['g1', 'a1'], decisions);
    expect(quiet).toMatchObject({ suppressed: 2, suppressedBy: { notificationsOff: 1, accountNotificationsOff: 1 }, lost: 0, notifiedAfterSuppressed: 0 });
    const caughtUp = assessMail(run([summary('g2', ['g2', 'a2'])]).history, ['g2', 'a2'], decisions);
    expect(caughtUp).toMatchObject({ notifiedAfterSuppressedIds: ['g2', 'a2'], suppressed: 0 });
  });
});

describe('assessReminderActions', () => {
  const MIN = 60_000;
  const snooze = (eventId: string, until: number, durableAt: number): DurableReminderAction => ({ eventId, kind: 'snooze', until, durableAt });
  const dismiss = (eventId: string, durableAt: number): DurableReminderAction => ({ eventId, kind: 'dismiss', until: null, durableAt });
  const graph = (entries: [string, GraphReminderState][]) => new Map(entries);
  const input = (over: Partial<ReminderActionInput>): ReminderActionInput => ({
    actions: [],
    eventEnds: new Map([['e1', 60 * MIN]]),
    lives: [{ from: 0, to: 60 * MIN }],
    graph: new Map(),
    lateMs: 2 * MIN,
    ...over,
  });
  const retract = (eventId: string, fireAt: number): IntentRetraction => ({ intentId: `reminder:a:${eventId}:${fireAt}`, reason: 'superseded' });
  const clean = {
    snoozeLost: [],
    snoozeMistimed: [],
    doubleFires: [],
    firedAfterDismiss: [],
    firedAfterSuperseded: [],
    retractedUnshown: [],
    notWrittenBack: [],
    graphAhead: [],
    preShown: { snoozes: 0, dismisses: 0, snoozesBack: 0, backAfterRestart: 0 },
    preShownEventIds: [],
    firedAtRegularTime: [],
    changed: { moved: 0, cancelled: 0, newTimeBack: 0, oldSnoozesDropped: 0, dismissalsOverridden: 0 },
    firedAtOldTime: [],
    newTimeMissed: [],
    changeUnseen: [],
  };

  it('passes a snooze that comes back once at its time, then a dismissal Graph has', () => {
    const sink = timed([
      [10 * MIN, reminder('e1', 10 * MIN)],
      [12 * MIN, retract('e1', 10 * MIN)],
      [17 * MIN, reminder('e1', 17 * MIN)],
      [17 * MIN + 5_000, reminder('e1', 17 * MIN)], // re-emitted in place after a crash: the host replaces it
      [20 * MIN, { intentId: `reminder:a:e1:${17 * MIN}`, reason: 'dismissed' }],
    ]);
    const result = assessReminderActions(sink.history, input({ actions: [snooze('e1', 17 * MIN, 12 * MIN), dismiss('e1', 20 * MIN)], graph: graph([['e1', { dismissed: true, snoozedUntil: null }]]) }));
    expect(result).toEqual({ snoozes: 1, dismisses: 1, snoozesBack: 1, ...clean });
  });

  it('flags a snoozed reminder that fires twice', () => {
    const sink = timed([
      [10 * MIN, reminder('e1', 10 * MIN)],
      [12 * MIN, retract('e1', 10 * MIN)],
      [17 * MIN, reminder('e1', 17 * MIN)],
      [18 * MIN, retract('e1', 17 * MIN)],
      [19 * MIN, reminder('e1', 17 * MIN)],
    ]);
    const result = assessReminderActions(sink.history, input({ actions: [snooze('e1', 17 * MIN, 12 * MIN)] }));
    expect(result.doubleFires).toEqual(['reminder:a:e1:1020000']);
  });

  it('flags a reminder that fires again after a dismissal', () => {
    const sink = timed([
      [10 * MIN, reminder('e1', 10 * MIN)],
      [12 * MIN, { intentId: 'reminder:a:e1:600000', reason: 'dismissed' }],
      [17 * MIN, reminder('e1', 17 * MIN)],
    ]);
    const result = assessReminderActions(sink.history, input({ actions: [dismiss('e1', 12 * MIN)] }));
    expect(result.firedAfterDismiss).toEqual(['reminder:a:e1:1020000']);
  });

  it('flags a snooze that fires after a newer snooze overtook it, and one that never came back while an engine was alive', () => {
    const sink = timed([[17 * MIN, reminder('e1', 17 * MIN)]]);
    const result = assessReminderActions(sink.history, input({ actions: [snooze('e1', 17 * MIN, 12 * MIN), snooze('e1', 25 * MIN, 15 * MIN)] }));
    expect(result.firedAfterSuperseded).toEqual(['reminder:a:e1:1020000']);
    expect(result.snoozeLost).toEqual(['e1@1500000']);
  });

  it('allows a snooze to come back right after a restart, flags one early or late while alive, and excuses one no engine could show', () => {
    const lives = [
      { from: 0, to: 16 * MIN },
      { from: 21 * MIN, to: 60 * MIN },
    ];
    expect(showDeadline(17 * MIN, 60 * MIN, lives, 2 * MIN)).toBe(23 * MIN);
    expect(showDeadline(17 * MIN, 22 * MIN, lives, 2 * MIN)).toBeNull();
    const afterRestart = assessReminderActions(timed([[21 * MIN + 1, reminder('e1', 17 * MIN)]]).history, input({ actions: [snooze('e1', 17 * MIN, 12 * MIN)], lives }));
    expect(afterRestart).toMatchObject({ snoozesBack: 1, snoozeMistimed: [], snoozeLost: [] });
    const early = assessReminderActions(timed([[16 * MIN, reminder('e1', 17 * MIN)]]).history, input({ actions: [snooze('e1', 17 * MIN, 12 * MIN)] }));
    expect(early.snoozeMistimed).toHaveLength(1);
    const late = assessReminderActions(timed([[25 * MIN, reminder('e1', 17 * MIN)]]).history, input({ actions: [snooze('e1', 17 * MIN, 12 * MIN)] }));
    expect(late.snoozeMistimed).toHaveLength(1);
    const ended = assessReminderActions(timed([]).history, input({ actions: [snooze('e1', 17 * MIN, 12 * MIN)], lives, eventEnds: new Map([['e1', 22 * MIN]]) }));
    expect(ended.snoozeLost).toEqual([]);
  });

  it('flags Graph missing the last action, and Graph holding one the engine never made durable', () => {
    const behind = assessReminderActions(timed([]).history, input({ actions: [dismiss('e1', 12 * MIN)], graph: graph([['e1', { dismissed: false, snoozedUntil: null }]]) }));
    expect(behind.notWrittenBack).toEqual(['e1']);
    const ahead = assessReminderActions(
      timed([]).history,
      input({ actions: [dismiss('e1', 12 * MIN)], graph: graph([['e1', { dismissed: true, snoozedUntil: null }], ['e2', { dismissed: false, snoozedUntil: 30 * MIN }]]) }),
    );
    expect(ahead).toMatchObject({ notWrittenBack: [], graphAhead: ['e2'] });
    const snoozedAhead = assessReminderActions(timed([]).history, input({ actions: [snooze('e1', 17 * MIN, 12 * MIN)], graph: graph([['e1', { dismissed: false, snoozedUntil: 18 * MIN }]]) }));
    expect(snoozedAhead).toMatchObject({ notWrittenBack: ['e1'], graphAhead: ['e1'] });
  });

  it('flags a reminder retracted without having been shown', () => {
    const result = assessReminderActions(timed([[5 * MIN, retract('e9', 5 * MIN)]]).history, input({}));
    expect(result.retractedUnshown).toEqual(['reminder:a:e9:300000']);
  });

  describe('from the agenda, before the reminder showed', () => {
    // e1's regular reminder is due at 30 min; the user acts at 20 min.
    const regularFireAt = new Map([['e1', 30 * MIN]]);

    it('passes a snooze that comes back once at the snoozed time and never at the regular one', () => {
      const before = assessReminderActions(timed([[25 * MIN, reminder('e1', 25 * MIN)]]).history, input({ actions: [snooze('e1', 25 * MIN, 20 * MIN)], regularFireAt }));
      expect(before).toMatchObject({ snoozesBack: 1, preShown: { snoozes: 1, dismisses: 0, snoozesBack: 1 }, preShownEventIds: ['e1'], firedAtRegularTime: [], snoozeMistimed: [] });
      const after = assessReminderActions(timed([[40 * MIN, reminder('e1', 40 * MIN)]]).history, input({ actions: [snooze('e1', 40 * MIN, 20 * MIN)], regularFireAt }));
      expect(after).toMatchObject({ preShown: { snoozes: 1, snoozesBack: 1 }, firedAtRegularTime: [] });
      const lives = [
        { from: 0, to: 39 * MIN },
        { from: 43 * MIN, to: 60 * MIN },
      ];
      const atRestart = assessReminderActions(timed([[43 * MIN, reminder('e1', 40 * MIN)]]).history, input({ actions: [snooze('e1', 40 * MIN, 20 * MIN)], regularFireAt, lives }));
      expect(atRestart).toMatchObject({ preShown: { snoozesBack: 1, backAfterRestart: 1 }, snoozeMistimed: [], firedAtRegularTime: [] });
      expect(after.preShown.backAfterRestart).toBe(0);
    });

    it('flags a snoozed-ahead reminder that fired at its regular time too', () => {
      const sink = timed([
        [30 * MIN, reminder('e1', 30 * MIN)],
        [40 * MIN, reminder('e1', 40 * MIN)],
      ]);
      const result = assessReminderActions(sink.history, input({ actions: [snooze('e1', 40 * MIN, 20 * MIN)], regularFireAt }));
      expect(result.firedAtRegularTime).toEqual([`reminder:a:e1:${30 * MIN}`]);
      expect(result.preShown.snoozes).toBe(1);
    });

    it('flags a snoozed-ahead reminder that fired at its regular time instead (the snooze lost)', () => {
      const result = assessReminderActions(timed([[30 * MIN, reminder('e1', 30 * MIN)]]).history, input({ actions: [snooze('e1', 40 * MIN, 20 * MIN)], regularFireAt }));
      expect(result).toMatchObject({ firedAtRegularTime: [`reminder:a:e1:${30 * MIN}`], snoozeLost: [`e1@${40 * MIN}`] });
    });

    it('flags a dismissed-ahead reminder that shows at its regular time', () => {
      const result = assessReminderActions(timed([[30 * MIN, reminder('e1', 30 * MIN)]]).history, input({ actions: [dismiss('e1', 20 * MIN)], regularFireAt }));
      expect(result).toMatchObject({ preShown: { dismisses: 1 }, firedAtRegularTime: [`reminder:a:e1:${30 * MIN}`], firedAfterDismiss: [`reminder:a:e1:${30 * MIN}`] });
    });

    it('does not count an action as ahead once the reminder had shown, or when it became durable after the regular time', () => {
      const shown = assessReminderActions(timed([[18 * MIN, reminder('e1', 18 * MIN)]]).history, input({ actions: [dismiss('e1', 20 * MIN)], regularFireAt }));
      expect(shown).toMatchObject({ preShownEventIds: [], preShown: { snoozes: 0, dismisses: 0 } });
      const late = assessReminderActions(timed([[30 * MIN, reminder('e1', 30 * MIN)]]).history, input({ actions: [snooze('e1', 40 * MIN, 31 * MIN)], regularFireAt }));
      expect(late).toMatchObject({ preShownEventIds: [], firedAtRegularTime: [] });
    });
  });

});
