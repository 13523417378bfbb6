// The engine for every signed-in account: one AccountSync each, a poll timer each on the
// injected clock, "check now", and backoff while an account is offline, throttled or waiting
// for the user. Hosts (Electron shell, web host, terminal demo) construct one of these in their
// composition root and listen to it; nothing here knows which host it runs in.
import type { AccountSummary } from '../accounts/account-summary.ts';
import type { TokenProvider } from '../accounts/token-provider.ts';
import type { Clock, TimerHandle } from '../clock.ts';
import type { AccountState } from '../graph/account-state.ts';
import { GraphClient, type GraphVersion } from '../graph/graph-client.ts';
import type { Logger } from '../log.ts';
import type { Settings } from '../state/settings-schema.ts';
import type { SyncStateStore } from '../state/sync-state-store.ts';
import { AccountSync, type AccountSyncListener, type CycleReport, type NotificationSink } from './account-sync.ts';
import { nextPollDelay } from './poll-timing.ts';

export interface HeraldEngineOptions {
  tokens: TokenProvider;
  store: SyncStateStore;
  settings: () => Settings;
  sink: NotificationSink;
  clock: Clock;
  logger: Logger;
  listener?: AccountSyncListener;
  /** https://graph.microsoft.com in production; the simulator's URL in demo, tests, benchmarks. */
  graphBaseUrl?: string;
  graphVersion?: GraphVersion;
  /** For measuring (benchmarks count requests through it); default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  timeZone?: string;
}

interface Entry {
  sync: AccountSync;
  timer: TimerHandle | null;
  failures: number;
}

export class HeraldEngine {
  private readonly o: HeraldEngineOptions;
  private readonly accounts = new Map<string, Entry>();
  private running = false;

  constructor(options: HeraldEngineOptions) {
    this.o = options;
  }

  /** Opens an account (loads its state, re-emits unshown notifications) and starts polling it. */
  async addAccount(account: AccountSummary): Promise<AccountSync> {
    const existing = this.accounts.get(account.id);
    if (existing) return existing.sync;
    const graph = new GraphClient({
      accountId: account.id,
      tokens: this.o.tokens,
      clock: this.o.clock,
      logger: this.o.logger,
      ...(this.o.graphBaseUrl ? { baseUrl: this.o.graphBaseUrl } : {}),
      ...(this.o.graphVersion ? { version: this.o.graphVersion } : {}),
      ...(this.o.fetch ? { fetch: this.o.fetch } : {}),
    });
    const sync = await AccountSync.open({
      identity: {
        accountId: account.id,
        address: account.username,
        displayName: account.name,
        selfAddresses: [account.username],
        readOnly: account.readOnly,
      },
      graph,
      store: this.o.store,
      settings: this.o.settings,
      sink: this.o.sink,
      clock: this.o.clock,
      logger: this.o.logger,
      ...(this.o.listener ? { listener: this.o.listener } : {}),
      ...(this.o.timeZone ? { timeZone: this.o.timeZone } : {}),
    });
    const entry: Entry = { sync, timer: null, failures: 0 };
    this.accounts.set(account.id, entry);
    if (this.running) this.schedule(entry, 0);
    return sync;
  }

  /** Stops polling an account; with `forget`, its sync state is deleted (sign-out). */
  async removeAccount(accountId: string, options: { forget?: boolean } = {}): Promise<void> {
    const entry = this.accounts.get(accountId);
    if (!entry) return;
    this.accounts.delete(accountId);
    if (entry.timer) this.o.clock.clearTimeout(entry.timer);
    await entry.sync.close();
    if (options.forget) await this.o.store.remove(accountId);
  }

  /** Starts the poll timers: every account syncs now, then at its interval. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const entry of this.accounts.values()) this.schedule(entry, 0);
  }

  async stop(): Promise<void> {
    this.running = false;
    const entries = [...this.accounts.values()];
    for (const entry of entries) {
      if (entry.timer) this.o.clock.clearTimeout(entry.timer);
      entry.timer = null;
    }
    await Promise.all(entries.map((entry) => entry.sync.close()));
    await this.o.store.flush();
  }

  account(accountId: string): AccountSync | undefined {
    return this.accounts.get(accountId)?.sync;
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  states(): Record<string, AccountState> {
    return Object.fromEntries([...this.accounts].map(([id, entry]) => [id, entry.sync.state]));
  }

  /** "Check now": syncs the account (or all), then restarts its interval from now. */
  async checkNow(accountId?: string): Promise<CycleReport[]> {
    const entries = accountId ? [this.accounts.get(accountId)].filter((e): e is Entry => e !== undefined) : [...this.accounts.values()];
    return Promise.all(entries.map((entry) => this.runCycle(entry)));
  }

  private schedule(entry: Entry, delayMs: number): void {
    if (entry.timer) this.o.clock.clearTimeout(entry.timer);
    entry.timer = this.o.clock.setTimeout(() => {
      entry.timer = null;
      void this.runCycle(entry).catch((err: unknown) => this.o.logger.error({ err, accountId: entry.sync.accountId }, 'poll cycle crashed'));
    }, delayMs);
  }

  private async runCycle(entry: Entry): Promise<CycleReport> {
    if (entry.timer) {
      this.o.clock.clearTimeout(entry.timer);
      entry.timer = null;
    }
    try {
      const report = await entry.sync.syncOnce();
      entry.failures = report.state.kind === 'ok' ? 0 : entry.failures + 1;
      return report;
    } finally {
      if (this.running && this.accounts.get(entry.sync.accountId) === entry) {
        this.schedule(entry, nextPollDelay(entry.sync.state, entry.failures, this.o.settings().pollIntervalMs, this.o.clock.now()));
      }
    }
  }
}
