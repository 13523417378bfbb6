// One life of the engine "process", killed honestly in-process. Everything the engine touches
// the world through — fetch, the notification sink, the clock, the state store, the token
// provider — is wrapped with the incarnation's kill switch. After the kill nothing of the dead
// incarnation reaches the sink, the disk or the network, its timers are dropped and its pending
// sleeps, responses and writes never resolve (a SIGKILLed process does not run its finally
// blocks either). A "mid-write" kill leaves what SIGKILL during the atomic write leaves: a
// partial temp file next to the state file, the state file itself untouched.
// (A real SIGKILL of a separate writer process is covered by test/integration/state-crash.test.ts.)
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { TokenProvider } from '../../main/core/accounts/token-provider.ts';
import type { Clock, TimerHandle } from '../../main/core/clock.ts';
import type { NotificationSink } from '../../main/core/engine/account-sync.ts';
import type { FakeClock } from '../../main/core/fake-clock.ts';
import type { IntentRetraction, NotificationIntent } from '../../main/core/notify/notification-intent.ts';
import { TEMP_SUFFIX } from '../../main/core/state/atomic-write.ts';
import { SYNC_STATE_ENVELOPE_VERSION, SyncStateStore, type SyncStateStoreOptions } from '../../main/core/state/sync-state-store.ts';

/** Where in the engine's work a kill lands. */
export const KILL_POINTS = ['idle', 'afterFetch', 'midWrite', 'afterSave', 'midShow'] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

/** A promise that never settles: what a dead process's pending work turns into. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

export class KillSwitch {
  killed = false;
  killedAt: KillPoint | null = null;
  /** A kill waiting for its moment (the next response, write or show). */
  armed: KillPoint | null = null;
  /** Work in flight (HTTP, file writes, token calls, sink calls): the driver waits for 0. */
  busy = 0;
  readonly dead: Promise<void>;
  private markDead!: () => void;
  private readonly onKill: (() => void)[] = [];

  constructor() {
    this.dead = new Promise<void>((resolve) => {
      this.markDead = resolve;
    });
  }

  kill(point: KillPoint): void {
    if (this.killed) return;
    this.killed = true;
    this.killedAt = point;
    this.armed = null;
    for (const hook of this.onKill) hook();
    this.markDead();
  }

  whenKilled(hook: () => void): void {
    this.onKill.push(hook);
  }

  /** Takes the armed kill if it is for `point` (so each armed kill fires once). */
  takeArmed(point: KillPoint): boolean {
    if (this.killed || this.armed !== point) return false;
    this.armed = null;
    return true;
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.busy += 1;
    try {
      return await work();
    } finally {
      this.busy -= 1;
    }
  }
}

/** A view of the shared FakeClock whose timers die with the incarnation. */
export class IncarnationClock implements Clock {
  private readonly timers = new Map<TimerHandle, number>();

  constructor(
    private readonly fake: FakeClock,
    private readonly kill: KillSwitch,
  ) {
    kill.whenKilled(() => {
      for (const handle of this.timers.keys()) fake.clearTimeout(handle);
      this.timers.clear();
    });
  }

  now(): number {
    return this.fake.now();
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    if (this.kill.killed) return -1 as unknown as TimerHandle;
    const handle = this.fake.setTimeout(() => {
      this.timers.delete(handle);
      if (!this.kill.killed) callback();
    }, delayMs);
    this.timers.set(handle, this.fake.now() + Math.max(0, delayMs));
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle);
    this.fake.clearTimeout(handle);
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    if (this.kill.killed) return never();
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const handle = this.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, delayMs);
      const onAbort = () => {
        this.clearTimeout(handle);
        if (!this.kill.killed) reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** When this incarnation's next timer fires (the driver advances the fake clock to it). */
  nextDue(): number | null {
    let next: number | null = null;
    for (const at of this.timers.values()) if (next === null || at < next) next = at;
    return next;
  }
}

/**
 * fetch for one incarnation: the body is read completely before the engine sees the response
 * (so "in flight" covers the whole exchange), and a kill drops whatever comes back.
 */
export function killableFetch(kill: KillSwitch, inner: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    if (kill.killed) return never();
    let response: Response;
    let body: ArrayBuffer;
    try {
      ({ response, body } = await kill.track(async () => {
        const res = await inner(input, init);
        return { response: res, body: await res.arrayBuffer() };
      }));
    } catch (error) {
      if (kill.killed) return never();
      throw error;
    }
    if (kill.killed) return never();
    if (kill.takeArmed('afterFetch')) {
      kill.kill('afterFetch');
      return never();
    }
    const nullBody = response.status === 204 || response.status === 304 || body.byteLength === 0;
    return new Response(nullBody ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/**
 * Watches what the engine makes durable: called as a save is issued (the payload may change
 * after), it returns what to run once that save is on disk.
 */
export type SaveObserver = (accountId: string, payload: unknown) => (() => void) | undefined;

/** The real SyncStateStore, except that a dead incarnation writes nothing. */
export class KillableStateStore extends SyncStateStore {
  constructor(
    options: SyncStateStoreOptions,
    private readonly kill: KillSwitch,
    private readonly observe?: SaveObserver,
  ) {
    super(options);
  }

  override save(accountId: string, payload: unknown): Promise<void> {
    if (this.kill.killed) return never();
    if (this.kill.takeArmed('midWrite')) return this.dieMidWrite(accountId, payload);
    const dieAfter = this.kill.takeArmed('afterSave');
    const durable = this.observe?.(accountId, payload);
    return this.kill.track(() => super.save(accountId, payload)).then(() => {
      // On disk, even if the process dies right after (afterSave).
      durable?.();
      if (dieAfter) this.kill.kill('afterSave');
      return this.kill.killed ? never<void>() : undefined;
    });
  }

  /** What SIGKILL between "temp file half written" and "rename" leaves on disk. */
  private async dieMidWrite(accountId: string, payload: unknown): Promise<void> {
    const data = JSON.stringify({ version: SYNC_STATE_ENVELOPE_VERSION, accountId, savedAt: Date.now(), payload });
    const temp = `${this.fileFor(accountId)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
    await this.kill.track(() => fs.writeFile(temp, data.slice(0, Math.floor(data.length / 2)), { mode: 0o600 }));
    this.kill.kill('midWrite');
    return never();
  }
}

/** The host side of one incarnation: a kill in the middle of showing keeps what was shown. */
export class KillableSink implements NotificationSink {
  constructor(
    private readonly target: NotificationSink,
    private readonly kill: KillSwitch,
  ) {}

  async show(intent: NotificationIntent): Promise<void> {
    if (this.kill.killed) return never();
    await this.kill.track(async () => this.target.show(intent));
    if (this.kill.takeArmed('midShow')) {
      this.kill.kill('midShow');
      return never();
    }
  }

  async retract(retraction: IntentRetraction): Promise<void> {
    if (this.kill.killed) return never();
    await this.kill.track(async () => this.target.retract(retraction));
  }
}

/** The token provider as one incarnation sees it (MSAL calls are real HTTP in flight). */
export class KillableTokens implements TokenProvider {
  constructor(
    private readonly inner: TokenProvider,
    private readonly kill: KillSwitch,
  ) {}

  async getAccessToken(accountId: string, options?: { forceRefresh?: boolean }): Promise<string> {
    if (this.kill.killed) return never();
    try {
      const token = await this.kill.track(() => this.inner.getAccessToken(accountId, options));
      return this.kill.killed ? never() : token;
    } catch (error) {
      if (this.kill.killed) return never();
      throw error;
    }
  }
}
