// Runs the real engine against the simulator over HTTP: real GraphClient, real files for state
// (a temp profile directory), a FakeClock for poll timers, reminders and Retry-After waits, and
// a sink that records what a host would have shown (replacing by intent id, as hosts do).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AccountSummary } from '../../main/core/accounts/account-summary.ts';
import type { TokenProvider } from '../../main/core/accounts/token-provider.ts';
import { HeraldEngine } from '../../main/core/engine/herald-engine.ts';
import type { NotificationSink } from '../../main/core/engine/account-sync.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { silentLogger } from '../../main/core/log.ts';
import type { IntentRetraction, NotificationIntent } from '../../main/core/notify/notification-intent.ts';
import { defaultSettings, type Settings } from '../../main/core/state/settings-schema.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { SimAdminClient, type AdminMessageInput } from '../../sim/admin-client.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { driveFakeClock } from './graph-fake-time.ts';
import { SimTokenProvider } from './graph-token-provider.ts';

/** What a host would do with intents: show replaces by id, retract removes. */
export class RecordingSink implements NotificationSink {
  /** Every show call, in order (a re-emission after a crash appears twice here). */
  readonly shown: NotificationIntent[] = [];
  readonly retracted: IntentRetraction[] = [];
  /** What is on screen now, by id. */
  readonly visible = new Map<string, NotificationIntent>();

  show(intent: NotificationIntent): void {
    this.shown.push(intent);
    this.visible.set(intent.id, intent);
  }

  retract(retraction: IntentRetraction): void {
    this.retracted.push(retraction);
    this.visible.delete(retraction.intentId);
  }

  /** Distinct intent ids ever shown (what the user saw, since a host replaces by id). */
  distinctShown(): string[] {
    return [...new Set(this.shown.map((i) => i.id))];
  }

  ofType<T extends NotificationIntent['type']>(type: T): Extract<NotificationIntent, { type: T }>[] {
    return this.shown.filter((i): i is Extract<NotificationIntent, { type: T }> => i.type === type);
  }
}

export interface EngineHarness {
  sim: RunningSimulator;
  admin: SimAdminClient;
  clock: FakeClock;
  sink: RecordingSink;
  profileDir: string;
  settings: Settings;
  engine: HeraldEngine;
  tokens: TokenProvider;
  /** Adds a simulator user and opens it in the engine (account id = UPN with the admin token provider). */
  addAccount(upn: string, displayName: string): Promise<AccountSummary>;
  /** Opens an account that signed in for real (MSAL) in the engine. */
  openAccount(summary: AccountSummary): Promise<void>;
  /**
   * How far Graph's clock (the simulator's data clock) runs ahead of this machine's (the fake
   * clock); negative = behind. Default 0. Applied before every `cycle()` and `deliver()`.
   */
  graphSkewMs: number;
  /** Sets the simulator's data clock to the fake clock's now plus `graphSkewMs`. */
  syncGraphClock(): Promise<void>;
  /**
   * Delivers a message "now". Without an explicit receivedDateTime the simulator stamps it with
   * its own clock (Graph's time, as Exchange does), synced to the fake clock plus `graphSkewMs`.
   */
  deliver(upn: string, input: Partial<AdminMessageInput> & { subject: string }): Promise<string>;
  /** One cycle for every account, advancing the fake clock through any Retry-After waits. */
  cycle(accountId?: string): ReturnType<HeraldEngine['checkNow']>;
  /** Simulates a restart: stops the engine and builds a new one on the same profile directory. */
  restart(): Promise<void>;
  /**
   * Simulates a crash and a relaunch: a new engine on the same profile directory while the old
   * one is abandoned without its shutdown save (every write it awaited is on disk, as after
   * SIGKILL between cycles). Only for tests that never `start()` the engine: an abandoned
   * engine's poll timers would keep firing on the shared fake clock.
   */
  crashRestart(): Promise<void>;
  close(): Promise<void>;
}

export interface EngineHarnessOptions {
  tokens?: (simUrl: string) => TokenProvider;
  sim?: RunningSimulator;
}

export async function startEngineHarness(options: EngineHarnessOptions = {}): Promise<EngineHarness> {
  const sim = options.sim ?? (await startSimulator());
  const admin = new SimAdminClient(sim.url);
  const clock = new FakeClock(Date.now());
  const profileDir = await mkdtemp(path.join(tmpdir(), 'herald-engine-'));
  const tokens = options.tokens ? options.tokens(sim.url) : new SimTokenProvider(sim.url);
  const settings = defaultSettings();
  const accounts: AccountSummary[] = [];

  const build = (sink: RecordingSink) =>
    new HeraldEngine({
      tokens,
      store: new SyncStateStore({ directory: profileDir, clock }),
      settings: () => settings,
      sink,
      clock,
      logger: silentLogger,
      graphBaseUrl: sim.url,
      timeZone: 'UTC',
    });

  const harness: EngineHarness = {
    sim,
    admin,
    clock,
    sink: new RecordingSink(),
    profileDir,
    settings,
    tokens,
    engine: undefined as unknown as HeraldEngine,
    graphSkewMs: 0,
    async syncGraphClock() {
      await admin.setClock(new Date(clock.now() + harness.graphSkewMs).toISOString());
    },
    async addAccount(upn, displayName) {
      const existing = (await admin.users()).find((u) => u.upn === upn.toLowerCase());
      if (!existing) await admin.addUser({ upn, displayName });
      const summary: AccountSummary = { id: upn, username: upn, name: displayName, tenantId: 'sim', kind: 'work', mode: 'readWrite', readOnly: false };
      accounts.push(summary);
      await harness.engine.addAccount(summary);
      return summary;
    },
    async openAccount(summary) {
      accounts.push(summary);
      await harness.engine.addAccount(summary);
    },
    async deliver(upn, input) {
      await harness.syncGraphClock();
      const { id } = await admin.addMessage(upn, {
        from: { name: 'Sender', address: 'sender@fabrikam.example' },
        bodyHtml: `<p>${input.subject}</p>`,
        ...input,
      });
      return id;
    },
    async cycle(accountId) {
      // Graph answers (its Date header, the messages it stamps) on its own clock: keep it in
      // step with the fake clock, skewed as the test asks.
      await harness.syncGraphClock();
      return driveFakeClock(clock, harness.engine.checkNow(accountId));
    },
    async restart() {
      await harness.engine.stop();
      harness.engine = build(harness.sink);
      for (const account of accounts) await harness.engine.addAccount(account);
    },
    async crashRestart() {
      harness.engine = build(harness.sink);
      for (const account of accounts) await harness.engine.addAccount(account);
    },
    async close() {
      await harness.engine.stop();
      if (!options.sim) await sim.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
  harness.engine = build(harness.sink);
  return harness;
}
