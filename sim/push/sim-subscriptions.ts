// The simulator's change-notification service: the subscriptions of every user, the
// notification-endpoint validation at create time, expiry on the data clock, and delivery of
// changeNotificationCollections when an inbox or calendar changes. Changes are found by reading
// the mailbox and calendar change logs (the same logs delta queries read) after every request
// and on a short timer, so mail delivered by the admin API, by sendMail or by the demo scheduler
// all notify. Admin hooks (expire, remove, drop, lifecycle, slow or failing delivery) sit here too.
import { randomUUID } from 'node:crypto';
import type { SimContext } from '../context.ts';
import type { GraphTenant } from '../graph/tenant.ts';
import { changesAfter } from '../graph/mailbox.ts';
import type { SimUser } from '../users.ts';
import { Deliverer } from './delivery.ts';
import {
  emptyCounters,
  type ChangeType,
  type LifecycleEvent,
  type SimSubscription,
} from './sim-subscription.ts';
import { VALIDATION_TIMEOUT_MS, validateEndpoint, type ValidationResult } from './validation.ts';

/** How often changes are looked for when no request prompts it (demo scheduler, timers). */
const SCAN_INTERVAL_MS = 50;

export interface NewSubscription {
  user: SimUser;
  applicationId: string;
  resource: string;
  kind: SimSubscription['kind'];
  changeTypes: Set<ChangeType>;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  latestSupportedTlsVersion: string;
  latestSupportedTlsVersionSent: string | null;
  expiresAt: number;
}

interface PendingChange {
  changeType: ChangeType;
  id: string;
}

export class SimSubscriptions {
  readonly deliverer = new Deliverer();
  validationTimeoutMs = VALIDATION_TIMEOUT_MS;
  private readonly subs = new Map<string, SimSubscription>();
  private scanQueued = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: SimContext,
    private readonly tenant: GraphTenant,
  ) {}

  isActive(sub: SimSubscription): boolean {
    return sub.expiresAt > this.ctx.clock.now();
  }

  /** An active subscription by id (expired ones are gone, as in Graph). */
  find(id: string): SimSubscription | undefined {
    const sub = this.subs.get(id);
    return sub && this.isActive(sub) ? sub : undefined;
  }

  /** Active subscriptions of one user made by one app. */
  listFor(userId: string, applicationId: string): SimSubscription[] {
    return [...this.subs.values()].filter((s) => s.userId === userId && s.applicationId === applicationId && this.isActive(s));
  }

  /** Every subscription, expired ones included (admin). */
  all(): SimSubscription[] {
    return [...this.subs.values()];
  }

  /** The active subscription with the same changeType + resource for this user and app, if any. */
  duplicateOf(input: NewSubscription): SimSubscription | undefined {
    return this.listFor(input.user.id, input.applicationId).find(
      (s) => s.kind === input.kind && sameSet(s.changeTypes, input.changeTypes),
    );
  }

  /** Validates the endpoint(s), then stores the subscription. */
  async validate(input: NewSubscription): Promise<ValidationResult> {
    const main = await validateEndpoint(input.notificationUrl, this.validationTimeoutMs);
    if (!main.ok || input.lifecycleNotificationUrl === null) return main;
    return validateEndpoint(input.lifecycleNotificationUrl, this.validationTimeoutMs);
  }

  add(input: NewSubscription): SimSubscription {
    const sub: SimSubscription = {
      id: randomUUID(),
      userId: input.user.id,
      tenantId: input.user.tenantId,
      applicationId: input.applicationId,
      resource: input.resource,
      kind: input.kind,
      changeTypes: input.changeTypes,
      changeType: input.changeType,
      notificationUrl: input.notificationUrl,
      lifecycleNotificationUrl: input.lifecycleNotificationUrl,
      clientState: input.clientState,
      latestSupportedTlsVersion: input.latestSupportedTlsVersion,
      latestSupportedTlsVersionSent: input.latestSupportedTlsVersionSent,
      expiresAt: input.expiresAt,
      cursor: this.currentSeq(input.user.id, input.kind),
      dropNext: 0,
      missedAfterDrop: false,
      counters: emptyCounters(),
    };
    this.subs.set(sub.id, sub);
    this.ensureTimer();
    return sub;
  }

  delete(id: string): boolean {
    const deleted = this.subs.delete(id);
    if (this.subs.size === 0) this.stopTimer();
    return deleted;
  }

  // ---- admin ----

  /** Makes a subscription expire now: it stops delivering and answers 404. */
  expire(id: string): SimSubscription | undefined {
    const sub = this.subs.get(id);
    if (sub) sub.expiresAt = this.ctx.clock.now() - 1;
    return sub;
  }

  /** Graph removed the subscription: it is gone and `subscriptionRemoved` goes to the lifecycle URL. */
  remove(id: string): SimSubscription | undefined {
    const sub = this.subs.get(id);
    if (!sub) return undefined;
    this.subs.delete(id);
    this.sendLifecycle(sub, 'subscriptionRemoved');
    return sub;
  }

  /** Drops the next `count` notification POSTs; then, optionally, sends `missed`. */
  drop(id: string, count: number, thenMissed: boolean): SimSubscription | undefined {
    const sub = this.find(id);
    if (!sub) return undefined;
    sub.dropNext = count;
    sub.missedAfterDrop = thenMissed;
    return sub;
  }

  sendLifecycle(sub: SimSubscription, event: LifecycleEvent): void {
    if (sub.lifecycleNotificationUrl === null) return;
    const payload = {
      value: [
        {
          subscriptionId: sub.id,
          subscriptionExpirationDateTime: new Date(sub.expiresAt).toISOString(),
          tenantId: sub.tenantId,
          clientState: sub.clientState,
          lifecycleEvent: event,
          resource: sub.resource,
        },
      ],
    };
    void this.deliverer
      .post(sub.lifecycleNotificationUrl, payload, () => (sub.counters.failedAttempts += 1))
      .then((outcome) => {
        if (outcome.delivered) sub.counters.lifecycleDelivered += 1;
        else sub.counters.abandoned += 1;
      });
  }

  // ---- change detection ----

  /** Looks for changes soon (coalesced): called after every request the simulator answers. */
  poke(): void {
    if (this.scanQueued || this.subs.size === 0) return;
    this.scanQueued = true;
    setImmediate(() => {
      this.scanQueued = false;
      this.scan();
    });
  }

  /** Turns new mailbox / calendar changes into notification POSTs, one POST per subscription. */
  scan(): void {
    for (const sub of this.subs.values()) {
      if (!this.isActive(sub)) continue;
      const user = this.ctx.users.findById(sub.userId);
      if (!user) continue;
      const changes = sub.kind === 'events' ? this.eventChanges(sub, user) : this.mailChanges(sub, user);
      const wanted = changes.filter((c) => sub.changeTypes.has(c.changeType));
      if (wanted.length > 0) this.deliver(sub, wanted);
    }
  }

  stop(): void {
    this.stopTimer();
    this.deliverer.stop();
  }

  private deliver(sub: SimSubscription, changes: PendingChange[]): void {
    if (sub.dropNext > 0) {
      sub.dropNext -= 1;
      sub.counters.dropped += 1;
      if (sub.dropNext === 0 && sub.missedAfterDrop) {
        sub.missedAfterDrop = false;
        this.sendLifecycle(sub, 'missed');
      }
      return;
    }
    const entity = sub.kind === 'events' ? 'Events' : 'Messages';
    const odataType = sub.kind === 'events' ? '#Microsoft.Graph.Event' : '#Microsoft.Graph.Message';
    // Without resource data: ids only (https://learn.microsoft.com/graph/api/resources/changenotification).
    const value = changes.map((c) => ({
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: new Date(sub.expiresAt).toISOString(),
      changeType: c.changeType,
      resource: `Users/${sub.userId}/${entity}/${c.id}`,
      clientState: sub.clientState,
      tenantId: sub.tenantId,
      resourceData: { '@odata.type': odataType, '@odata.id': `Users/${sub.userId}/${entity}/${c.id}`, id: c.id },
    }));
    void this.deliverer
      .post(sub.notificationUrl, { value }, () => (sub.counters.failedAttempts += 1))
      .then((outcome) => {
        if (outcome.delivered) {
          sub.counters.delivered += 1;
          sub.counters.notificationsDelivered += value.length;
        } else sub.counters.abandoned += 1;
      });
  }

  private mailChanges(sub: SimSubscription, user: SimUser): PendingChange[] {
    const mailbox = this.tenant.mailbox(user);
    const inboxId = mailbox.wellKnown('inbox').id;
    const out: PendingChange[] = [];
    for (let i = changesAfter(mailbox.changes, sub.cursor); i < mailbox.changes.length; i++) {
      const change = mailbox.changes[i];
      if (!change) continue;
      sub.cursor = change.seq;
      if (sub.kind === 'inboxMessages') {
        const inNow = change.folderId === inboxId;
        const inBefore = change.prevFolderId === inboxId;
        if (inNow && !inBefore) out.push({ changeType: 'created', id: change.id });
        else if (inNow && inBefore) out.push({ changeType: 'updated', id: change.id });
        else if (!inNow && inBefore) out.push({ changeType: 'deleted', id: change.id });
      } else if (change.folderId === null) out.push({ changeType: 'deleted', id: change.id });
      else out.push({ changeType: change.prevFolderId === null ? 'created' : 'updated', id: change.id });
    }
    return out;
  }

  private eventChanges(sub: SimSubscription, user: SimUser): PendingChange[] {
    const calendar = this.tenant.calendar(user);
    const out: PendingChange[] = [];
    for (let i = changesAfter(calendar.changes, sub.cursor); i < calendar.changes.length; i++) {
      const change = calendar.changes[i];
      if (!change) continue;
      sub.cursor = change.seq;
      const changeType: ChangeType = change.before === null ? 'created' : calendar.events.has(change.id) ? 'updated' : 'deleted';
      out.push({ changeType, id: change.id });
    }
    return out;
  }

  private currentSeq(userId: string, kind: SimSubscription['kind']): number {
    const user = this.ctx.users.findById(userId);
    if (!user) return 0;
    return kind === 'events' ? this.tenant.calendar(user).seq : this.tenant.mailbox(user).seq;
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.scan(), SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
