// Lifecycle notifications end to end: the simulator's lifecycle admin route sends
// `reauthorizationRequired` over real HTTP to the receiver's /lifecycle path, PushService hands it
// to the account's SubscriptionManager, which reauthorizes (POST /subscriptions/{id}/reauthorize)
// — or, when Graph no longer has the subscription (404), creates a new one and asks the engine
// for a catch-up sync. Also: what Herald sends as latestSupportedTlsVersion.
import { afterEach, describe, expect, it } from 'vitest';
import type { PushService } from '../../main/core/push/push-service.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { pushOnHarness, until } from '../support/harness-push.ts';

const ADA = 'ada@contoso.example';

let h: EngineHarness | undefined;
let service: PushService | undefined;

afterEach(async () => {
  await service?.stop({ deleteSubscriptions: false });
  await h?.close();
  service = undefined;
  h = undefined;
});

async function livePush(): Promise<{ h: EngineHarness; push: PushService; syncs: string[] }> {
  const harness = await startEngineHarness();
  h = harness;
  await harness.admin.setPushConfig({ retryBaseMs: 20, maxAttempts: 12 });
  await harness.addAccount(ADA, 'Ada Lovelace');
  harness.engine.start();
  await harness.cycle();
  const { push, syncs } = pushOnHarness(harness);
  service = push;
  await push.start();
  await push.addAccount(ADA);
  expect(push.status().state).toBe('live');
  return { h: harness, push, syncs };
}

const mailRecord = (push: PushService) => push.manager(ADA)?.subscriptions().find((r) => r.purpose === 'mail');

describe('push: lifecycle notifications through the simulator', () => {
  it('reauthorizationRequired → POST /subscriptions/{id}/reauthorize, and push stays live on the same subscription', async () => {
    const { h: harness, push } = await livePush();
    const mail = mailRecord(push);
    if (!mail) throw new Error('no mail subscription');
    await harness.admin.clearRequests();
    await harness.admin.sendLifecycle(mail.id, 'reauthorizationRequired');
    const reauthorizations = async () => (await harness.admin.requests()).filter((r) => r.method === 'POST' && r.path.endsWith(`/subscriptions/${mail.id}/reauthorize`));
    await until(async () => (await reauthorizations()).length === 1, 'the reauthorize call');
    expect((await reauthorizations())[0]?.status).toBe(204);
    expect(push.counters.processed).toBeGreaterThanOrEqual(1);
    expect(mailRecord(push)?.id).toBe(mail.id);
    expect(push.status().state).toBe('live');
  });

  it('reauthorizationRequired for a subscription Graph no longer has (404) → a new subscription and a catch-up sync', async () => {
    const { h: harness, push, syncs } = await livePush();
    const mail = mailRecord(push);
    if (!mail) throw new Error('no mail subscription');
    // Hold the lifecycle POST in Graph's retries (the receiver "fails"), let the subscription
    // expire meanwhile, then let the retry through: Herald reauthorizes a subscription that is gone.
    await harness.admin.setDeliveryFault({ failStatus: 503 });
    await harness.admin.sendLifecycle(mail.id, 'reauthorizationRequired');
    const failedAttempts = async () => (await harness.admin.subscriptions()).find((s) => s.id === mail.id)?.counters.failedAttempts ?? 0;
    await until(async () => (await failedAttempts()) >= 1, 'the lifecycle POST to be held in retries');
    await harness.admin.expireSubscription(mail.id);
    await harness.admin.clearDeliveryFault();
    await until(() => syncs.includes('push:recreated'), 'the catch-up sync request after the recreate', () => mailRecord(push));
    expect(mailRecord(push)?.id).toBeDefined();
    expect(mailRecord(push)?.id).not.toBe(mail.id);

    const reauthorize = (await harness.admin.requests()).filter((r) => r.method === 'POST' && r.path.endsWith(`/subscriptions/${mail.id}/reauthorize`));
    expect(reauthorize.map((r) => r.status)).toEqual([404]);
    expect(push.manager(ADA)?.lookup(mail.id)).toBeUndefined();
    const active = (await harness.admin.subscriptions()).filter((s) => s.active);
    expect(active.map((s) => s.id).sort()).toEqual(push.manager(ADA)?.subscriptions().map((r) => r.id).sort());
    expect(push.status().state).toBe('live');
  });

  it('sends latestSupportedTlsVersion v1_2; Graph (and the simulator) default an absent one to v1_2', async () => {
    const { h: harness } = await livePush();
    const subs = (await harness.admin.subscriptions()).filter((s) => s.active);
    expect(subs).toHaveLength(2);
    for (const sub of subs) expect(sub).toMatchObject({ latestSupportedTlsVersionSent: 'v1_2', latestSupportedTlsVersion: 'v1_2' });

    // Another client that sends none: Graph answers v1_2, and the simulator records that none was sent.
    const other = 'grace@contoso.example';
    await harness.admin.addUser({ upn: other, displayName: 'Grace' });
    const graph = new SimGraphClient(harness.sim.url, (await harness.admin.token(other)).accessToken);
    const created = await graph.request<{ id: string; latestSupportedTlsVersion: string }>('POST', '/subscriptions', {
      body: { changeType: 'created', notificationUrl: `${service?.localUrl ?? ''}/notifications`, resource: 'me/events', expirationDateTime: new Date(harness.clock.now() + 3_600_000).toISOString() },
    });
    expect(created.status).toBe(201);
    expect(created.body.latestSupportedTlsVersion).toBe('v1_2');
    expect((await harness.admin.subscriptions()).find((s) => s.id === created.body.id)?.latestSupportedTlsVersionSent).toBeNull();
  });
});
