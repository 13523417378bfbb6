// Crash tests with the chaos suite's kill switch (test/chaos/incarnation.ts) outside the chaos
// run: one simulator user, one profile directory, a FakeClock, and engine "processes" spawned on
// them one after the other — a kill leaves exactly what a SIGKILL would (files, Graph's state),
// and the next spawn starts from that.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AccountSummary } from '../../main/core/accounts/account-summary.ts';
import { HeraldEngine } from '../../main/core/engine/herald-engine.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { silentLogger } from '../../main/core/log.ts';
import { defaultSettings } from '../../main/core/state/settings-schema.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { CoverageSink } from '../chaos/coverage.ts';
import { IncarnationClock, KillSwitch, KillableSink, KillableStateStore, killableFetch } from '../chaos/incarnation.ts';
import { SimTokenProvider } from './graph-token-provider.ts';

export interface Incarnation {
  kill: KillSwitch;
  engine: HeraldEngine;
}

export interface KillableEngineHarness {
  sim: RunningSimulator;
  admin: SimAdminClient;
  clock: FakeClock;
  /** Every show/retract across incarnations, on the fake clock. */
  sink: CoverageSink;
  account: AccountSummary;
  /** A new engine process on the shared profile: started, and settled on its first poll. */
  spawn(): Promise<Incarnation>;
  close(): Promise<void>;
}

/** Waits (wall time, generous) until the incarnation has nothing in flight. */
export async function settled(kill: KillSwitch): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (let quiet = 0; quiet < 3; ) {
    if (!kill.killed && kill.busy > 0) quiet = 0;
    else quiet += 1;
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (Date.now() > deadline) throw new Error(`the engine did not settle within 20 s of wall time (busy ${kill.busy})`);
  }
}

export async function startKillableEngineHarness(upn: string, displayName: string, start: number): Promise<KillableEngineHarness> {
  const sim = await startSimulator();
  const admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn, displayName });
  await admin.setClock(new Date(start).toISOString());
  const profileDir = await mkdtemp(path.join(tmpdir(), 'herald-killable-'));
  const clock = new FakeClock(start);
  const sink = new CoverageSink(() => clock.now());
  const tokens = new SimTokenProvider(sim.url);
  const account: AccountSummary = { id: upn, username: upn, name: displayName, tenantId: 'sim', kind: 'work', mode: 'readWrite', readOnly: false };
  return {
    sim,
    admin,
    clock,
    sink,
    account,
    async spawn() {
      const kill = new KillSwitch();
      const incClock = new IncarnationClock(clock, kill);
      const engine = new HeraldEngine({
        tokens,
        store: new KillableStateStore({ directory: profileDir, clock: incClock }, kill),
        settings: defaultSettings,
        sink: new KillableSink(sink, kill),
        clock: incClock,
        logger: silentLogger,
        fetch: killableFetch(kill),
        graphBaseUrl: sim.url,
        timeZone: 'UTC',
      });
      await engine.addAccount(account);
      engine.start();
      await clock.advance(0);
      await settled(kill);
      return { kill, engine };
    },
    async close() {
      await sim.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
