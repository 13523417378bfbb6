// driveFakeClock moves fake time through the waits a piece of work makes, and no further:
// a far timer (the next poll, a subscription renewal) must not fire while real I/O is slow.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { DEFAULT_DRIVE_HORIZON_MS, driveFakeClock } from '../support/graph-fake-time.ts';

const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('driveFakeClock', () => {
  it('advances through a wait the work makes on the clock', async () => {
    const clock = new FakeClock(0);
    const work = clock.sleep(30_000).then(() => 'slept');
    expect(await driveFakeClock(clock, work)).toBe('slept');
    expect(clock.now()).toBeGreaterThanOrEqual(30_000);
  });

  it('does not move time toward a timer beyond the horizon while real I/O is pending', async () => {
    const clock = new FakeClock(0);
    let pollFired = false;
    clock.setTimeout(() => {
      pollFired = true;
    }, 5 * 60_000);
    // 200 ms of "slow loopback": the old loop advanced 250 ms of fake time per event-loop turn.
    await driveFakeClock(clock, realDelay(200));
    expect(pollFired).toBe(false);
    expect(clock.now()).toBe(0);
  });

  it('never moves time past the horizon, even with a due timer inside it', async () => {
    const clock = new FakeClock(0);
    clock.setTimeout(() => undefined, 1_000);
    clock.setTimeout(() => undefined, DEFAULT_DRIVE_HORIZON_MS + 1);
    await driveFakeClock(clock, realDelay(100));
    expect(clock.now()).toBeLessThanOrEqual(DEFAULT_DRIVE_HORIZON_MS);
    expect(clock.pending).toBe(1);
  });
});
