// Graph's answers to the subscription calls, malformed: a 200 whose JSON is cut off mid-value
// (the simulator's malformedJson fault) on the create. Push goes failing with a reason that
// says so — nothing thrown out of the service, no subscription recorded from a broken answer —
// and polling carries on at the user's interval; once Graph answers properly, push goes live.
import { afterEach, describe, expect, it } from 'vitest';
import type { PushService } from '../../main/core/push/push-service.ts';
import type { EngineHarness } from '../support/engine-harness.ts';
import { pollingHarness, pushOnHarness } from '../support/harness-push.ts';

const ADA = 'ada@contoso.example';

let h: EngineHarness | undefined;
let service: PushService | undefined;

afterEach(async () => {
  await service?.stop({ deleteSubscriptions: false });
  await h?.close();
  service = undefined;
  h = undefined;
});

describe('push: malformed Graph answers to /subscriptions', () => {
  it('a cut-off JSON body on create → failing with why, polling at the user interval; live once Graph answers properly', async () => {
    const harness = await pollingHarness(ADA, 'Ada Lovelace');
    h = harness;
    const { push, overrides } = pushOnHarness(harness);
    service = push;
    await harness.admin.addFault({ kind: 'malformedJson', path: '/subscriptions', method: 'POST' });
    await push.start();
    await push.addAccount(ADA);
    const status = push.status();
    expect(status.state).toBe('failing');
    expect(status.reason).toMatch(/malformed.*polling continues/i);
    expect(push.manager(ADA)?.subscriptions() ?? []).toEqual([]);
    expect(overrides.at(-1) ?? null).toBeNull();

    await harness.admin.clearFaults();
    await push.applySettings();
    expect(push.status()).toMatchObject({ state: 'live', reason: null });
    expect((push.manager(ADA)?.subscriptions() ?? []).length).toBeGreaterThan(0);
  });
});
