// Admin routes for change notifications (sim/README.md "Subscriptions"): list subscriptions with
// their delivery counters, expire / remove / drop / send a lifecycle event for one, make every
// delivery slow or failing for a while, and tune the retry timing for tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SimContext } from '../context.ts';
import { HttpError, sendJson } from '../http.ts';
import type { SimSubscriptions } from '../push/sim-subscriptions.ts';
import type { SimSubscription } from '../push/sim-subscription.ts';
import { readValid } from './admin-http.ts';

const dropSchema = z.object({ count: z.number().int().min(1).max(10_000), thenMissed: z.boolean().default(false) });
const lifecycleSchema = z.object({ lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']) });
const deliveryFaultSchema = z.object({
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  failStatus: z.number().int().min(300).max(599).nullable().default(null),
  /** Attempts affected; with neither count nor durationMs, until cleared. */
  count: z.number().int().min(1).optional(),
  durationMs: z.number().int().min(1).optional(),
});
const configSchema = z.object({
  retryBaseMs: z.number().int().min(1).max(600_000).optional(),
  maxAttempts: z.number().int().min(1).max(50).optional(),
  timeoutMs: z.number().int().min(1).max(60_000).optional(),
  validationTimeoutMs: z.number().int().min(1).max(60_000).optional(),
});

export function adminSubscriptionJson(subs: SimSubscriptions, sub: SimSubscription): Record<string, unknown> {
  return {
    id: sub.id,
    userId: sub.userId,
    resource: sub.resource,
    changeType: sub.changeType,
    notificationUrl: sub.notificationUrl,
    lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
    latestSupportedTlsVersion: sub.latestSupportedTlsVersion,
    latestSupportedTlsVersionSent: sub.latestSupportedTlsVersionSent,
    expirationDateTime: new Date(sub.expiresAt).toISOString(),
    active: subs.isActive(sub),
    dropNext: sub.dropNext,
    counters: { ...sub.counters },
  };
}

/** Handles /_admin/subscriptions… and /_admin/push/…; returns false for other routes. */
export async function handleSubscriptionAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  _ctx: SimContext,
  subs: SimSubscriptions,
  seg: string[],
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const [s0, s1, s2] = seg;
  const json = (status: number, body: unknown): true => {
    sendJson(res, status, body);
    return true;
  };

  if (s0 === 'push' && s1 === 'deliveries' && seg.length === 2) {
    if (method === 'GET') return json(200, { fault: subs.deliverer.currentFault(), pending: subs.deliverer.pending, config: subs.deliverer.config });
    if (method === 'POST') {
      const body = await readValid(req, deliveryFaultSchema);
      subs.deliverer.setFault({
        latencyMs: body.latencyMs,
        failStatus: body.failStatus,
        remaining: body.count ?? null,
        until: body.durationMs !== undefined ? Date.now() + body.durationMs : null,
      });
      return json(200, { fault: subs.deliverer.currentFault() });
    }
    if (method === 'DELETE') {
      subs.deliverer.setFault(null);
      res.writeHead(204).end();
      return true;
    }
  }
  if (s0 === 'push' && s1 === 'config' && seg.length === 2 && method === 'POST') {
    const body = await readValid(req, configSchema);
    if (body.retryBaseMs !== undefined) subs.deliverer.config.retryBaseMs = body.retryBaseMs;
    if (body.maxAttempts !== undefined) subs.deliverer.config.maxAttempts = body.maxAttempts;
    if (body.timeoutMs !== undefined) subs.deliverer.config.timeoutMs = body.timeoutMs;
    if (body.validationTimeoutMs !== undefined) subs.validationTimeoutMs = body.validationTimeoutMs;
    return json(200, { ...subs.deliverer.config, validationTimeoutMs: subs.validationTimeoutMs });
  }
  if (s0 !== 'subscriptions') return false;
  if (seg.length === 1 && method === 'GET') return json(200, subs.all().map((s) => adminSubscriptionJson(subs, s)));
  if (s1 === undefined || seg.length !== 3 || method !== 'POST') return false;
  const missing = () => new HttpError(404, 'SubscriptionNotFound', `No active subscription '${s1}' in the simulator.`);
  if (s2 === 'expire') {
    const sub = subs.expire(s1);
    if (!sub) throw missing();
    return json(200, adminSubscriptionJson(subs, sub));
  }
  if (s2 === 'remove') {
    const sub = subs.remove(s1);
    if (!sub) throw missing();
    return json(200, adminSubscriptionJson(subs, sub));
  }
  if (s2 === 'drop') {
    const body = await readValid(req, dropSchema);
    const sub = subs.drop(s1, body.count, body.thenMissed);
    if (!sub) throw missing();
    return json(200, adminSubscriptionJson(subs, sub));
  }
  if (s2 === 'lifecycle') {
    const body = await readValid(req, lifecycleSchema);
    const sub = subs.find(s1);
    if (!sub) throw missing();
    if (body.lifecycleEvent === 'subscriptionRemoved') subs.remove(s1);
    else subs.sendLifecycle(sub, body.lifecycleEvent);
    return json(200, adminSubscriptionJson(subs, sub));
  }
  return false;
}
