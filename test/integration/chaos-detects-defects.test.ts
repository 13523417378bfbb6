// The chaos suite must be able to fail: a small run with a host that loses one notification, shows
// another twice and pops a reminder up again after it was taken down has to report exactly that,
// and not be ok.
import { describe, expect, it } from 'vitest';
import { formatChaosReport, runChaos } from '../chaos/run-chaos.ts';

describe('chaos: the accounting catches a lost and a duplicated notification', () => {
  it('reports the message the host dropped as lost and the one it showed twice as duplicated', async () => {
    // No rule changes, so the accounting is exact: 59 notified (one twice), 1 lost.
    const report = await runChaos({ seed: 99, messages: 60, eventChanges: 10, rules: false, defect: { dropMailIntent: 3, copyMailIntent: 6, reshowRetractedReminder: true } });
    expect(report.ok).toBe(false);
    expect(report.lost).toBe(1);
    expect(report.duplicated).toBe(1);
    expect(report.rules.suppressed).toBe(0);
    expect(formatChaosReport(report)[0]).toBe('chaos: 60 messages, 59 notified, 1 lost, 1 duplicated');
    // Everything else still adds up: only the defect's messages are off.
    expect(report.details.mail.duplicatedIds).toHaveLength(1);
    expect(report.details.mail.lostIds).not.toEqual(report.details.mail.duplicatedIds);
    // The reminder the user took down popped up again (the host's defect): it fired twice.
    expect(report.reminderActions.doubleFires).toHaveLength(1);
    expect(report.reminderActions.snoozeLost).toEqual([]);
    expect(report.unhandled).toEqual([]);
  }, 120_000);
});
