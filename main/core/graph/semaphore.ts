// A counting semaphore. Graph allows at most 4 concurrent requests per app per mailbox
// (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits); every HTTP call
// of one account's GraphClient takes a permit, so a burst of work can never exceed it.

export class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Semaphore size must be a positive integer, got ${size}`);
    this.available = size;
  }

  get inUse(): number {
    return this.size - this.available;
  }

  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    // Hand the permit straight to the next waiter so no newcomer can overtake it.
    if (next) next();
    else this.available = Math.min(this.size, this.available + 1);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }
}
