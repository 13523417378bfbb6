// A `reauthorizationRequired` lifecycle notification makes Herald POST
// /subscriptions/{id}/reauthorize (https://learn.microsoft.com/graph/change-notifications-lifecycle-events).
// The tunnel sees the clientState, so a compromised tunnel can forge any number of them: three
// POSTs of 200 notifications each used to cost 600 Graph requests out of the mailbox's budget.
// The gate lets through at most one reauthorize per subscription in flight and one per
// REAUTHORIZE_MIN_INTERVAL_MS; the rest are dropped and counted.
//
// Why 10 minutes: a genuine reauthorizationRequired is about the subscription's authorization
// nearing its end, which one successful reauthorize settles for far longer than that; Graph
// repeats the notification if it still needs one, and a subscription that lapses meanwhile is
// caught anyway (subscriptionRemoved → recreate, renewal 404 → recreate, the safety-net poll).
// The worst a forger can then cost is 2 subscriptions × 6 = 12 Graph requests an hour per account.

export const REAUTHORIZE_MIN_INTERVAL_MS = 10 * 60_000;

export class ReauthorizeGate {
  private readonly lastAdmittedAt = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private droppedCount = 0;

  constructor(private readonly minIntervalMs = REAUTHORIZE_MIN_INTERVAL_MS) {}

  /** Notifications dropped so far (a flood shows here and in the debug log). */
  get dropped(): number {
    return this.droppedCount;
  }

  /** True when a reauthorize of `subscriptionId` may go out now; call `done` when it has. */
  admit(subscriptionId: string, now: number): boolean {
    const last = this.lastAdmittedAt.get(subscriptionId);
    // A clock set back (now < last) admits: the gate must not lock a subscription out for the skew.
    if (this.inFlight.has(subscriptionId) || (last !== undefined && now >= last && now - last < this.minIntervalMs)) {
      this.droppedCount += 1;
      return false;
    }
    this.inFlight.add(subscriptionId);
    this.lastAdmittedAt.set(subscriptionId, now);
    return true;
  }

  done(subscriptionId: string): void {
    this.inFlight.delete(subscriptionId);
  }

}
