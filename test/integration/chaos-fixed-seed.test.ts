// The chaos suite at full size with a fixed seed, as part of `npm test` (about 25 s of wall time
// on a 2-core machine). A longer or different run: npm run chaos -- --seed N --messages M.
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../chaos/plan.ts';
import { KILL_POINTS } from '../chaos/incarnation.ts';
import { formatChaosReport, runChaos } from '../chaos/run-chaos.ts';

const SEED = 20261102;

describe('chaos: seeded run of the real engine against the simulator', () => {
  it('notifies 1,000 messages exactly once and every reminder once through faults, a revoked token and kills', async () => {
    const report = await runChaos({ seed: SEED, messages: 1000, eventChanges: 100 });
    const lines = formatChaosReport(report);
    expect(lines[0]).toBe('chaos: 1000 messages, 1000 notified, 0 lost, 0 duplicated');
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
  }, 180_000);
});
