// The chaos suite in push mode: every incarnation also runs a PushService (its receiver on
// loopback as the "tunnel"), the simulator delivers change notifications, and the plan removes
// subscriptions (subscriptionRemoved) and drops notifications. Same pass criteria as the poll run.
// Notifications arrive in wall time, so only the plan (not every step) is replayed by the seed.
import { describe, expect, it } from 'vitest';
import { formatChaosReport, runChaos } from '../chaos/run-chaos.ts';

describe('chaos: push mode', () => {
  it('notifies every message exactly once with push live, subscriptions removed and notifications dropped, through kills', async () => {
    const report = await runChaos({ seed: 4242, messages: 400, eventChanges: 40, pushMode: true });
    expect(report.notified + report.rules.suppressed).toBe(400);
    expect(formatChaosReport(report)[0]).toBe(`chaos: 400 messages, ${report.notified} notified, 0 lost, 0 duplicated`);
    expect(report.rules.notifiedAfterSuppressed).toBe(0);
    expect(report.reminderActions.snoozes + report.reminderActions.dismisses).toBeGreaterThanOrEqual(5);
    expect(report.reminders).toMatchObject({ lost: 0, doubled: 0, unexpected: 0 });
    expect(report.reminders.fired).toBe(report.reminders.expected);
    expect(report.unhandled).toEqual([]);
    expect(report.engineErrors).toEqual([]);
    expect(report.ok).toBe(true);
    // Push actually carried the run: live after restarts, syncs asked for by notifications.
    expect(report.crashes).toBeGreaterThanOrEqual(8);
    expect(report.push?.live).toBeGreaterThanOrEqual(4);
    expect(report.push?.syncRequests).toBeGreaterThanOrEqual(50);
    expect(report.push?.subscriptionsRemoved).toBeGreaterThanOrEqual(2);
    expect(report.push?.notificationsDropped).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
