// A deterministic clock for tests, benchmarks and the chaos suite. Lives in core (not test/)
// because the benchmark and chaos runners are products of their own, and it has no deps.
import type { Clock, TimerHandle } from './clock.ts';

interface Scheduled {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers = new Map<number, Scheduled>();

  constructor(start: number | Date = Date.UTC(2026, 10, 2, 9, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current + Math.max(0, delayMs), callback });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as number);
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const handle = this.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, delayMs);
      const onAbort = () => {
        this.clearTimeout(handle);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Number of timers still waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** When the earliest waiting timer is due, or null when none waits. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const t of this.timers.values()) if (next === null || t.at < next) next = t.at;
    return next;
  }

  /**
   * Moves time forward, firing due timers in order. Between timers it yields to the event
   * loop so that promise chains started by a timer (e.g. an HTTP call) can schedule more.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const due = [...this.timers.values()]
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers.delete(due.id);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /**
   * The machine sleeps for `ms`: the wall clock moves on, and timers fire nothing, and come due
   * `ms` later than armed — Node's timers run on a monotonic clock that stops during a suspend.
   */
  suspend(ms: number): void {
    this.current += ms;
    for (const timer of this.timers.values()) timer.at += ms;
  }

  /** Jumps to an absolute time (never backwards), firing what falls due. */
  async advanceTo(time: number | Date): Promise<void> {
    const t = typeof time === 'number' ? time : time.getTime();
    await this.advance(Math.max(0, t - this.current));
  }
}

async function flushMicrotasks(): Promise<void> {
  // setImmediate lets I/O callbacks and resolved promises run before the next timer fires.
  await new Promise<void>((resolve) => setImmediate(resolve));
}
