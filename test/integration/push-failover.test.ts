// Push failing and coming back, through the real engine (engine harness) and the simulator:
// live (safety-net polling) → renewal time with Graph answering 503 on /subscriptions → failing,
// with a reason naming Graph's error, the engine's interval override cleared so it polls at the
// user's interval → the retry after the back-off → live again, safety net back.
import { afterEach, describe, expect, it } from 'vitest';
import { PUSH_SAFETY_NET_INTERVAL_MS } from '../../main/core/engine/poll-timing.ts';
import type { PushService } from '../../main/core/push/push-service.ts';
import { RENEW_BEFORE_MS, RETRY_AFTER_FAILURE_MS } from '../../main/core/push/subscription-manager.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { pollingHarness, pushOnHarness, until } from '../support/harness-push.ts';

const ADA = 'ada@contoso.example';

let h: EngineHarness | undefined;
let service: PushService | undefined;

afterEach(async () => {
  await service?.stop({ deleteSubscriptions: false });
  await h?.close();
  service = undefined;
  h = undefined;
});

describe('push: failing, polling at the normal interval, and back', () => {
  it('a 503 at renewal → failing with why → user interval → retry after the back-off → live with the safety net', async () => {
    const harness = await pollingHarness(ADA, 'Ada Lovelace');
    h = harness;

    // The real engine, with its interval overrides recorded on the way through.
    const { push, overrides } = pushOnHarness(harness);
    service = push;
    const states: string[] = [];
    push.onStatus((s) => states.push(s.state));
    await push.start();
    await push.addAccount(ADA);
    expect(push.status().state).toBe('live');
    expect(overrides.at(-1)).toBe(PUSH_SAFETY_NET_INTERVAL_MS);

    // The machine sleeps past the renewal time; on waking, Graph answers 503 to /subscriptions.
    await harness.admin.addFault({ kind: '503', path: '/subscriptions' });
    const record = push.manager(ADA)?.subscriptions()[0];
    if (!record) throw new Error('no subscription while live');
    const slept = record.expiresAt - RENEW_BEFORE_MS - harness.clock.now() + 60_000;
    await harness.admin.setClock(new Date(harness.clock.now() + slept).toISOString());
    harness.clock.suspend(slept);
    push.resume();
    await harness.clock.advance(0);
    await until(() => push.status().state === 'failing', 'push to fail', () => push.status());
    expect(push.status().reason).toMatch(/Microsoft Graph answered 503/);
    expect(push.status().accounts[ADA]?.reason).toMatch(/503/);
    expect(overrides.at(-1)).toBeNull();

    // Polling is back at the user's interval: consecutive polls one interval apart, not 15 min.
    const batches = async () => (await harness.admin.requests()).filter((r) => !r.inner && r.path.endsWith('/$batch')).length;
    const settle = () => harness.engine.account(ADA)?.forgetIntent('probe');
    await harness.clock.advance(harness.settings.pollIntervalMs);
    await until(async () => (await batches()) >= 1, 'a poll once the override was cleared');
    await settle();
    await harness.admin.clearRequests();
    await harness.clock.advance(harness.settings.pollIntervalMs);
    await until(async () => (await batches()) >= 1, 'the next poll one user interval later');
    await settle();
    expect(push.status().state).toBe('failing'); // the retry is not due yet

    // Graph recovers; the retry after the back-off adopts and renews the subscriptions.
    await harness.admin.clearFaults();
    await harness.admin.setClock(new Date(harness.clock.now() + RETRY_AFTER_FAILURE_MS).toISOString());
    await harness.clock.advance(RETRY_AFTER_FAILURE_MS);
    await until(() => push.status().state === 'live', 'push live again after the retry', () => push.status());
    expect(push.status().reason).toBeNull();
    expect(overrides.at(-1)).toBe(PUSH_SAFETY_NET_INTERVAL_MS);
    expect(states).toContain('failing');
    expect(states.slice(states.indexOf('failing'))).toContain('live');
    const renewed = push.manager(ADA)?.subscriptions().find((r) => r.id === record.id);
    expect(renewed?.expiresAt).toBeGreaterThan(record.expiresAt);
  });

  it('applying the settings again retries a failing account at once, without waiting for the back-off', async () => {
    const harness = await startEngineHarness();
    h = harness;
    await harness.addAccount(ADA, 'Ada Lovelace');
    const { push } = pushOnHarness(harness);
    service = push;
    await harness.admin.addFault({ kind: '503', path: '/subscriptions' });
    await push.addAccount(ADA);
    await push.start();
    expect(push.status()).toMatchObject({ state: 'failing', reason: expect.stringMatching(/503/) as unknown });
    await harness.admin.clearFaults();
    const frozen = harness.clock.now();
    await push.applySettings();
    expect(push.status()).toMatchObject({ state: 'live', reason: null });
    expect(harness.clock.now()).toBe(frozen); // the back-off timer did not do it
  });
});
