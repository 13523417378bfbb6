// Quit and sign-out while Graph is unreachable: the subscription deletes are best effort (one
// attempt each, in parallel, a few seconds in all), so quitting never waits for the Graph
// client's retries — 5 of them, each sleeping on the clock, up to 60 s per attempt. Push runs
// on a FakeClock that nobody advances, as in the app's chaos runs: before the fix the retries'
// backoff never ended and stop() never resolved. The wall-clock limits below only stop a hang
// from hanging the suite; the assertions are the outcome (resolved, local state cleaned up).
// Also: quit while a setup is stuck in those retries does not wait for it (interrupt).
import { afterEach, describe, expect, it } from 'vitest';
import type { PushService } from '../../main/core/push/push-service.ts';
import { PushStateFile } from '../../main/core/push/subscription-state.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import type { EngineHarness } from '../support/engine-harness.ts';
import { pollingHarness, pushOnHarness, until } from '../support/harness-push.ts';

const ADA = 'ada@contoso.example';
const GUARD_MS = 30_000;

let h: EngineHarness | undefined;
let sim: RunningSimulator | undefined;
let service: PushService | undefined;

afterEach(async () => {
  await service?.stop({ deleteSubscriptions: false });
  await h?.close();
  await sim?.close().catch(() => undefined);
  service = undefined;
  h = undefined;
  sim = undefined;
});

/** Push live for Ada with the app's Graph retry policy (5 retries), then Graph goes away. */
async function liveThenGraphGone(): Promise<{ harness: EngineHarness; push: PushService }> {
  const simulator = await startSimulator();
  sim = simulator;
  const harness = await pollingHarness(ADA, 'Ada Lovelace', { sim: simulator });
  h = harness;
  const { push } = pushOnHarness(harness, { graphMaxRetries: 5 });
  service = push;
  await push.start();
  await push.addAccount(ADA);
  expect(push.status().state).toBe('live');
  expect(push.manager(ADA)?.subscriptions()).toHaveLength(2);
  await simulator.close(); // connection refused from now on
  return { harness, push };
}

/** Resolves with what `work` resolved to, or throws a diagnostic once the guard runs out. */
async function withinGuard(work: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not resolve within ${GUARD_MS} ms with Graph unreachable`)), GUARD_MS);
  });
  try {
    await Promise.race([work, guard]);
  } finally {
    clearTimeout(timer);
  }
}

async function pushStateSaved(harness: EngineHarness): Promise<number> {
  const file = new PushStateFile(new SyncStateStore({ directory: harness.profileDir, clock: harness.clock }), ADA);
  return (await file.load()).subscriptions.length;
}

describe('push: quit and sign-out with Graph unreachable', () => {
  it('stop() (quit) resolves without waiting for retries; the subscriptions are forgotten locally', async () => {
    const { harness, push } = await liveThenGraphGone();
    const manager = push.manager(ADA);
    await withinGuard(push.stop(), 'push.stop()');
    service = undefined;
    expect(push.status().state).toBe('off');
    expect(push.localUrl).toBeNull();
    expect(manager?.status.state).toBe('off');
    expect(manager?.subscriptions()).toEqual([]);
    expect(await pushStateSaved(harness)).toBe(0);
  }, 60_000);

  it('sign-out (removeAccount) resolves without waiting for retries; the account is gone from push', async () => {
    const { harness, push } = await liveThenGraphGone();
    await withinGuard(push.removeAccount(ADA, { signOut: true }), 'push.removeAccount(signOut)');
    expect(push.manager(ADA)).toBeUndefined();
    expect(push.status().accounts).toEqual({});
    expect(await pushStateSaved(harness)).toBe(0);
  }, 60_000);

  it('Graph answering 503 to the deletes: each is sent once (no retries, both sent), and quit goes on', async () => {
    const simulator = await startSimulator();
    sim = simulator;
    const harness = await pollingHarness(ADA, 'Ada Lovelace', { sim: simulator });
    h = harness;
    const { push } = pushOnHarness(harness, { graphMaxRetries: 5 });
    service = push;
    await push.start();
    await push.addAccount(ADA);
    expect(push.status().state).toBe('live');
    const ids = push.manager(ADA)?.subscriptions().map((r) => r.id).sort();
    await harness.admin.clearRequests();
    await harness.admin.addFault({ kind: '503', path: '/subscriptions', method: 'DELETE' });
    await withinGuard(push.stop(), 'push.stop()');
    service = undefined;
    const deletes = (await harness.admin.requests()).filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.status)).toEqual([503, 503]);
    expect(deletes.map((r) => r.path.split('/').pop()).sort()).toEqual(ids);
    expect(await pushStateSaved(harness)).toBe(0);
  }, 60_000);

  it('quit while push is still being set up (the create stuck in retries of 503s): stop() resolves anyway', async () => {
    const simulator = await startSimulator();
    sim = simulator;
    const harness = await pollingHarness(ADA, 'Ada Lovelace', { sim: simulator });
    h = harness;
    await harness.admin.addFault({ kind: '503', path: '/subscriptions', method: 'POST' });
    const { push } = pushOnHarness(harness, { graphMaxRetries: 5 });
    service = push;
    await push.start();
    const adding = push.addAccount(ADA);
    await until(async () => (await harness.admin.requests()).some((r) => r.method === 'POST' && r.status === 503), 'the create answered 503');
    expect(push.manager(ADA)?.status.state).toBe('validating');
    await withinGuard(push.stop(), 'push.stop()');
    service = undefined;
    await withinGuard(adding, 'push.addAccount() interrupted by the stop');
    expect(push.status().state).toBe('off');
    expect(push.localUrl).toBeNull();
    expect(push.manager(ADA)).toBeUndefined();
  }, 60_000);
});
