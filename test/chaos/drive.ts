// Waiting in wall time for an incarnation's real I/O, and letting simulated time flow while
// waiting for work that itself waits on the run's clock.
import type { FakeClock } from '../../main/core/fake-clock.ts';
import type { IncarnationClock, KillSwitch } from './incarnation.ts';

/** Until the incarnation has had nothing in flight for a few turns of the event loop (30 s at most). */
export async function settleIncarnation(kill: KillSwitch | null): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let quiet = 0; quiet < 3; ) {
    const busy = kill && !kill.killed ? kill.busy : 0;
    if (busy > 0) {
      quiet = 0;
      await new Promise((resolve) => setTimeout(resolve, 1));
    } else {
      quiet += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (Date.now() > deadline) throw new Error(`chaos: the engine did not settle within 30 s of wall time (busy ${busy})`);
  }
}

/**
 * Awaits work that may itself wait on the run's clock (a retry or Retry-After inside push's
 * start or stop), letting simulated time flow as it would in a real process meanwhile. After 30 s
 * of wall time it reports `what` through `onTimeout` and gives up (undefined).
 */
export async function driveUntil<T>(work: Promise<T>, clock: FakeClock, incClock: IncarnationClock, what: string, onTimeout: (line: string) => void): Promise<T | undefined> {
  let done = false;
  const tracked = work.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  const deadline = Date.now() + 30_000;
  while (!done) {
    const due = incClock.nextDue();
    if (due !== null) await clock.advanceTo(Math.max(clock.now(), due));
    else await new Promise((resolve) => setTimeout(resolve, 1));
    if (Date.now() > deadline) {
      onTimeout(`${what} did not finish within 30 s of wall time`);
      return undefined;
    }
  }
  return tracked;
}
