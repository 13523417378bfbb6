// The new-mail watermark is on Graph's clock (mail/baseline-watermark.ts): these pin the rules
// the engine tests (integration/engine-clock-skew.test.ts) exercise end to end.
import { describe, expect, it } from 'vitest';
import { BASELINE_GRACE_MS, baselineWatermark, parseHttpDate } from '../../main/core/mail/baseline-watermark.ts';
import { NewMailDetector, emptyNewMailState, type NewMailState } from '../../main/core/mail/new-mail-detector.ts';
import { accountSyncStateSchema } from '../../main/core/engine/account-sync-state.ts';
import { freshAccountSyncState } from '../../main/core/engine/account-sync.ts';
import { added, ids, mailItem } from '../support/mail-items.ts';

const GRAPH_T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const HOUR = 60 * 60_000;


describe('baselineWatermark', () => {
  it("is Graph's time less the grace, whatever this machine's clock said", () => {
    expect(baselineWatermark({ graphTime: GRAPH_T0, localStartedAt: GRAPH_T0 + 2 * 60_000 })).toBe(GRAPH_T0 - BASELINE_GRACE_MS);
    expect(baselineWatermark({ graphTime: GRAPH_T0, localStartedAt: GRAPH_T0 - HOUR })).toBe(GRAPH_T0 - BASELINE_GRACE_MS);
  });

  it('falls back to the local start only without any Graph time, and is null without either', () => {
    expect(baselineWatermark({ graphTime: null, localStartedAt: GRAPH_T0 })).toBe(GRAPH_T0 - BASELINE_GRACE_MS);
    expect(baselineWatermark({ graphTime: null, localStartedAt: null })).toBeNull();
  });

  it('reads HTTP dates and rejects what is not one', () => {
    expect(parseHttpDate('Mon, 02 Nov 2026 09:00:00 GMT')).toBe(GRAPH_T0);
    expect(parseHttpDate('yesterday-ish')).toBeNull();
    expect(parseHttpDate('')).toBeNull();
    expect(parseHttpDate(null)).toBeNull();
    expect(parseHttpDate(undefined)).toBeNull();
  });
});

describe('NewMailDetector on Graph time', () => {
  it('sets the watermark from the earliest Graph time of the baseline pages, not the local start', () => {
    const d = new NewMailDetector([]);
    const localAhead = GRAPH_T0 + 2 * 60_000;
    d.observe([added(mailItem('a', GRAPH_T0 - HOUR))], { complete: false, startedAt: localAhead, graphTime: GRAPH_T0 });
    d.observe([added(mailItem('b', GRAPH_T0 - 2 * HOUR))], { complete: true, startedAt: localAhead, graphTime: GRAPH_T0 + 3_000 });
    expect(d.watermark).toBe(GRAPH_T0 - BASELINE_GRACE_MS);
    // Thirty seconds after the baseline on Graph's clock: new, although this machine's clock
    // said the baseline started later than that.
    expect(ids(d.observe([added(mailItem('new', GRAPH_T0 + 30_000))], { complete: true, startedAt: localAhead + 60_000, graphTime: GRAPH_T0 + 60_000 }).newMail)).toEqual(['new']);
  });

  it('never makes new a message the baseline listed within the grace, even listed again as added', () => {
    const d = new NewMailDetector([]);
    const justBefore = mailItem('justBefore', GRAPH_T0 - 60_000);
    const older = mailItem('older', GRAPH_T0 - BASELINE_GRACE_MS - 60_000);
    d.observe([added(justBefore), added(older)], { complete: true, startedAt: GRAPH_T0, graphTime: GRAPH_T0 });
    expect(d.state.baselineIds).toEqual({ justBefore: Date.parse(justBefore.receivedDateTime) });
    // A lost inbox cache lists the inbox again: every message comes back as added.
    const restarted = new NewMailDetector([], JSON.parse(JSON.stringify(d.state)) as NewMailState);
    const relisted = restarted.observe([added(justBefore), added(older)], { complete: true, startedAt: GRAPH_T0 + HOUR, graphTime: GRAPH_T0 + HOUR });
    expect(relisted.newMail).toEqual([]);
  });

  it('remembers the Graph time of an unfinished baseline across a restart', () => {
    const d = new NewMailDetector([]);
    d.observe([added(mailItem('a', GRAPH_T0 - HOUR))], { complete: false, startedAt: GRAPH_T0 + HOUR, graphTime: GRAPH_T0 });
    const restarted = new NewMailDetector([], JSON.parse(JSON.stringify(d.state)) as NewMailState);
    restarted.observe([], { complete: true, startedAt: GRAPH_T0 + HOUR, graphTime: GRAPH_T0 + 10 * 60_000 });
    expect(restarted.watermark).toBe(GRAPH_T0 - BASELINE_GRACE_MS);
    expect(restarted.state.baselineGraphTime).toBeUndefined();
  });

  it('keeps a watermark saved before Graph time was used, and never moves a set watermark', () => {
    const saved: NewMailState = { version: 1, watermark: GRAPH_T0, notified: {}, retracted: {} };
    const parsed = accountSyncStateSchema.parse({ ...freshAccountSyncState(), newMail: saved });
    expect(parsed.newMail).toEqual(saved);
    const d = new NewMailDetector([], parsed.newMail);
    d.observe([], { complete: true, startedAt: GRAPH_T0 + HOUR, graphTime: GRAPH_T0 + HOUR });
    expect(d.watermark).toBe(GRAPH_T0);
    expect(ids(d.observe([added(mailItem('m', GRAPH_T0 + 1_000))], { complete: true, startedAt: GRAPH_T0 - 24 * HOUR }).newMail)).toEqual(['m']);
  });

  it('rejects a saved detector state whose new fields have the wrong type', () => {
    const bad = { ...emptyNewMailState(), baselineIds: { a: 'yesterday' } };
    expect(accountSyncStateSchema.safeParse({ ...freshAccountSyncState(), newMail: bad }).success).toBe(false);
  });

  it('leaves the watermark unset while no time at all is known', () => {
    const d = new NewMailDetector([]);
    d.observe([added(mailItem('a', GRAPH_T0))], { complete: true, startedAt: null });
    expect(d.watermark).toBeNull();
    expect(d.state.baselineIds).toEqual({});
  });
});
