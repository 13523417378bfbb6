// A counting semaphore with weighted acquisition. Graph allows at most 4 concurrent requests per
// app per mailbox (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits),
// and every request inside a $batch counts on its own (GRAPH-NOTES "Throttling"): a plain call
// takes one permit, a $batch one per inner request it may run at once, so a burst of work can
// never exceed the limit.
//
// Fairness and deadlock freedom: a caller takes all its permits at once or none (never some
// while waiting for the rest, so two batches cannot each hold half of what the other needs), and
// waiters are served strictly in arrival order: a single call arriving after a waiting batch does
// not overtake it, even when one permit is free, so a batch cannot be starved by a stream of
// single calls.

interface Waiter {
  permits: number;
  resolve: () => void;
}

export class Semaphore {
  private available: number;
  private readonly waiters: Waiter[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Semaphore size must be a positive integer, got ${size}`);
    this.available = size;
  }

  get inUse(): number {
    return this.size - this.available;
  }

  /** Takes `permits` permits at once (1..size), waiting behind anyone already waiting. */
  async acquire(permits = 1): Promise<void> {
    this.check(permits);
    if (this.waiters.length === 0 && this.available >= permits) {
      this.available -= permits;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push({ permits, resolve }));
  }

  /** Gives back `permits` permits taken by one `acquire(permits)`. */
  release(permits = 1): void {
    this.check(permits);
    this.available = Math.min(this.size, this.available + permits);
    // Hand permits straight to waiters in order, so no newcomer can overtake them; stop at the
    // first one that does not fit yet (serving a later, smaller one would starve it).
    for (let head = this.waiters[0]; head !== undefined && head.permits <= this.available; head = this.waiters[0]) {
      this.waiters.shift();
      this.available -= head.permits;
      head.resolve();
    }
  }

  async run<T>(work: () => Promise<T>, permits = 1): Promise<T> {
    await this.acquire(permits);
    try {
      return await work();
    } finally {
      this.release(permits);
    }
  }

  private check(permits: number): void {
    // More than `size` could never be granted: the caller would wait for ever.
    if (!Number.isInteger(permits) || permits < 1 || permits > this.size) {
      throw new RangeError(`Permits must be an integer from 1 to ${this.size}, got ${permits}`);
    }
  }
}
