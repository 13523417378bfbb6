// The simulator's subscription timing over real HTTP: a validation handshake answered too late
// fails the create with Graph's "timed out" answer (and one in time does not), a receiver too
// slow to answer a notification is given up on and retried until it answers in time, and a
// delivery fault set for a while fails deliveries until it lapses or is cleared. Limits are set
// small through the admin API (but well above a loopback round trip on a loaded machine); waits are generous (a loaded machine), and no assertion is about
// how long anything took.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimAdminClient } from '../../sim/admin-client.ts';
import type { SimGraphClient } from '../../sim/graph-client.ts';
import type { RunningSimulator } from '../../sim/server.ts';
import { startSubscriptionSetup, type SubscriptionSetup, type TestEndpoint, until } from '../support/webhook-endpoint.ts';

const ADA = 'ada@contoso.example';
const MINUTE = 60_000;

let setup: SubscriptionSetup;
let sim: RunningSimulator;
let admin: SimAdminClient;
let graph: SimGraphClient;
let endpoint: TestEndpoint;
let hookUrl: string;

beforeEach(async () => {
  setup = await startSubscriptionSetup(ADA);
  ({ sim, admin, graph, endpoint, hookUrl } = setup);
});

afterEach(async () => {
  await setup.close();
});

const create = () =>
  graph.request<Record<string, unknown>>('POST', '/subscriptions', {
    body: {
      changeType: 'created,updated',
      notificationUrl: `${hookUrl}/hook`,
      resource: "me/mailFolders('inbox')/messages",
      expirationDateTime: new Date(Date.now() + 10_000 * MINUTE).toISOString(),
      clientState: 'secret-state',
    },
  });

/** Deliveries still being attempted (GET /_admin/push/deliveries). */
async function pendingDeliveries(): Promise<number> {
  const res = await fetch(`${sim.url}/_admin/push/deliveries`);
  return ((await res.json()) as { pending: number }).pending;
}

const newMail = (subject: string) => admin.addMessage(ADA, { from: { name: 'G', address: 'g@x.example' }, subject });

describe('sim: validation timeout', () => {
  it('answers 400 "timed out" when the endpoint echoes the token after the limit, and creates when it answers in time', async () => {
    await admin.setPushConfig({ validationTimeoutMs: 1_500 });
    endpoint.validationDelayMs = 6_000;
    const late = await create();
    expect(late.status).toBe(400);
    expect(late.body).toMatchObject({ error: { code: 'InvalidRequest', message: 'Subscription validation request timed out.' } });
    expect(await admin.subscriptions()).toEqual([]);

    endpoint.validationDelayMs = 0;
    expect((await create()).status).toBe(201);
  });
});

describe('sim: slow and failing receivers', () => {
  it('gives up on a receiver that answers after the timeout and retries until one answers in time', async () => {
    await admin.setPushConfig({ timeoutMs: 2_000, retryBaseMs: 20, maxAttempts: 5 });
    expect((await create()).status).toBe(201);
    endpoint.slowNext = 2;
    endpoint.slowDelayMs = 6_000;
    const { id } = await newMail('Slow receiver');
    await until(() => endpoint.notifications().length === 1, 'the notification delivered on a later attempt', 30_000);
    // Two attempts timed out before the third was answered in time.
    expect(endpoint.attempts).toBe(3);
    expect(endpoint.notifications()[0]).toMatchObject({ changeType: 'created', resourceData: { id } });
  });

  it('fails deliveries while a fault lasts, and delivers again once it is cleared', async () => {
    await admin.setPushConfig({ retryBaseMs: 20, maxAttempts: 2 });
    expect((await create()).status).toBe(201);
    await admin.setDeliveryFault({ failStatus: 503, durationMs: 60_000 });
    await newMail('During the fault');
    await until(async () => (await pendingDeliveries()) === 0, 'the failing delivery to run out of attempts', 30_000);
    expect(endpoint.notifications()).toEqual([]);
    expect(endpoint.attempts).toBe(0); // failed by the fault before reaching the receiver

    await admin.clearDeliveryFault();
    const { id } = await newMail('After the fault');
    await until(() => endpoint.notifications().length === 1, 'a delivery after the fault was cleared', 30_000);
    expect(endpoint.notifications()[0]).toMatchObject({ resourceData: { id } });
  });
});
