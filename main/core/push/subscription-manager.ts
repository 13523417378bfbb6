// One account's Graph change-notification subscriptions
// (https://learn.microsoft.com/graph/api/subscription-post-subscriptions):
//   mail   → me/mailFolders('inbox')/messages, created,updated
//   events → me/events, created,updated,deleted
// each with its own random clientState, TLS 1.2, a lifecycle URL, and the longest expiry Graph
// allows for Outlook resources without resource data (10,080 minutes) less a small margin.
// Renewed (PATCH) when under 24 h remain, on the injected clock; a renewal answered 404 recreates;
// a create answered 409 ("already exists for the requested combination") replaces the conflicting
// subscription only when it is ours (subscription-conflict.ts), and otherwise leaves push to its
// owner and fails over to polling; a restart adopts live subscriptions from the state file.
// Lifecycle: reauthorizationRequired → reauthorize; missed → delta sync; subscriptionRemoved →
// recreate. All work for one account runs through one queue, so nothing interleaves.
import type { Clock, TimerHandle } from '../clock.ts';
import type { GraphClient } from '../graph/graph-client.ts';
import { GraphError } from '../graph/graph-errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { SyncStateStore } from '../state/sync-state-store.ts';
import { BEST_EFFORT_CALL, BEST_EFFORT_DEADLINE_MS, settlesWithin } from './best-effort.ts';
import { newClientState } from './client-state.ts';
import type { LifecycleEvent } from './notification-schema.ts';
import { describeFailure, isValidationFailure, type PushFailure } from './push-failure.ts';
import { subscriptionListSchema, subscriptionSchema } from './graph-subscription.ts';
import { ReauthorizeGate } from './reauthorize-gate.ts';
import { collidingWith, conflictingIdFrom, ForeignSubscriptionError, isOurs } from './subscription-conflict.ts';
import { EXPIRATION_MARGIN_MS, MAX_EXPIRATION_MS, RENEW_BEFORE_MS, RETRY_AFTER_FAILURE_MS, SKEWED_CLOCK_LIFETIME_MS, SUBSCRIPTION_SPECS } from './subscription-policy.ts';
import { PushStateFile, type SubscriptionPurpose, type SubscriptionRecord } from './subscription-state.ts';
import type { KnownSubscription } from './webhook-receiver.ts';
import type { PushTexts } from './push-texts.ts';

export { EXPIRATION_MARGIN_MS, MAX_EXPIRATION_MS, RENEW_BEFORE_MS, RETRY_AFTER_FAILURE_MS, SKEWED_CLOCK_LIFETIME_MS, SUBSCRIPTION_SPECS } from './subscription-policy.ts';

export type ManagerState = 'off' | 'validating' | 'live' | 'failing';

export interface ManagerStatus {
  state: ManagerState;
  reason: string | null;
}

export interface SubscriptionManagerOptions {
  /** The words of a failure's reason, in the app's language (default English). */
  texts?: () => PushTexts;
  accountId: string;
  graph: GraphClient;
  clock: Clock;
  store: SyncStateStore;
  /** The public HTTPS URLs (the tunnel) of the receiver's two paths. */
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  /** A delta sync is needed now (missed notifications, a subscription that was gone). */
  requestSync(reason: string): void;
  onStatus(status: ManagerStatus): void;
  logger?: Logger;
}

const PURPOSES: readonly SubscriptionPurpose[] = ['mail', 'events'];

export class SubscriptionManager {
  private readonly o: SubscriptionManagerOptions;
  private readonly log: Logger;
  private readonly file: PushStateFile;
  private readonly records = new Map<SubscriptionPurpose, SubscriptionRecord>();
  private readonly renewTimers = new Map<SubscriptionPurpose, TimerHandle>();
  /** Every subscription id this account's push made or adopted (what a 409 may replace). */
  private readonly ownIds = new Set<string>();
  private retryTimer: TimerHandle | null = null;
  /** Forged reauthorizationRequired floods cost at most one reauthorize per subscription per 10 min. */
  private readonly reauthorizeGate = new ReauthorizeGate();
  private readonly startWaiters = new Set<() => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private current: ManagerStatus = { state: 'off', reason: null };
  private stopped = false;

  constructor(options: SubscriptionManagerOptions) {
    this.o = options;
    this.log = (options.logger ?? silentLogger).child({ accountId: options.accountId, component: 'push' });
    this.file = new PushStateFile(options.store, options.accountId);
  }

  get accountId(): string {
    return this.o.accountId;
  }

  get status(): ManagerStatus {
    return this.current;
  }

  /** The live records (for tests and diagnostics). */
  subscriptions(): SubscriptionRecord[] {
    return [...this.records.values()];
  }

  lookup(subscriptionId: string): KnownSubscription | undefined {
    for (const record of this.records.values()) {
      if (record.id === subscriptionId) return { accountId: this.o.accountId, clientState: record.clientState };
    }
    return undefined;
  }

  /** Adopts or creates both subscriptions. Resolves when push is live, off or failing. */
  start(): Promise<void> {
    this.stopped = false;
    const setUp = this.enqueue(() => this.setUp());
    // Quit or sign-out (`interrupt`) must not wait behind a setup stuck in Graph's retries.
    const interrupted = new Promise<void>((resolve) => this.startWaiters.add(resolve));
    return Promise.race([setUp, interrupted]);
  }

  /**
   * Quit or sign-out is coming (PushService calls this before queuing its stop): no more timers,
   * and whoever awaits `start()` stops waiting; the setup in flight finishes in the background.
   */
  interrupt(): void {
    this.stopped = true;
    this.clearTimers();
    for (const resolve of this.startWaiters) resolve();
    this.startWaiters.clear();
  }

  /** reauthorizationRequired notifications dropped by the gate (reauthorize-gate.ts). */
  get droppedReauthorizations(): number {
    return this.reauthorizeGate.dropped;
  }

  /**
   * Stops timers; with `deleteSubscriptions` (sign-out, quit) forgets the subscriptions and
   * deletes them at Graph — best effort (best-effort.ts): once each, in parallel, and resolving
   * within a few seconds even when Graph is unreachable or this account's queue is busy.
   */
  async stop(options: { deleteSubscriptions: boolean }): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const work = this.enqueue(async () => {
      if (options.deleteSubscriptions) {
        const ids = [...this.records.values()].map((record) => record.id);
        this.records.clear();
        const deletes = Promise.all(ids.map((id) => this.deleteAtGraph(id, true)));
        await this.file.remove();
        if (!(await settlesWithin(deletes, this.o.clock, BEST_EFFORT_DEADLINE_MS))) {
          this.log.warn({ subscriptions: ids.length }, 'subscription deletes did not finish in time; they expire on their own');
        }
      }
      this.setStatus({ state: 'off', reason: null });
    });
    // Work already queued (a setup waiting on an unreachable Graph) must not hold up quit either.
    if (!(await settlesWithin(work, this.o.clock, 2 * BEST_EFFORT_DEADLINE_MS))) {
      this.log.warn('push for this account was still busy at stop; not waiting for it');
    }
  }

  /**
   * After a system sleep the renewal timers (a monotonic clock) are late by the time slept:
   * re-arm each from the wall clock, so a renewal that fell due during the sleep runs now.
   */
  recheckRenewals(): void {
    if (this.stopped) return;
    for (const purpose of this.records.keys()) this.scheduleRenewal(purpose);
  }

  handleLifecycle(subscriptionId: string, event: LifecycleEvent): Promise<void> {
    const reauthorization = event === 'reauthorizationRequired';
    if (reauthorization && !this.reauthorizeGate.admit(subscriptionId, this.o.clock.now())) {
      this.log.debug({ dropped: this.reauthorizeGate.dropped }, 'reauthorizationRequired dropped: one was handled for this subscription recently');
      return Promise.resolve();
    }
    return this.enqueue(async () => {
      try {
        await this.handleLifecycleNow(subscriptionId, event);
      } finally {
        if (reauthorization) this.reauthorizeGate.done(subscriptionId);
      }
    });
  }

  private async handleLifecycleNow(subscriptionId: string, event: LifecycleEvent): Promise<void> {
    const record = [...this.records.values()].find((r) => r.id === subscriptionId);
    if (!record || this.stopped) return;
    this.log.info({ lifecycleEvent: event, purpose: record.purpose }, 'lifecycle notification');
    try {
      if (event === 'missed') {
        this.o.requestSync('push:missed');
      } else if (event === 'subscriptionRemoved') {
        this.records.delete(record.purpose);
        await this.create(record.purpose);
        await this.persist();
        // Changes while it was gone were never notified.
        this.o.requestSync('push:recreated');
      } else {
        await this.reauthorize(record);
      }
    } catch (err) {
      this.fail(err);
    }
  }

  private async setUp(): Promise<void> {
    if (this.stopped) return;
    this.clearTimers();
    this.setStatus({ state: 'validating', reason: null });
    try {
      const saved = await this.file.load();
      for (const record of saved.subscriptions) this.ownIds.add(record.id);
      for (const purpose of PURPOSES) {
        const previous = saved.subscriptions.find((r) => r.purpose === purpose) ?? this.records.get(purpose);
        await this.ensure(purpose, previous);
      }
      await this.persist();
      for (const purpose of PURPOSES) this.scheduleRenewal(purpose);
      this.setStatus({ state: 'live', reason: null });
    } catch (err) {
      // Keep what was made before the failure, so the next attempt adopts it instead of a 409.
      await this.persist().catch(() => undefined);
      this.fail(err);
    }
  }

  /** Adopts `previous` if Graph still has it for our URL, else creates a new subscription. */
  private async ensure(purpose: SubscriptionPurpose, previous: SubscriptionRecord | undefined): Promise<void> {
    if (previous && previous.notificationUrl === this.o.notificationUrl) {
      const alive = await this.fetchAlive(previous.id);
      if (alive) {
        const record = { ...previous, expiresAt: alive.expiresAt };
        this.records.set(purpose, record);
        if (record.expiresAt - this.o.clock.now() < RENEW_BEFORE_MS) await this.renew(purpose);
        return;
      }
    } else if (previous) {
      // The public URL changed: the old subscription would deliver to a dead tunnel.
      await this.deleteAtGraph(previous.id);
    }
    await this.create(purpose);
  }

  private async fetchAlive(id: string): Promise<{ expiresAt: number } | null> {
    try {
      const sub = await this.o.graph.request({ method: 'GET', url: `/subscriptions/${encodeURIComponent(id)}` }, subscriptionSchema);
      const expiresAt = Date.parse(sub.expirationDateTime);
      return Number.isNaN(expiresAt) || expiresAt <= this.o.clock.now() ? null : { expiresAt };
    } catch (err) {
      if (err instanceof GraphError && err.status === 404) return null;
      throw err;
    }
  }

  private async create(purpose: SubscriptionPurpose, afterConflict = false): Promise<void> {
    const spec = SUBSCRIPTION_SPECS[purpose];
    const clientState = newClientState();
    try {
      const created = await this.withSkewFallback((expiresAt) =>
        this.o.graph.request(
          {
            method: 'POST',
            url: '/subscriptions',
            body: {
              changeType: spec.changeType,
              notificationUrl: this.o.notificationUrl,
              lifecycleNotificationUrl: this.o.lifecycleNotificationUrl,
              resource: spec.resource,
              expirationDateTime: new Date(expiresAt).toISOString(),
              clientState,
              latestSupportedTlsVersion: 'v1_2',
            },
          },
          subscriptionSchema,
        ),
      );
      const confirmed = Date.parse(created.value.expirationDateTime);
      this.ownIds.add(created.value.id);
      this.records.set(purpose, {
        purpose,
        id: created.value.id,
        resource: spec.resource,
        changeType: spec.changeType,
        notificationUrl: this.o.notificationUrl,
        clientState,
        expiresAt: Number.isNaN(confirmed) ? created.expiresAt : confirmed,
      });
      this.log.info({ purpose }, 'subscription created');
    } catch (err) {
      if (!(err instanceof GraphError) || err.status !== 409) throw err;
      // "Subscription Id <…> already exists for the requested combination". Ours (state lost, a
      // failed delete) is replaced: we cannot adopt a subscription whose clientState we do not
      // know. Anyone else's stays: deleting it would silently take push away from its owner.
      if (afterConflict || !(await this.deleteOwnConflicting(purpose, conflictingIdFrom(err.message)))) {
        throw new ForeignSubscriptionError(spec.resource, conflictingIdFrom(err.message));
      }
      await this.create(purpose, true);
    }
  }

  /**
   * Asks for the longest lifetime; when Graph answers 400 that the expiration is too far in the
   * future (or already past), our clock disagrees with Graph's beyond the margin, so it asks
   * once more for a lifetime short enough to survive the skew instead of turning push off.
   */
  private async withSkewFallback<T>(send: (expiresAt: number) => Promise<T>): Promise<{ value: T; expiresAt: number }> {
    const longest = this.o.clock.now() + MAX_EXPIRATION_MS - EXPIRATION_MARGIN_MS;
    try {
      return { value: await send(longest), expiresAt: longest };
    } catch (err) {
      if (!(err instanceof GraphError) || err.status !== 400 || !/expiration/i.test(err.message)) throw err;
      const shorter = this.o.clock.now() + SKEWED_CLOCK_LIFETIME_MS;
      this.log.warn({ status: err.status, code: err.code }, 'subscription expiration refused; clock skew suspected, asking for a shorter lifetime');
      return { value: await send(shorter), expiresAt: shorter };
    }
  }

  /** Deletes the colliding subscriptions that are ours; false when the collision is not ours. */
  private async deleteOwnConflicting(purpose: SubscriptionPurpose, conflictingId: string | null): Promise<boolean> {
    const spec = SUBSCRIPTION_SPECS[purpose];
    // GET /subscriptions lists this app's subscriptions for the signed-in user; one made by
    // another app is not listed at all, and is never ours.
    const list = await this.o.graph.request({ method: 'GET', url: '/subscriptions' }, subscriptionListSchema);
    const colliding = collidingWith(list.value, spec.resource, spec.changeType);
    const ours = colliding.filter((sub) => isOurs(sub, this.ownIds, this.o.notificationUrl));
    if (ours.length === 0 || ours.length < colliding.length) {
      this.log.warn({ purpose, colliding: colliding.length, ours: ours.length, conflictingId }, 'a subscription of someone else holds push for this account');
      return false;
    }
    for (const sub of ours) {
      this.log.info({ purpose }, 'replacing our own conflicting subscription');
      await this.deleteAtGraph(sub.id);
      this.ownIds.delete(sub.id);
    }
    return true;
  }

  private async renew(purpose: SubscriptionPurpose): Promise<void> {
    const record = this.records.get(purpose);
    if (!record) return;
    try {
      const renewed = await this.withSkewFallback((expiresAt) =>
        this.o.graph.request(
          { method: 'PATCH', url: `/subscriptions/${encodeURIComponent(record.id)}`, body: { expirationDateTime: new Date(expiresAt).toISOString() } },
          subscriptionSchema,
        ),
      );
      const confirmed = Date.parse(renewed.value.expirationDateTime);
      this.records.set(purpose, { ...record, expiresAt: Number.isNaN(confirmed) ? renewed.expiresAt : confirmed });
      this.log.info({ purpose }, 'subscription renewed');
    } catch (err) {
      if (!(err instanceof GraphError) || err.status !== 404) throw err;
      // Expired or removed at Graph: make a new one, and catch up on what it did not notify.
      this.records.delete(purpose);
      await this.create(purpose);
      this.o.requestSync('push:recreated');
    }
  }

  private async reauthorize(record: SubscriptionRecord): Promise<void> {
    try {
      await this.o.graph.request({ method: 'POST', url: `/subscriptions/${encodeURIComponent(record.id)}/reauthorize` });
    } catch (err) {
      if (!(err instanceof GraphError) || err.status !== 404) throw err;
      this.records.delete(record.purpose);
      await this.create(record.purpose);
      this.o.requestSync('push:recreated');
    }
    await this.persist();
  }

  private scheduleRenewal(purpose: SubscriptionPurpose): void {
    const existing = this.renewTimers.get(purpose);
    if (existing) this.o.clock.clearTimeout(existing);
    const record = this.records.get(purpose);
    if (!record || this.stopped) return;
    const delay = Math.max(0, record.expiresAt - RENEW_BEFORE_MS - this.o.clock.now());
    this.renewTimers.set(
      purpose,
      this.o.clock.setTimeout(() => {
        this.renewTimers.delete(purpose);
        void this.enqueue(async () => {
          if (this.stopped) return;
          try {
            await this.renew(purpose);
            await this.persist();
            this.scheduleRenewal(purpose);
            if (this.current.state !== 'live') this.setStatus({ state: 'live', reason: null });
          } catch (err) {
            this.fail(err);
          }
        });
      }, delay),
    );
  }

  /** `bestEffort`: quit / sign-out — one attempt, short timeout (best-effort.ts). */
  private async deleteAtGraph(id: string, bestEffort = false): Promise<void> {
    try {
      await this.o.graph.request({ method: 'DELETE', url: `/subscriptions/${encodeURIComponent(id)}` }, undefined, bestEffort ? BEST_EFFORT_CALL : {});
    } catch (err) {
      // Already gone is fine; anything else expires on its own within a week.
      if (!(err instanceof GraphError && err.status === 404)) this.log.warn({ err }, 'could not delete a subscription');
    }
  }

  private fail(err: unknown): void {
    const failure: PushFailure = describeFailure(err, this.o.texts?.());
    this.log.warn({ err, reason: failure.reason }, 'push setup failed');
    if (isValidationFailure(failure)) {
      // The tunnel does not reach us (or answers wrongly): retrying will not help until the
      // user fixes it; push stays off with the reason.
      this.clearTimers();
      this.setStatus({ state: 'off', reason: failure.reason });
      return;
    }
    this.setStatus({ state: 'failing', reason: failure.reason });
    if (this.stopped) return;
    if (this.retryTimer) this.o.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.o.clock.setTimeout(() => {
      this.retryTimer = null;
      void this.enqueue(() => this.setUp());
    }, RETRY_AFTER_FAILURE_MS);
  }

  private persist(): Promise<void> {
    return this.file.save([...this.records.values()]);
  }

  private clearTimers(): void {
    for (const timer of this.renewTimers.values()) this.o.clock.clearTimeout(timer);
    this.renewTimers.clear();
    if (this.retryTimer) this.o.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setStatus(status: ManagerStatus): void {
    if (status.state === this.current.state && status.reason === this.current.reason) return;
    this.current = status;
    this.o.onStatus(status);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
