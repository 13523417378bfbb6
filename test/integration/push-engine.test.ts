// Push end to end: the simulator delivers change notifications over real HTTP to the receiver
// on loopback, PushService asks the real HeraldEngine (engine harness) for a delta sync, and the
// intent reaches the sink — with no fake time advanced, i.e. without any poll. Also: the
// safety-net poll, lifecycle events, validation failure, hostile bodies, quit and restart.
import { afterEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../main/core/graph/graph-client.ts';
import { PUSH_SAFETY_NET_INTERVAL_MS } from '../../main/core/engine/poll-timing.ts';
import { PushService } from '../../main/core/push/push-service.ts';
import type { PushSettings } from '../../main/core/state/settings-schema.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';

const ADA = 'ada@contoso.example';
const MINUTE = 60_000;

let h: EngineHarness;
let services: PushService[] = [];

afterEach(async () => {
  for (const s of services) await s.stop({ deleteSubscriptions: false });
  services = [];
  await h?.close();
});

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setUp(): Promise<void> {
  h = await startEngineHarness();
  await h.admin.setPushConfig({ retryBaseMs: 5, maxAttempts: 4 });
  await h.addAccount(ADA, 'Ada Lovelace');
  h.engine.start();
  await h.cycle(); // the baseline; the poll timer is now one interval away on the fake clock
}

function pushService(options: { publicUrl?: string; port?: number } = {}): PushService {
  const settings: PushSettings = { enabled: true, publicUrl: null };
  const service: PushService = new PushService({
    engine: h.engine,
    graphFor: (accountId) => new GraphClient({ accountId, tokens: h.tokens, clock: h.clock, baseUrl: h.sim.url, maxRetries: 0 }),
    store: new SyncStateStore({ directory: h.profileDir, clock: h.clock }),
    clock: h.clock,
    // The receiver's own loopback URL stands in for the tunnel (the simulator accepts http on loopback).
    settings: () => ({ ...settings, publicUrl: options.publicUrl ?? service.localUrl }),
    receiver: { port: options.port ?? 0 },
  });
  services.push(service);
  return service;
}

async function livePush(): Promise<PushService> {
  const service = pushService();
  await service.start();
  await service.addAccount(ADA);
  expect(service.status().state).toBe('live');
  return service;
}

const batches = async () => (await h.admin.requests()).filter((r) => !r.inner && r.path.endsWith('/$batch')).length;
const mailSubscriptionId = (service: PushService) => service.manager(ADA)?.subscriptions().find((r) => r.purpose === 'mail')?.id ?? '';

describe('push: notifications drive the engine', () => {
  it('turns a new message into exactly one intent without waiting for a poll', async () => {
    await setUp();
    const service = await livePush();
    expect(service.status()).toMatchObject({ state: 'live', reason: null, publicUrl: service.localUrl });
    const frozen = h.clock.now();
    const id = await h.deliver(ADA, { subject: 'Pushed', from: { name: 'Grace Hopper', address: 'grace@fabrikam.example' } });
    await until(() => h.sink.shown.length === 1, 'the intent');
    expect(h.clock.now()).toBe(frozen); // no fake time passed: no poll timer could have fired
    expect(h.sink.shown[0]).toMatchObject({ type: 'mail', messageId: id });
    // The notification for the change is not repeated by later syncs.
    await h.cycle();
    expect(h.sink.shown).toHaveLength(1);
    expect(service.counters.processed).toBeGreaterThanOrEqual(1);
  });

  it('slows polling to the safety net while live; dropped notifications are caught by that poll', async () => {
    await setUp();
    const service = await livePush();
    await h.admin.dropNotifications(mailSubscriptionId(service), 1);
    await h.admin.clearRequests();
    await h.deliver(ADA, { subject: 'Lost notification' });
    await until(async () => (await h.admin.subscriptions()).some((s) => s.counters.dropped === 1), 'the drop');
    await h.clock.advance(2 * MINUTE); // the normal interval has passed twice: no poll while push is live
    // Queued behind any cycle a timer may have started, so this waits for it to finish.
    await h.engine.account(ADA)?.forgetIntent('probe');
    expect(await batches()).toBe(0);
    expect(h.sink.shown).toEqual([]);
    await h.clock.advance(PUSH_SAFETY_NET_INTERVAL_MS);
    await until(() => h.sink.shown.length === 1, 'the safety-net poll');
    expect(h.sink.shown[0]).toMatchObject({ type: 'mail' });
  });

  it('runs a delta sync on a missed lifecycle notification', async () => {
    await setUp();
    const service = await livePush();
    await h.admin.dropNotifications(mailSubscriptionId(service), 1, { thenMissed: true });
    const frozen = h.clock.now();
    await h.deliver(ADA, { subject: 'Missed but found' });
    await until(() => h.sink.shown.length === 1, 'the sync after missed');
    expect(h.clock.now()).toBe(frozen);
  });

  it('recreates a removed subscription and keeps pushing', async () => {
    await setUp();
    const service = await livePush();
    const old = mailSubscriptionId(service);
    await h.admin.removeSubscription(old);
    await until(() => mailSubscriptionId(service) !== '' && mailSubscriptionId(service) !== old, 'the new subscription');
    const frozen = h.clock.now();
    await h.deliver(ADA, { subject: 'After removal' });
    await until(() => h.sink.shown.length === 1, 'the intent');
    expect(h.clock.now()).toBe(frozen);
    expect(service.status().state).toBe('live');
  });

  it('syncs the calendar when an event changes', async () => {
    await setUp();
    await livePush();
    const frozen = h.clock.now();
    const start = new Date(frozen + 3 * 3_600_000).toISOString();
    const end = new Date(frozen + 4 * 3_600_000).toISOString();
    const { id } = await h.admin.addEvent(ADA, { subject: 'Pushed meeting', start, end });
    await until(() => (h.engine.account(ADA)?.events ?? []).some((e) => e.id === id), 'the event in the engine');
    expect(h.clock.now()).toBe(frozen);
  });

  it('still delivers when the first delivery attempts fail or are slow (Graph retries)', async () => {
    await setUp();
    await livePush();
    await h.admin.setDeliveryFault({ failStatus: 503, count: 2, latencyMs: 50 });
    await h.deliver(ADA, { subject: 'Retried' });
    await until(() => h.sink.shown.length === 1, 'the intent after retries');
    const mail = (await h.admin.subscriptions()).find((s) => s.resource.includes('inbox'));
    expect(mail?.counters).toMatchObject({ failedAttempts: 2, delivered: 1 });
  });

  it('drops a notification with the wrong clientState, counts it, and syncs nothing for it', async () => {
    await setUp();
    const service = await livePush();
    await h.admin.clearRequests();
    const forged = { value: [{ subscriptionId: mailSubscriptionId(service), clientState: 'forged', changeType: 'created', resource: 'x' }] };
    const res = await fetch(`${service.localUrl}/notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
    expect(res.status).toBe(202);
    await until(() => service.counters.clientStateMismatch === 1, 'the mismatch count');
    expect(service.counters.processed).toBe(0);
  });

  it('answers oversized and malformed bodies with 413 / 400 and keeps working', async () => {
    await setUp();
    const service = await livePush();
    const big = await fetch(`${service.localUrl}/notifications`, { method: 'POST', body: 'x'.repeat(300 * 1024) });
    expect(big.status).toBe(413);
    const bad = await fetch(`${service.localUrl}/notifications`, { method: 'POST', body: '{"value": [{"subscriptionId": 5}]}' });
    expect(bad.status).toBe(400);
    await h.deliver(ADA, { subject: 'Still alive' });
    await until(() => h.sink.shown.length === 1, 'the intent');
    expect(service.counters).toMatchObject({ oversized: 1, malformed: 1 });
  });
});

describe('push: status, failure, quit and restart', () => {
  it('stays off with the reason when Graph cannot validate the URL, and polling keeps its interval', async () => {
    await setUp();
    const service = pushService({ publicUrl: 'http://127.0.0.1:9' });
    const seen: string[] = [];
    service.onStatus((s) => seen.push(s.state));
    await service.start();
    await service.addAccount(ADA);
    expect(service.status().state).toBe('off');
    expect(service.status().reason).toMatch(/validate/);
    expect(seen).toContain('validating');
    await h.admin.clearRequests();
    await h.clock.advance(MINUTE);
    await until(async () => (await batches()) === 1, 'the normal poll');
  });

  it('quit deletes the subscriptions and restores the normal interval', async () => {
    await setUp();
    const service = await livePush();
    await service.stop();
    expect((await h.admin.subscriptions()).filter((s) => s.active)).toEqual([]);
    expect(service.status().state).toBe('off');
    await h.admin.clearRequests();
    await h.clock.advance(MINUTE);
    await until(async () => (await batches()) === 1, 'the normal poll');
  });

  it('sign-out deletes that account\'s subscriptions and its push state', async () => {
    await setUp();
    const service = await livePush();
    await service.removeAccount(ADA, { signOut: true });
    expect((await h.admin.subscriptions()).filter((s) => s.active)).toEqual([]);
    expect(service.manager(ADA)).toBeUndefined();
    expect(service.status()).toMatchObject({ state: 'off', reason: 'No account is signed in.' });
  });

  it('a restart adopts the subscriptions still alive', async () => {
    await setUp();
    const first = await livePush();
    const ids = first.manager(ADA)?.subscriptions().map((r) => r.id).sort();
    const port = Number(new URL(first.localUrl ?? '').port);
    await first.stop({ deleteSubscriptions: false });
    await h.admin.clearRequests();
    const second = pushService({ port });
    await second.start();
    await second.addAccount(ADA);
    expect(second.status().state).toBe('live');
    expect(second.manager(ADA)?.subscriptions().map((r) => r.id).sort()).toEqual(ids);
    expect((await h.admin.requests()).filter((r) => r.method === 'POST' && r.path.endsWith('/subscriptions'))).toEqual([]);
    await h.deliver(ADA, { subject: 'After restart' });
    await until(() => h.sink.shown.length === 1, 'the intent');
  });
});
