// The chaos suite at full size with a fixed seed, as part of `npm test` (about 25 s of wall time
// on a 2-core machine). A longer or different run: npm run chaos -- --seed N --messages M.
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../chaos/plan.ts';
import { KILL_POINTS } from '../chaos/incarnation.ts';
import { formatChaosReport, runChaos } from '../chaos/run-chaos.ts';

const SEED = 20261102;

describe('chaos: seeded run of the real engine against the simulator', () => {
  it('notifies 1,000 messages exactly once (or not, as the rules say) and every reminder once through faults, a revoked token, kills and the user snoozing, dismissing (also from the agenda ahead of time, and on events moved or cancelled afterwards) and changing rules and notification switches', async () => {
    const report = await runChaos({ seed: SEED, messages: 1000, eventChanges: 100 });
    const lines = formatChaosReport(report);
    // Every message is notified, summarised or suppressed by a rule in force when it was decided.
    expect(report.notified + report.rules.suppressed).toBe(1000);
    expect(lines[0]).toBe(`chaos: 1000 messages, ${report.notified} notified, ${report.rules.suppressed} suppressed by rule, 0 lost, 0 duplicated`);
    expect(report.rules.suppressed).toBeGreaterThanOrEqual(100);
    expect({ lost: report.details.mail.lostIds, duplicated: report.details.mail.duplicatedIds }).toEqual({ lost: [], duplicated: [] });
    expect(report.reminders).toMatchObject({ lost: 0, doubled: 0, unexpected: 0 });
    expect(report.reminders.expected).toBeGreaterThanOrEqual(20);
    expect(report.reminders.fired).toBe(report.reminders.expected);
    expect(report.unhandled).toEqual([]);
    expect(report.engineErrors).toEqual([]);
    // Mid-write kills left torn temp files; none made a state file unreadable, none was left behind.
    expect(report.stateFiles).toEqual({ quarantined: 0, leftoverTemp: 0 });
    expect(report.ok).toBe(true);

    // It cannot pass by injecting nothing: every ingredient actually happened.
    expect(report.crashes).toBeGreaterThanOrEqual(15);
    expect(report.restarts).toBe(report.crashes);
    for (const point of KILL_POINTS) expect(report.crashesByPoint[point], `kills at ${point}`).toBeGreaterThanOrEqual(2);
    for (const kind of FAULT_KINDS) expect(report.faultsInjected[kind], `fault ${kind}`).toBeGreaterThanOrEqual(2);
    expect(report.faultsInjected.gone410).toBeGreaterThanOrEqual(2);
    expect(report.faultsInjected.revocations).toBe(1);
    expect(report.faultsInjected.signInsAgain).toBe(1);
    expect(report.faultsInjected.tokenRefreshes).toBeGreaterThanOrEqual(10);
    expect(report.accountStates.needsSignIn).toBeGreaterThanOrEqual(1);
    expect(report.accountStates.throttled ?? 0).toBeGreaterThanOrEqual(1);
    // Read on another device later: retractions (and summaries re-emitted with fewer messages) across kills.
    expect(report.readElsewhere.read).toBeGreaterThanOrEqual(20);
    expect(report.readElsewhere.retracted).toBeGreaterThanOrEqual(10);
    // Bursts went through the summary path, not only single mail intents.
    expect(report.details.mail.summaryIntents).toBeGreaterThanOrEqual(5);

    // Rules changed during the run: nothing decided under a rule was notified later, VIPs broke
    // through quiet hours, and both rules actually suppressed mail.
    expect(report.rules.notifiedAfterSuppressed).toBe(0);
    expect(report.details.mail.notifiedAfterSuppressedIds).toEqual([]);
    expect(report.rules.suppressedBy.mutedSender).toBeGreaterThanOrEqual(20);
    expect(report.rules.suppressedBy.quietHours).toBeGreaterThanOrEqual(20);
    expect(report.rules.vipBrokeThrough).toBeGreaterThanOrEqual(5);
    expect(report.rules.mutedVips, 'a mute beats VIP').toBeGreaterThanOrEqual(3);
    expect(report.rules.summarised).toBeGreaterThanOrEqual(20);
    expect(report.rules).toMatchObject({ mutes: 3, unmutes: 2, quietStretches: 2 });
    // List entries by domain: a muted domain held back its senders (a VIP among them), and a VIP
    // listed only through its domain broke through like the others.
    expect(report.rules.domainMutes).toBeGreaterThanOrEqual(2);
    expect(report.rules.mutedByDomain).toBeGreaterThanOrEqual(10);
    expect(report.rules.domainVipsBrokeThrough).toBeGreaterThanOrEqual(3);

    // Muted keywords, Focused Inbox only and pauses (VIPs held back by one, let through by the
    // other) each held back mail; VIPs broke through Focused Inbox only and the permissive pause.
    expect(report.rules).toMatchObject({ keywordMutes: 4, focusedOnlyStretches: 2, pauses: 2, pausesVipBreaks: 1 });
    expect(report.rules.suppressedBy.mutedKeyword).toBeGreaterThanOrEqual(10);
    expect(report.rules.suppressedBy.notFocused).toBeGreaterThanOrEqual(5);
    expect(report.rules.suppressedBy.paused).toBeGreaterThanOrEqual(20);
    expect(report.rules.pausedVips, 'VIPs held back by a pause without vipBreaksPause').toBeGreaterThanOrEqual(3);
    expect(report.rules.vipBrokeThroughBy.paused, 'VIPs through a pause with vipBreaksPause').toBeGreaterThanOrEqual(3);
    expect(report.rules.vipBrokeThroughBy.notFocused, 'VIPs through Focused Inbox only').toBeGreaterThanOrEqual(3);
    // The global and the account's notification switches were off for stretches and held mail back.
    expect(report.rules).toMatchObject({ notificationsOffStretches: 2, accountOffStretches: 2 });
    expect(report.rules.suppressedBy.notificationsOff).toBeGreaterThanOrEqual(10);
    expect(report.rules.suppressedBy.accountNotificationsOff).toBeGreaterThanOrEqual(10);
    expect(formatChaosReport(report).some((line) => line.includes(' muted keyword, ') && line.includes(' not Focused, ') && line.includes(' paused, '))).toBe(true);

    // Snoozes and dismissals, some into a kill or a failing write-back: every criterion holds.
    const actions = report.reminderActions;
    expect({
      lost: actions.snoozeLost,
      mistimed: actions.snoozeMistimed,
      twice: actions.doubleFires,
      afterDismiss: actions.firedAfterDismiss,
      afterNewerSnooze: actions.firedAfterSuperseded,
      retractedUnshown: actions.retractedUnshown,
      notWrittenBack: actions.notWrittenBack,
      graphAhead: actions.graphAhead,
      atRegularTime: actions.firedAtRegularTime,
      atOldTimeAfterChange: actions.firedAtOldTime,
      newTimeMissed: actions.newTimeMissed,
      changeUnseen: actions.changeUnseen,
    }).toEqual({ lost: [], mistimed: [], twice: [], afterDismiss: [], afterNewerSnooze: [], retractedUnshown: [], notWrittenBack: [], graphAhead: [], atRegularTime: [], atOldTimeAfterChange: [], newTimeMissed: [], changeUnseen: [] });
    expect(actions.snoozes).toBeGreaterThanOrEqual(8);
    expect(actions.dismisses).toBeGreaterThanOrEqual(5);
    expect(actions.snoozesBack).toBeGreaterThanOrEqual(5);
    expect(actions.asked.withKill).toBeGreaterThanOrEqual(3);
    expect(actions.asked.withFault).toBeGreaterThanOrEqual(3);
    expect(actions.writeBackFaultHits).toBeGreaterThanOrEqual(3);
    // From the agenda before the reminder showed: snoozes came back at their time (one at a restart,
    // the app dead when it fell due), dismissals kept the reminder away, none showed at the regular time.
    expect(actions.preShown.snoozes).toBeGreaterThanOrEqual(2);
    expect(actions.preShown.dismisses).toBeGreaterThanOrEqual(1);
    expect(actions.preShown.snoozesBack).toBeGreaterThanOrEqual(2);
    expect(actions.preShown.backAfterRestart).toBeGreaterThanOrEqual(1);
    // Moved or cancelled by the organizer after the user acted: old snoozes dropped, dismissals
    // keyed to the old start overridden, each moved reminder shown once for its new time.
    expect(actions.changed.moved).toBeGreaterThanOrEqual(5);
    expect(actions.changed.newTimeBack).toBe(actions.changed.moved);
    expect(actions.changed.oldSnoozesDropped).toBeGreaterThanOrEqual(2);
    expect(actions.changed.dismissalsOverridden).toBeGreaterThanOrEqual(2);
    expect(actions.changed.cancelled).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
