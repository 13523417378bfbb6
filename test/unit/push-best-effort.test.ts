// The deadline of quit's best-effort work (best-effort.ts) and the reauthorize gate
// (reauthorize-gate.ts): outcomes only, on a FakeClock; the one wall-clock deadline is tiny and
// only ends a promise that never settles.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { settlesWithin } from '../../main/core/push/best-effort.ts';
import { REAUTHORIZE_MIN_INTERVAL_MS, ReauthorizeGate } from '../../main/core/push/reauthorize-gate.ts';

const never = new Promise<void>(() => undefined);

describe('settlesWithin', () => {
  it('true when the work settles in time, a rejection included; no timer is left on the clock', async () => {
    const clock = new FakeClock();
    expect(await settlesWithin(Promise.resolve(), clock, 3_000)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('refused')), clock, 3_000)).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('false once the injected clock passes the deadline', async () => {
    const clock = new FakeClock();
    const verdict = settlesWithin(never, clock, 3_000);
    await clock.advance(3_000);
    expect(await verdict).toBe(false);
  });

  it('false once wall time passes the deadline, though the FakeClock never moves', async () => {
    const clock = new FakeClock();
    expect(await settlesWithin(never, clock, 20)).toBe(false);
    expect(clock.pending).toBe(0);
  });
});

describe('ReauthorizeGate', () => {
  it('one per subscription in flight and per interval; the rest are counted as dropped', () => {
    const gate = new ReauthorizeGate();
    const t0 = Date.UTC(2026, 10, 28, 9, 0);
    expect(gate.admit('a', t0)).toBe(true);
    expect(gate.admit('a', t0 + 1)).toBe(false);
    expect(gate.admit('b', t0 + 1)).toBe(true);
    // Still in flight after the interval (a reauthorize stuck in retries): not a second one.
    expect(gate.admit('a', t0 + REAUTHORIZE_MIN_INTERVAL_MS)).toBe(false);
    gate.done('a');
    expect(gate.admit('a', t0 + REAUTHORIZE_MIN_INTERVAL_MS - 1)).toBe(false);
    expect(gate.admit('a', t0 + REAUTHORIZE_MIN_INTERVAL_MS)).toBe(true);
    expect(gate.dropped).toBe(3);
  });

  it('a clock set back does not lock a subscription out', () => {
    const gate = new ReauthorizeGate();
    const t0 = Date.UTC(2026, 10, 28, 9, 0);
    expect(gate.admit('a', t0)).toBe(true);
    gate.done('a');
    expect(gate.admit('a', t0 - 60 * 60_000)).toBe(true);
  });
});
