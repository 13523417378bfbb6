// Outlook's per-app-per-mailbox concurrency limit (GRAPH-NOTES "Throttling": at most 4
// concurrent requests, and each request inside a $batch counts on its own). Off by default so
// unrelated tests never trip on it; switch it on with POST /_admin/throttling
// {mailboxConcurrency: 4} to check a client's own limiter.
//
// What holds a slot: a Graph request sent alone, from arrival until its answer is written
// (sim/server.ts); each inner request of a $batch while it runs (sim/graph/batch.ts, up to 4 at
// once as Graph dispatches them). The $batch POST itself holds none: it is not a request
// against the mailbox.

/** The answer to a request over the limit (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits). */
export const MAILBOX_CONCURRENCY_ERROR = {
  status: 429,
  code: 'ApplicationThrottled',
  message: 'Application is over its MailboxConcurrency limit.',
  headers: { 'Retry-After': '1' },
} as const;

/** One request's slot: `overLimit` = answer 429; `leave` (idempotent) when it has finished. */
export interface MailboxSlot {
  readonly overLimit: boolean;
  leave(): void;
}

export class MailboxConcurrency {
  private readonly inflight = new Map<string, number>();
  private highWater = new Map<string, number>();
  /** null = not enforced (still measured). */
  limit: number | null = null;

  /** Counts a request in; false when it is over the limit (the caller answers 429). */
  enter(userId: string): boolean {
    const now = (this.inflight.get(userId) ?? 0) + 1;
    this.inflight.set(userId, now);
    this.highWater.set(userId, Math.max(now, this.highWater.get(userId) ?? 0));
    return this.limit === null || now <= this.limit;
  }

  leave(userId: string): void {
    const now = (this.inflight.get(userId) ?? 1) - 1;
    if (now <= 0) this.inflight.delete(userId);
    else this.inflight.set(userId, now);
  }

  /** `enter` with a `leave` that counts once however often it is called. */
  hold(userId: string): MailboxSlot {
    const overLimit = !this.enter(userId);
    let left = false;
    return {
      overLimit,
      leave: () => {
        if (left) return;
        left = true;
        this.leave(userId);
      },
    };
  }

  /** The most requests seen in flight at once per user id since the last reset. */
  peaks(): Record<string, number> {
    return Object.fromEntries(this.highWater);
  }

  resetPeaks(): void {
    this.highWater = new Map();
  }
}
