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

/** Settles `work`, advancing the fake clock by `stepMs` each time something waits on it. */
export async function driveFakeClock<T>(clock: FakeClock, work: Promise<T>, stepMs = 250): Promise<T> {
  let settled = false;
  const tracked = work.finally(() => {
    settled = true;
  });
  tracked.catch(() => undefined);
  while (!settled) {
    if (clock.pending > 0) await clock.advance(stepMs);
    else await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return tracked;
}
