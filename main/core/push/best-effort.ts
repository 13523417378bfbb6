// Quit and sign-out delete the account's subscriptions at Graph, and the Electron shell waits
// for that before the process exits. When Graph (or the network) is unreachable, a delete that
// went through the client's normal policy — 5 retries, up to 60 s per attempt, one after the
// other — kept Herald running for a minute or more after the user quit. Those deletes are only a
// courtesy: a subscription left behind expires on its own within a week, a later create for our
// own URL replaces it (409 → ours → delete), and a restart adopts it. So they are sent once, in
// parallel, and quit goes on after a few seconds whatever they did.
import type { Clock } from '../clock.ts';
import type { GraphCallOptions } from '../graph/graph-client.ts';

/** How long quit / sign-out wait for the subscription deletes, in all. */
export const BEST_EFFORT_DEADLINE_MS = 3_000;

/** One attempt, no retries, bounded by the deadline (wall time: it guards a real socket). */
export const BEST_EFFORT_CALL: GraphCallOptions = { maxRetries: 0, timeoutMs: BEST_EFFORT_DEADLINE_MS };

/**
 * Waits for `work` for at most `deadlineMs`, measured on the injected clock and on wall time,
 * whichever runs out first; true when the work settled in time. Both, because either alone can
 * stall: a FakeClock (tests, chaos) does not move unless driven, and a waiting Graph client
 * (a Retry-After pause) sleeps on the injected clock, while the user quitting waits in wall time.
 * `work` is never rejected through here: a failure counts as settled.
 */
export async function settlesWithin(work: Promise<unknown>, clock: Clock, deadlineMs: number): Promise<boolean> {
  const stopClockTimer = new AbortController();
  let wallTimer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    clock.sleep(deadlineMs, stopClockTimer.signal).then(
      () => resolve(false),
      () => undefined,
    );
    wallTimer = setTimeout(() => resolve(false), deadlineMs);
    // A pending deadline must not keep the process alive once everything else is done.
    wallTimer.unref();
  });
  try {
    return await Promise.race([work.then(() => true, () => true), expired]);
  } finally {
    stopClockTimer.abort();
    clearTimeout(wallTimer);
  }
}
