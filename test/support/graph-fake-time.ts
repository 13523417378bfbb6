// Runs real-HTTP work against a FakeClock: whenever the work is waiting on the clock (a
// Retry-After or backoff sleep), time is advanced; otherwise real I/O is given a moment.
// The recorded sleeps let tests assert "waited at least Retry-After" on the injected clock.
import type { Clock, TimerHandle } from '../../main/core/clock.ts';
import type { FakeClock } from '../../main/core/fake-clock.ts';

export class RecordingClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(readonly fake: FakeClock) {}
  now(): number {
    return this.fake.now();
  }
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    return this.fake.setTimeout(callback, delayMs);
  }
  clearTimeout(handle: TimerHandle): void {
    this.fake.clearTimeout(handle);
  }
  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(delayMs);
    return this.fake.sleep(delayMs, signal);
  }
}

/**
 * How far past its start `driveFakeClock` may move time by default: past the longest wait a
 * single check makes inline (the engine ends a cycle instead of sleeping > 30 s, plus jitter),
 * and short of the poll timer (5 min) and anything further out. Without this bound, a
 * slow loopback round trip on a loaded machine let the loop race fake time minutes ahead of
 * the simulator's real clock: poll timers fired mid-check and subscription expirations
 * computed from fake "now" were refused by the simulator as too far in the future.
 */
export const DEFAULT_DRIVE_HORIZON_MS = 2 * 60_000;

/**
 * Settles `work`, advancing the fake clock by `stepMs` whenever a timer within the horizon
 * waits (a Retry-After or backoff sleep); otherwise real I/O is given a moment.
 */
export async function driveFakeClock<T>(
  clock: FakeClock,
  work: Promise<T>,
  stepMs = 250,
  horizonMs = DEFAULT_DRIVE_HORIZON_MS,
): Promise<T> {
  let settled = false;
  const tracked = work.finally(() => {
    settled = true;
  });
  tracked.catch(() => undefined);
  const limit = clock.now() + horizonMs;
  while (!settled) {
    const due = clock.nextDueAt();
    if (due !== null && due <= limit) await clock.advance(Math.max(0, Math.min(stepMs, limit - clock.now())));
    else await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return tracked;
}
