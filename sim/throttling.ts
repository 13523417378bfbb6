// Outlook's per-app-per-mailbox concurrency limit (GRAPH-NOTES "Throttling": at most 4
// concurrent requests). Off by default so unrelated tests never trip on it; switch it on with
// POST /_admin/throttling {mailboxConcurrency: 4} to check a client's own limiter.

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

  /** The most requests seen in flight at once per user id since the last reset. */
  peaks(): Record<string, number> {
    return Object.fromEntries(this.highWater);
  }

  resetPeaks(): void {
    this.highWater = new Map();
  }
}
