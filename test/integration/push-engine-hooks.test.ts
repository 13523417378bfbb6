// The two engine hooks push uses, against the simulator, every timer on a FakeClock:
// requestSync (debounced, coalesced, ignored when stopped or unknown) and
// setPollIntervalOverride (slow safety net while push is live, the user's interval back at once).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../main/core/accounts/account-summary.ts';
import { HeraldEngine } from '../../main/core/engine/herald-engine.ts';
import { PUSH_SAFETY_NET_INTERVAL_MS, PUSH_SYNC_DEBOUNCE_MS } from '../../main/core/engine/poll-timing.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { silentLogger } from '../../main/core/log.ts';
import { defaultSettings } from '../../main/core/state/settings-schema.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimTokenProvider } from '../support/graph-token-provider.ts';

const ADA = 'ada@contoso.example';
const MINUTE = 60_000;

let sim: RunningSimulator;
let admin: SimAdminClient;
let clock: FakeClock;
let debounce: FakeClock;
let engine: HeraldEngine;
let dir: string;

beforeEach(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn: ADA, displayName: 'Ada' });
  clock = new FakeClock(Date.now());
  debounce = new FakeClock(Date.now());
  dir = await mkdtemp(path.join(tmpdir(), 'herald-hooks-'));
  const settings = defaultSettings();
  engine = new HeraldEngine({
    tokens: new SimTokenProvider(sim.url),
    store: new SyncStateStore({ directory: dir, clock }),
    settings: () => settings,
    sink: { show: () => undefined, retract: () => undefined },
    clock,
    logger: silentLogger,
    graphBaseUrl: sim.url,
    timeZone: 'UTC',
    pushDebounceClock: debounce,
  });
  const account: AccountSummary = { id: ADA, username: ADA, name: 'Ada', tenantId: 'sim', kind: 'work', mode: 'readWrite', readOnly: false };
  await engine.addAccount(account);
  engine.start();
  await engine.checkNow(ADA);
  await admin.clearRequests();
});

afterEach(async () => {
  await engine.stop();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** Waits for any cycle a timer started (the account's queue runs in order). */
const settle = async () => {
  await new Promise((r) => setImmediate(r));
  await engine.account(ADA)?.forgetIntent('probe');
};
const batches = async () => (await admin.requests()).filter((r) => !r.inner && r.path.endsWith('/$batch')).length;

describe('HeraldEngine.requestSync', () => {
  it('coalesces a burst into one sync after the debounce window', async () => {
    engine.requestSync(ADA, 'push:created');
    engine.requestSync(ADA, 'push:created');
    engine.requestSync(ADA, 'push:updated');
    await debounce.advance(PUSH_SYNC_DEBOUNCE_MS - 1);
    await settle();
    expect(await batches()).toBe(0);
    await debounce.advance(1);
    await settle();
    expect(await batches()).toBe(1);
  });

  it('ignores unknown accounts and a stopped engine', async () => {
    engine.requestSync('nobody', 'push:created');
    await engine.stop();
    engine.requestSync(ADA, 'push:created');
    await debounce.advance(10 * PUSH_SYNC_DEBOUNCE_MS);
    expect(debounce.pending).toBe(0);
    expect(await batches()).toBe(0);
  });
});

describe('HeraldEngine.setPollIntervalOverride', () => {
  it('polls at the safety-net interval while set, and at the user interval as soon as it is cleared', async () => {
    engine.setPollIntervalOverride(ADA, PUSH_SAFETY_NET_INTERVAL_MS);
    await clock.advance(2 * MINUTE);
    await settle();
    expect(await batches()).toBe(0);
    engine.setPollIntervalOverride(ADA, null);
    await clock.advance(MINUTE);
    await settle();
    expect(await batches()).toBe(1);
    // And the next ones follow the user's interval again.
    await clock.advance(MINUTE);
    await settle();
    expect(await batches()).toBe(2);
  });

  it('never moves an account\'s first (baseline) poll out to the safety-net interval', async () => {
    const grace = 'grace@contoso.example';
    await admin.addUser({ upn: grace, displayName: 'Grace' });
    await engine.addAccount({ id: grace, username: grace, name: 'Grace', tenantId: 'sim', kind: 'work', mode: 'readWrite', readOnly: false });
    engine.setPollIntervalOverride(grace, PUSH_SAFETY_NET_INTERVAL_MS);
    await clock.advance(1);
    await settle();
    await engine.account(grace)?.forgetIntent('probe');
    const graceBatches = (await admin.requests()).filter((r) => !r.inner && r.upn === grace && r.path.endsWith('/$batch')).length;
    expect(graceBatches).toBe(1);
  });

  it('a slow override set while polling still fires at the safety-net interval', async () => {
    engine.setPollIntervalOverride(ADA, PUSH_SAFETY_NET_INTERVAL_MS);
    await clock.advance(PUSH_SAFETY_NET_INTERVAL_MS);
    await settle();
    expect(await batches()).toBe(1);
  });
});
