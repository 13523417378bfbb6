// Push for one engine incarnation (chaos push mode): a real PushService with its webhook receiver
// on loopback, whose own loopback URL stands in for the user's tunnel (the simulator delivers to
// http on loopback). Its Graph client, clock and subscription store are the incarnation's
// killable ones. A kill closes the receiver (a dead process's socket closes with it); the
// simulator's deliveries then fail until the next incarnation's subscriptions replace them.
import type { TokenProvider } from '../../main/core/accounts/token-provider.ts';
import type { Clock } from '../../main/core/clock.ts';
import type { HeraldEngine } from '../../main/core/engine/herald-engine.ts';
import { GraphClient } from '../../main/core/graph/graph-client.ts';
import type { Logger } from '../../main/core/log.ts';
import { PushService } from '../../main/core/push/push-service.ts';
import type { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { SimAdminError, type SimAdminClient } from '../../sim/admin-client.ts';
import type { KillSwitch } from './incarnation.ts';
import type { ChaosAction } from './plan.ts';

export interface PushCounters {
  /** Change / lifecycle notifications that asked the engine for a sync. */
  syncRequests: number;
  /** Times push came up live (an incarnation's start, or a recovery after a failure). */
  live: number;
}

export interface PushIncarnationOptions {
  engine: HeraldEngine;
  accountId: string;
  tokens: TokenProvider;
  clock: Clock;
  fetch: typeof globalThis.fetch;
  store: SyncStateStore;
  graphBaseUrl: string;
  kill: KillSwitch;
  logger: Logger;
  counters: PushCounters;
}

/**
 * Starts push for an incarnation in the background, as a host does (the engine never waits for
 * push): the service is returned at once, `ready` settles when its first setUp is done.
 */
export function startPush(o: PushIncarnationOptions): { service: PushService; ready: Promise<void> } {
  const service: PushService = new PushService({
    engine: {
      requestSync: (accountId, reason) => {
        if (o.kill.killed) return;
        o.counters.syncRequests += 1;
        o.engine.requestSync(accountId, reason);
      },
      setPollIntervalOverride: (accountId, intervalMs) => o.engine.setPollIntervalOverride(accountId, intervalMs),
    },
    graphFor: (accountId) => new GraphClient({ accountId, tokens: o.tokens, clock: o.clock, baseUrl: o.graphBaseUrl, fetch: o.fetch, logger: o.logger }),
    store: o.store,
    clock: o.clock,
    settings: () => ({ enabled: true, publicUrl: service.localUrl }),
    receiver: { port: 0 },
    logger: o.logger,
  });
  let wasLive = false;
  service.onStatus((status) => {
    const live = status.state === 'live';
    if (live && !wasLive && !o.kill.killed) o.counters.live += 1;
    wasLive = live;
  });
  o.kill.whenKilled(() => {
    // What SIGKILL does to the socket; subscriptions stay at Graph (a restart adopts or replaces them).
    void service.stop({ deleteSubscriptions: false }).catch(() => undefined);
  });
  const ready = (async () => {
    await service.start();
    await service.addAccount(o.accountId);
  })();
  return { service, ready };
}

/** Graph removes a subscription (subscriptionRemoved) or drops its next notifications. */
export async function applyPushFault(
  admin: SimAdminClient,
  action: Extract<ChaosAction, { kind: 'push' }>,
  scripted: { subscriptionsRemoved: number; notificationsDropped: number },
): Promise<void> {
  // The app renews, recreates and deletes subscriptions concurrently (a killed incarnation's
  // quit, a lifecycle event being handled), so the one picked from the list may be gone by
  // the time the admin call lands: pick again from a fresh list, a few times at most.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const subscriptions = (await admin.subscriptions()).filter((sub) => sub.active);
    const target = subscriptions[action.pick % Math.max(1, subscriptions.length)];
    if (!target) return;
    try {
      if (action.what === 'subscriptionRemoved') {
        await admin.removeSubscription(target.id);
        scripted.subscriptionsRemoved += 1;
      } else {
        await admin.dropNotifications(target.id, action.count);
        scripted.notificationsDropped += action.count;
      }
      return;
    } catch (err) {
      if (!(err instanceof SimAdminError) || err.status !== 404) throw err;
    }
  }
}
