// A tunnel that knows a subscription's clientState can forge lifecycle notifications. A flood of
// `reauthorizationRequired` used to cost one Graph request each (3 POSTs × 200 → 600
// reauthorize calls); now each subscription gets at most one reauthorize in flight and one per
// REAUTHORIZE_MIN_INTERVAL_MS (reauthorize-gate.ts), the rest are dropped and counted.
import { afterEach, describe, expect, it } from 'vitest';
import type { PushService } from '../../main/core/push/push-service.ts';
import { REAUTHORIZE_MIN_INTERVAL_MS } from '../../main/core/push/reauthorize-gate.ts';
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

async function forge(push: PushService, notifications: { subscriptionId: string; clientState: string }[]): Promise<void> {
  const value = notifications.map((n) => ({ ...n, lifecycleEvent: 'reauthorizationRequired' }));
  const res = await fetch(`${push.localUrl}/lifecycle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value }) });
  expect(res.status).toBe(202);
}

describe('push: a flood of forged reauthorizationRequired notifications', () => {
  it('costs one reauthorize per subscription per interval; the rest are dropped and counted', async () => {
    const harness = await startEngineHarness();
    h = harness;
    await harness.addAccount(ADA, 'Ada Lovelace');
    harness.engine.start();
    await harness.cycle();
    const { push } = pushOnHarness(harness);
    service = push;
    await push.start();
    await push.addAccount(ADA);
    expect(push.status().state).toBe('live');
    const manager = push.manager(ADA);
    const mail = manager?.subscriptions().find((r) => r.purpose === 'mail');
    const events = manager?.subscriptions().find((r) => r.purpose === 'events');
    if (!manager || !mail || !events) throw new Error('push is not live with both subscriptions');
    await harness.admin.clearRequests();
    const reauthorizations = async (id: string) =>
      (await harness.admin.requests()).filter((r) => r.method === 'POST' && r.path.endsWith(`/subscriptions/${id}/reauthorize`));

    const forged = Array.from({ length: 200 }, () => ({ subscriptionId: mail.id, clientState: mail.clientState }));
    for (let i = 0; i < 3; i += 1) await forge(push, forged);
    await forge(push, [{ subscriptionId: events.id, clientState: events.clientState }]);
    // Every notification has reached the manager once 599 of the 600 for mail are dropped.
    await until(() => manager.droppedReauthorizations === 599, '599 dropped reauthorizationRequired', () => manager.droppedReauthorizations);
    await until(async () => (await reauthorizations(mail.id)).length >= 1 && (await reauthorizations(events.id)).length >= 1, 'the reauthorize calls');
    expect(await reauthorizations(mail.id)).toHaveLength(1);
    expect(await reauthorizations(events.id)).toHaveLength(1);
    expect(push.status().state).toBe('live');

    // Once the interval has passed, a (genuine) one is honoured again.
    await harness.clock.advance(REAUTHORIZE_MIN_INTERVAL_MS);
    await forge(push, forged.slice(0, 5));
    await until(() => manager.droppedReauthorizations === 603, 'the next 4 dropped', () => manager.droppedReauthorizations);
    await until(async () => (await reauthorizations(mail.id)).length === 2, 'the second reauthorize');
    expect(await reauthorizations(mail.id)).toHaveLength(2);
  }, 60_000);
});
