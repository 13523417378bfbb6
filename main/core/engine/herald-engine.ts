// The engine for every signed-in account: one AccountSync each, a poll timer each on the
// injected clock, "check now", and backoff while an account is offline, throttled or waiting
// for the user. Hosts (Electron shell, web host, terminal demo) construct one of these in their
// composition root and listen to it; nothing here knows which host it runs in.
import type { AccountSummary } from '../accounts/account-summary.ts';
import type { TokenProvider } from '../accounts/token-provider.ts';
import { systemClock, type Clock, type TimerHandle } from '../clock.ts';
import type { AccountState } from '../graph/account-state.ts';
import { GraphClient, type GraphVersion } from '../graph/graph-client.ts';
import type { Logger } from '../log.ts';
import type { Settings } from '../state/settings-schema.ts';
import type { SyncStateStore } from '../state/sync-state-store.ts';
import { AccountSync, type AccountSyncListener, type CycleReport, type NotificationSink } from './account-sync.ts';
import { GraphServerTime } from './graph-server-time.ts';
import { PUSH_SYNC_DEBOUNCE_MS, delayAfterResume, effectivePollInterval, nextPollDelay } from './poll-timing.ts';

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
  /**
   * Clock for the short push debounce (requestSync). Wall time by default, on purpose: it
   * coalesces real HTTP arrivals, and a push must not wait for a FakeClock to be advanced.
   */
  pushDebounceClock?: Clock;
  pushDebounceMs?: number;
  /** A poll timer fired so late that the machine must have slept (the engine has already resumed). */
  onSleepDetected?: () => void;
}

/**
 * A poll timer this late means the machine slept (timers run on a monotonic clock that stops in
 * a suspend), whether or not the host reported the wake. A false alarm (a long event-loop stall)
 * costs only an early poll.
 */
export const SLEEP_DETECTION_LATENESS_MS = 30_000;

/** Retry-After pauses up to this long are waited out inside a cycle; longer ones end it. */
export const MAX_INLINE_WAIT_MS = 30_000;

interface Entry {
  sync: AccountSync;
  graph: GraphClient;
  timer: TimerHandle | null;
  /** When the poll timer fires (epoch ms on the clock); null when none is set. */
  dueAt: number | null;
  failures: number;
  /** A poll cycle has completed since the account was opened (its baseline, the first time). */
  polled: boolean;
  /** A pending debounced push sync. */
  pushTimer: TimerHandle | null;
  /** A push-triggered cycle is running; `pushAgain` asks for one more after it. */
  pushRunning: boolean;
  pushAgain: boolean;
}

export class HeraldEngine {
  private readonly o: HeraldEngineOptions;
  private readonly accounts = new Map<string, Entry>();
  private running = false;
  /** Per-account poll interval overrides (push live → slow safety net), kept across addAccount. */
  private readonly intervalOverrides = new Map<string, number>();

  constructor(options: HeraldEngineOptions) {
    this.o = options;
  }

  /** Opens an account (loads its state, re-emits unshown notifications) and starts polling it. */
  async addAccount(account: AccountSummary): Promise<AccountSync> {
    const existing = this.accounts.get(account.id);
    if (existing) return existing.sync;
    // Graph's clock, read from the Date of this account's responses: the new-mail watermark is on it.
    const graphTime = new GraphServerTime();
    const graph = new GraphClient({
      accountId: account.id,
      tokens: this.o.tokens,
      clock: this.o.clock,
      logger: this.o.logger,
      // A long Retry-After ends the cycle as "throttled" (the next poll waits it out) instead
      // of holding the account's queue, and the reminders behind it, for minutes.
      maxInlineWaitMs: MAX_INLINE_WAIT_MS,
      ...(this.o.graphBaseUrl ? { baseUrl: this.o.graphBaseUrl } : {}),
      ...(this.o.graphVersion ? { version: this.o.graphVersion } : {}),
      fetch: graphTime.wrap(this.o.fetch ?? ((input, init) => globalThis.fetch(input, init))),
    });
    const sync = await AccountSync.open({
      identity: {
        accountId: account.id,
        address: account.username,
        displayName: account.name,
        // The sign-in name until /me gives the mailbox's own addresses (AccountSync asks it).
        selfAddresses: [account.username],
        readOnly: account.readOnly,
      },
      graph,
      graphTime,
      store: this.o.store,
      settings: this.o.settings,
      sink: this.o.sink,
      clock: this.o.clock,
      logger: this.o.logger,
      ...(this.o.listener ? { listener: this.o.listener } : {}),
      ...(this.o.timeZone ? { timeZone: this.o.timeZone } : {}),
    });
    const entry: Entry = { sync, graph, timer: null, dueAt: null, failures: 0, polled: false, pushTimer: null, pushRunning: false, pushAgain: false };
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
    if (entry.pushTimer) this.debounceClock.clearTimeout(entry.pushTimer);
    await entry.sync.close();
    if (options.forget) await AccountSync.forget(this.o.store, accountId);
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
      entry.dueAt = null;
      if (entry.pushTimer) this.debounceClock.clearTimeout(entry.pushTimer);
      entry.pushTimer = null;
    }
    await Promise.all(entries.map((entry) => entry.sync.close()));
    await this.o.store.flush();
  }

  /** The account's Graph client (push subscriptions use the same tokens, limits and clock). */
  graphFor(accountId: string): GraphClient {
    const entry = this.accounts.get(accountId);
    if (!entry) throw new Error(`No such account in the engine: ${accountId}`);
    return entry.graph;
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

  /**
   * The machine woke from sleep (or the network came back). Timers armed before a suspend run on
   * a monotonic clock that stood still: a poll due "in a minute" would come hours late, a
   * reminder timer minutes late. Every account's reminders re-check what is due, and each
   * account polls now, unless Graph asked for a wait or it waits for the user. An account whose
   * cycle is running gets nothing more: that cycle reschedules itself.
   */
  resume(): void {
    const now = this.o.clock.now();
    for (const entry of this.accounts.values()) {
      entry.sync.recheckReminders();
      if (!this.running || entry.dueAt === null) continue;
      const delay = delayAfterResume(entry.sync.state, now);
      // Not compared with the armed timer's due time: after a suspend it fires late by an amount
      // nobody knows, so the wall-clock answer replaces it.
      if (delay === null) continue;
      // The backoff counted failures of the network before the sleep: start it afresh.
      entry.failures = 0;
      this.schedule(entry, delay);
    }
  }

  /** "Check now": syncs the account (or all), then restarts its interval from now. */
  async checkNow(accountId?: string): Promise<CycleReport[]> {
    const entries = accountId ? [this.accounts.get(accountId)].filter((e): e is Entry => e !== undefined) : [...this.accounts.values()];
    return Promise.all(entries.map((entry) => this.runCycle(entry)));
  }

  /**
   * A change notification said something changed: run a delta sync soon. Calls within the
   * debounce window share one sync; a call while a push sync runs gets one more after it, so a
   * change committed mid-sync is never left for the next poll. Nothing from the notification
   * itself is trusted: the delta query is what finds the change. Unknown accounts are ignored.
   */
  requestSync(accountId: string, reason: string): void {
    const entry = this.accounts.get(accountId);
    if (!entry || !this.running) return;
    if (entry.pushRunning) {
      entry.pushAgain = true;
      return;
    }
    if (entry.pushTimer) return;
    this.o.logger.debug({ accountId, reason }, 'sync requested');
    entry.pushTimer = this.debounceClock.setTimeout(() => {
      entry.pushTimer = null;
      void this.runPushCycle(entry);
    }, this.o.pushDebounceMs ?? PUSH_SYNC_DEBOUNCE_MS);
  }

  /**
   * Overrides the poll interval of one account (null restores the user's setting). Push sets a
   * slow safety-net interval while it is live and clears it the moment push fails; the running
   * timer is moved at once so a failed push never waits out a 40-minute timer.
   */
  setPollIntervalOverride(accountId: string, intervalMs: number | null): void {
    if (intervalMs === null) this.intervalOverrides.delete(accountId);
    else this.intervalOverrides.set(accountId, intervalMs);
    const entry = this.accounts.get(accountId);
    if (!entry || !this.running || entry.dueAt === null) return;
    // An account's first poll is its baseline: push must not push it 40 minutes out (mail that
    // arrived meanwhile would be recorded by a push-triggered baseline, not notified).
    if (intervalMs !== null && !entry.polled) return;
    const remaining = Math.max(0, entry.dueAt - this.o.clock.now());
    const interval = this.intervalFor(accountId);
    // Slower (push live): the next poll moves out to the new interval; faster: never later than it.
    this.schedule(entry, intervalMs === null ? Math.min(remaining, interval) : Math.max(remaining, interval));
  }

  private get debounceClock(): Clock {
    return this.o.pushDebounceClock ?? systemClock;
  }

  private intervalFor(accountId: string): number {
    return effectivePollInterval(this.o.settings().pollIntervalMs, this.intervalOverrides.get(accountId));
  }

  private async runPushCycle(entry: Entry): Promise<void> {
    entry.pushRunning = true;
    try {
      do {
        entry.pushAgain = false;
        if (!this.running || this.accounts.get(entry.sync.accountId) !== entry) return;
        await this.runCycle(entry).catch((err: unknown) => this.o.logger.error({ err, accountId: entry.sync.accountId }, 'push sync crashed'));
      } while (entry.pushAgain);
    } finally {
      entry.pushRunning = false;
    }
  }

  private schedule(entry: Entry, delayMs: number): void {
    if (entry.timer) this.o.clock.clearTimeout(entry.timer);
    const dueAt = this.o.clock.now() + delayMs;
    entry.dueAt = dueAt;
    entry.timer = this.o.clock.setTimeout(() => {
      entry.timer = null;
      entry.dueAt = null;
      if (this.o.clock.now() - dueAt >= SLEEP_DETECTION_LATENESS_MS) {
        this.o.logger.info({ lateMs: this.o.clock.now() - dueAt }, 'a poll timer fired late: the machine slept; resuming');
        this.resume();
        this.o.onSleepDetected?.();
      }
      void this.runCycle(entry).catch((err: unknown) => this.o.logger.error({ err, accountId: entry.sync.accountId }, 'poll cycle crashed'));
    }, delayMs);
  }

  private async runCycle(entry: Entry): Promise<CycleReport> {
    if (entry.timer) {
      this.o.clock.clearTimeout(entry.timer);
      entry.timer = null;
      entry.dueAt = null;
    }
    try {
      const report = await entry.sync.syncOnce();
      entry.failures = report.state.kind === 'ok' ? 0 : entry.failures + 1;
      entry.polled = true;
      return report;
    } finally {
      if (this.running && this.accounts.get(entry.sync.accountId) === entry) {
        this.schedule(entry, nextPollDelay(entry.sync.state, entry.failures, this.intervalFor(entry.sync.accountId), this.o.clock.now()));
      }
    }
  }
}
