// SubscriptionManager against the simulator over real HTTP, its timers on a FakeClock: create
// with the handshake, renewal timing, 404 → recreate, 409 → replace, restart → adopt, lifecycle
// events, validation failure → off with a reason, stop → deleted.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { GraphClient } from '../../main/core/graph/graph-client.ts';
import { EXPIRATION_MARGIN_MS, MAX_EXPIRATION_MS, RENEW_BEFORE_MS, SKEWED_CLOCK_LIFETIME_MS, SubscriptionManager, type ManagerStatus } from '../../main/core/push/subscription-manager.ts';
import { WebhookReceiver } from '../../main/core/push/webhook-receiver.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimTokenProvider } from '../support/graph-token-provider.ts';

const ADA = 'ada@contoso.example';

let sim: RunningSimulator;
let admin: SimAdminClient;
let clock: FakeClock;
let dir: string;
let store: SyncStateStore;
let receiver: WebhookReceiver;
let managers: SubscriptionManager[];
let syncs: string[];
let statuses: ManagerStatus[];
let lifecycle: { id: string; event: string }[];

beforeEach(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn: ADA, displayName: 'Ada' });
  clock = new FakeClock(Date.now());
  dir = await mkdtemp(path.join(tmpdir(), 'herald-push-'));
  store = new SyncStateStore({ directory: dir, clock });
  managers = [];
  syncs = [];
  statuses = [];
  lifecycle = [];
  receiver = new WebhookReceiver({
    port: 0,
    handlers: {
      lookup: (id) => managers.map((m) => m.lookup(id)).find((k) => k !== undefined),
      onChange: () => undefined,
      onLifecycle: (_account, n) => void lifecycle.push({ id: n.subscriptionId, event: n.lifecycleEvent }),
    },
  });
  await receiver.start();
});

afterEach(async () => {
  for (const m of managers) await m.stop({ deleteSubscriptions: false });
  await receiver.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function manager(baseUrl = receiver.localUrl): SubscriptionManager {
  const m = new SubscriptionManager({
    accountId: ADA,
    graph: new GraphClient({ accountId: ADA, tokens: new SimTokenProvider(sim.url), clock, baseUrl: sim.url, maxRetries: 0 }),
    clock,
    store,
    notificationUrl: `${baseUrl}/notifications`,
    lifecycleNotificationUrl: `${baseUrl}/lifecycle`,
    requestSync: (reason) => void syncs.push(reason),
    onStatus: (s) => void statuses.push(s),
  });
  managers.push(m);
  return m;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Moves the simulator's data clock (subscription expiry) and the fake clock together. */
async function advanceBoth(ms: number): Promise<void> {
  await admin.setClock(new Date(clock.now() + ms).toISOString());
  await clock.advance(ms);
}

const graphCalls = async (method: string) => (await admin.requests()).filter((r) => r.method === method && r.path.includes('/subscriptions'));

describe('SubscriptionManager', () => {
  it('creates both subscriptions with random clientStates at the maximum expiry, and goes live', async () => {
    const m = manager();
    await m.start();
    expect(m.status).toEqual({ state: 'live', reason: null });
    expect(statuses.map((s) => s.state)).toEqual(['validating', 'live']);
    const subs = await admin.subscriptions();
    expect(subs.map((s) => [s.resource, s.changeType]).sort()).toEqual([
      ['me/events', 'created,updated,deleted'],
      ["me/mailFolders('inbox')/messages", 'created,updated'],
    ]);
    const records = m.subscriptions();
    expect(new Set(records.map((r) => r.clientState)).size).toBe(2);
    for (const r of records) expect(r.expiresAt).toBe(clock.now() + MAX_EXPIRATION_MS - EXPIRATION_MARGIN_MS);
    expect(receiver.counters.validations).toBe(4);
  });

  it('renews (PATCH) when under 24 h remain, not before', async () => {
    const m = manager();
    await m.start();
    const firstExpiry = m.subscriptions()[0]?.expiresAt ?? 0;
    const renewAt = firstExpiry - RENEW_BEFORE_MS - clock.now();
    await advanceBoth(renewAt - 60_000);
    expect(await graphCalls('PATCH')).toHaveLength(0);
    await advanceBoth(120_000);
    await until(async () => (await graphCalls('PATCH')).length === 2, 'two renewals');
    await until(() => m.subscriptions().every((r) => r.expiresAt > firstExpiry), 'new expiry');
    expect(m.status.state).toBe('live');
  });

  it('recreates a subscription whose renewal answers 404, and asks for a catch-up sync', async () => {
    const m = manager();
    await m.start();
    const mail = m.subscriptions().find((r) => r.purpose === 'mail');
    await admin.expireSubscription(mail?.id ?? '');
    await advanceBoth((mail?.expiresAt ?? 0) - RENEW_BEFORE_MS - clock.now() + 1_000);
    await until(() => syncs.includes('push:recreated'), 'the catch-up sync request');
    const recreated = m.subscriptions().find((r) => r.purpose === 'mail');
    expect(recreated?.id).toBeDefined();
    expect(recreated?.id).not.toBe(mail?.id);
    expect(m.lookup(mail?.id ?? '')).toBeUndefined();
  });

  it('replaces a conflicting subscription (409) and adopts its own after a restart', async () => {
    const graph = new SimGraphClient(sim.url, (await admin.token(ADA)).accessToken);
    const stale = await graph.request<{ id: string }>('POST', '/subscriptions', {
      body: { changeType: 'created,updated', notificationUrl: `${receiver.localUrl}/notifications`, resource: "me/mailFolders('inbox')/messages", expirationDateTime: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(stale.status).toBe(201);
    const first = manager();
    await first.start();
    expect(first.status.state).toBe('live');
    const ids = first.subscriptions().map((r) => r.id).sort();
    expect(ids).not.toContain(stale.body.id);
    expect((await admin.subscriptions()).filter((s) => s.active).map((s) => s.id).sort()).toEqual(ids);

    await first.stop({ deleteSubscriptions: false });
    await admin.clearRequests();
    const second = manager();
    await second.start();
    expect(second.status.state).toBe('live');
    expect(second.subscriptions().map((r) => r.id).sort()).toEqual(ids);
    expect(await graphCalls('POST')).toHaveLength(0);
  });

  it('handles lifecycle events: missed → sync, reauthorizationRequired → reauthorize, subscriptionRemoved → recreate', async () => {
    const m = manager();
    await m.start();
    const events = m.subscriptions().find((r) => r.purpose === 'events');
    await m.handleLifecycle(events?.id ?? '', 'missed');
    expect(syncs).toEqual(['push:missed']);
    await m.handleLifecycle(events?.id ?? '', 'reauthorizationRequired');
    expect((await graphCalls('POST')).filter((r) => r.path.endsWith('/reauthorize'))).toHaveLength(1);

    await admin.removeSubscription(events?.id ?? '');
    await until(() => lifecycle.some((l) => l.event === 'subscriptionRemoved'), 'the lifecycle notification');
    await m.handleLifecycle(events?.id ?? '', 'subscriptionRemoved');
    const replaced = m.subscriptions().find((r) => r.purpose === 'events');
    expect(replaced?.id).not.toBe(events?.id);
    expect((await admin.subscriptions()).filter((s) => s.active)).toHaveLength(2);
    expect(syncs).toContain('push:recreated');
  });

  it('goes live with a shorter lifetime when this clock runs ahead of Graph beyond the margin', async () => {
    // Graph's clock one hour behind ours: the maximum we ask for is 45 min past Graph's limit.
    await admin.setClock(new Date(clock.now() - 60 * 60_000).toISOString());
    const m = manager();
    await m.start();
    expect(m.status).toEqual({ state: 'live', reason: null });
    const creates = await graphCalls('POST');
    // Each purpose: the refused maximum, then the accepted shorter lifetime.
    expect(creates.map((r) => r.status).sort()).toEqual([201, 201, 400, 400]);
    for (const r of m.subscriptions()) expect(r.expiresAt).toBe(clock.now() + SKEWED_CLOCK_LIFETIME_MS);
    expect((await admin.subscriptions()).filter((s) => s.active)).toHaveLength(2);

    // Renewal a day before that expiry meets the same refusal and the same answer.
    const renewIn = (m.subscriptions()[0]?.expiresAt ?? 0) - RENEW_BEFORE_MS - clock.now();
    await admin.setClock(new Date(clock.now() + renewIn + 1_000 - 60 * 60_000).toISOString());
    await clock.advance(renewIn + 1_000);
    await until(async () => (await graphCalls('PATCH')).filter((r) => r.status === 200).length === 2, 'two renewals');
    expect(m.status.state).toBe('live');
  });

  it('turns push off with a reason when Graph cannot validate the URL', async () => {
    const m = manager('http://127.0.0.1:9');
    await m.start();
    expect(m.status.state).toBe('off');
    expect(m.status.reason).toMatch(/validate/);
    expect(await admin.subscriptions()).toEqual([]);
    // No retry timer: nothing happens until the settings change.
    expect(clock.pending).toBe(0);
  });

  it('stop with deleteSubscriptions removes them at Graph and forgets them', async () => {
    const m = manager();
    await m.start();
    await m.stop({ deleteSubscriptions: true });
    expect((await admin.subscriptions()).filter((s) => s.active)).toEqual([]);
    expect(m.subscriptions()).toEqual([]);
    expect(m.status.state).toBe('off');
    const again = manager();
    await again.start();
    expect(await graphCalls('GET')).toHaveLength(0);
  });
});
