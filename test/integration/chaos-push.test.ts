// The chaos suite in push mode: every incarnation also runs a PushService (its receiver on
// loopback as the "tunnel"), the simulator delivers change notifications, and the plan removes
// subscriptions (subscriptionRemoved) and drops notifications. Same pass criteria as the poll run,
// and the same faults, kills and token trouble; the user changes no notification rule here (the
// poll run covers the rules), so every message must notify: the exact line, N = N.
// Notifications arrive in wall time, so only the plan (not every step) is replayed by the seed.
// Full size, as the poll run: 1,000 messages and 100 event changes (about 30 s of wall time).
import { describe, expect, it } from 'vitest';
import { KILL_POINTS } from '../chaos/incarnation.ts';
import { FAULT_KINDS } from '../chaos/plan.ts';
import { formatChaosReport, runChaos } from '../chaos/run-chaos.ts';

describe('chaos: push mode', () => {
  it('notifies every message exactly once with push live, subscriptions removed and notifications dropped, through kills', async () => {
    const report = await runChaos({ seed: 4242, messages: 1000, eventChanges: 100, pushMode: true, rules: false });
    expect(formatChaosReport(report)[0]).toBe('chaos: 1000 messages, 1000 notified, 0 lost, 0 duplicated');
    expect(report.rules.notifiedAfterSuppressed).toBe(0);
    expect(report.reminderActions.snoozes + report.reminderActions.dismisses).toBeGreaterThanOrEqual(5);
    expect(report.reminders).toMatchObject({ lost: 0, doubled: 0, unexpected: 0 });
    expect(report.reminders.fired).toBe(report.reminders.expected);
    expect(report.unhandled).toEqual([]);
    expect(report.engineErrors).toEqual([]);
    expect(report.ok).toBe(true);
    // It cannot pass by injecting nothing: every fault kind, kill point and token trouble happened.
    for (const point of KILL_POINTS) expect(report.crashesByPoint[point], `kills at ${point}`).toBeGreaterThanOrEqual(1);
    for (const kind of FAULT_KINDS) expect(report.faultsInjected[kind], `fault ${kind}`).toBeGreaterThanOrEqual(2);
    expect(report.faultsInjected.revocations).toBe(1);
    expect(report.faultsInjected.signInsAgain).toBe(1);
    expect(report.stateFiles).toEqual({ quarantined: 0, leftoverTemp: 0 });
    // Push actually carried the run: live after restarts, syncs asked for by notifications.
    expect(report.crashes).toBeGreaterThanOrEqual(8);
    expect(report.push?.live).toBeGreaterThanOrEqual(4);
    expect(report.push?.syncRequests).toBeGreaterThanOrEqual(50);
    expect(report.push?.subscriptionsRemoved).toBeGreaterThanOrEqual(2);
    expect(report.push?.notificationsDropped).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
