// Push for the whole app: one webhook receiver, one SubscriptionManager per account, and the
// engine. A change notification asks the engine for a debounced delta sync; while an account's
// subscriptions are live its polling drops to a slow safety net, and the moment push fails the
// user's interval is back. Hosts construct it in their composition root (see README.md) and
// show `status()` / `onStatus()` in settings: off | validating | live | failing, why, and the URL.
import type { Clock } from '../clock.ts';
import { PUSH_SAFETY_NET_INTERVAL_MS } from '../engine/poll-timing.ts';
import type { GraphClient } from '../graph/graph-client.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { PushSettings } from '../state/settings-schema.ts';
import type { SyncStateStore } from '../state/sync-state-store.ts';
import { describeFailure } from './push-failure.ts';
import { SubscriptionManager, type ManagerState, type ManagerStatus } from './subscription-manager.ts';
import { TunnelProbe } from './tunnel-probe.ts';
import { PUSH_TEXTS_EN, type PushTexts } from './push-texts.ts';
import { LIFECYCLE_PATH, NOTIFICATION_PATH, WebhookReceiver, type WebhookCounters } from './webhook-receiver.ts';

/** The receiver's port unless the host says otherwise: fixed, so the user's tunnel command stays valid. */
export const DEFAULT_RECEIVER_PORT = 47_813;

/** What push needs from the engine (HeraldEngine implements it). */
export interface PushEngine {
  requestSync(accountId: string, reason: string): void;
  setPollIntervalOverride(accountId: string, intervalMs: number | null): void;
}

export type PushState = ManagerState;

export interface PushStatus {
  state: PushState;
  reason: string | null;
  /** The public URL in use (the user's tunnel), or null. */
  publicUrl: string | null;
  /** Where the receiver listens on this machine (what the tunnel must point at), or null. */
  localUrl: string | null;
  accounts: Record<string, ManagerStatus>;
}

export type PushStatusListener = (status: PushStatus) => void;

export interface PushServiceOptions {
  engine: PushEngine;
  /** A Graph client for an account (the same kind the engine uses: tokens, base URL, clock). */
  graphFor(accountId: string): GraphClient;
  /** Where subscription ids and clientStates persist (the profile's SyncStateStore). */
  store: SyncStateStore;
  clock: Clock;
  settings: () => PushSettings;
  logger?: Logger;
  receiver?: { host?: string; port?: number; maxBodyBytes?: number };
  /** Poll interval while push is live; default PUSH_SAFETY_NET_INTERVAL_MS. */
  safetyNetIntervalMs?: number;
  /** The words of push's reasons, in the app's language (default English). */
  texts?: () => PushTexts;
  /** How the tunnel probe reaches the public URL (tests); default the global fetch. */
  probeFetch?: typeof globalThis.fetch;
}

export class PushService {
  private readonly o: PushServiceOptions;
  private readonly log: Logger;
  private readonly receiver: WebhookReceiver;
  private readonly managers = new Map<string, SubscriptionManager>();
  private readonly accountIds = new Set<string>();
  private readonly listeners = new Set<PushStatusListener>();
  private receiverUp = false;
  private activeUrl: string | null = null;
  private offReason: string | null = null;
  /** Checks, while push is live, that the public URL still reaches the receiver (tunnel-probe.ts). */
  private readonly probe: TunnelProbe;
  /** The tunnel stopped reaching us: push is failing and polling is back at the user's interval. */
  private tunnelDown = false;
  /** Settings changes, account changes and stop run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: PushServiceOptions) {
    this.o = options;
    this.log = (options.logger ?? silentLogger).child({ component: 'push' });
    this.receiver = new WebhookReceiver({
      host: options.receiver?.host ?? '127.0.0.1',
      port: options.receiver?.port ?? DEFAULT_RECEIVER_PORT,
      ...(options.receiver?.maxBodyBytes !== undefined ? { maxBodyBytes: options.receiver.maxBodyBytes } : {}),
      logger: this.log,
      handlers: {
        lookup: (subscriptionId) => {
          for (const manager of this.managers.values()) {
            const known = manager.lookup(subscriptionId);
            if (known) return known;
          }
          return undefined;
        },
        onChange: (accountId, notification) => this.o.engine.requestSync(accountId, `push:${notification.changeType}`),
        onLifecycle: (accountId, notification) => {
          const manager = this.managers.get(accountId);
          // Not awaited: a recreate talks to Graph, and other notifications must not wait for it.
          void manager?.handleLifecycle(notification.subscriptionId, notification.lifecycleEvent).catch((err: unknown) => this.log.warn({ err }, 'lifecycle handling failed'));
        },
      },
    });
    this.probe = new TunnelProbe({
      clock: options.clock,
      target: () => (this.activeUrl !== null && this.anyLive() ? `${this.activeUrl}${NOTIFICATION_PATH}` : null),
      echoedByUs: (token) => this.receiver.echoed(token),
      onChange: (reachable) => this.tunnelChanged(reachable),
      logger: this.log,
      ...(options.probeFetch ? { fetch: options.probeFetch } : {}),
    });
  }

  /** Local receiver URL once started (tests and the settings page), else null. */
  get localUrl(): string | null {
    return this.receiverUp ? this.receiver.localUrl : null;
  }

  get counters(): Readonly<WebhookCounters> {
    return this.receiver.counters;
  }

  /** Starts push per the settings for every account added so far. */
  start(): Promise<void> {
    return this.applySettings();
  }

  /** An account signed in (or was loaded at start-up). */
  addAccount(accountId: string): Promise<void> {
    return this.serially(async () => {
      this.accountIds.add(accountId);
      if (this.activeUrl !== null) await this.startManagers([accountId], this.activeUrl, { recheckTunnel: false });
      else this.emit();
    });
  }

  /** An account was removed; `signOut` deletes its subscriptions at Graph and its push state. */
  removeAccount(accountId: string, options: { signOut: boolean }): Promise<void> {
    this.managers.get(accountId)?.interrupt();
    return this.serially(async () => {
      this.accountIds.delete(accountId);
      await this.stopManager(accountId, options.signOut);
      this.emit();
    });
  }

  /**
   * Call after `push.enabled` or `push.publicUrl` changed, or when the user saves them again:
   * every account whose push is off or failing is tried again at once (a user who started the
   * tunnel after Herald just saves). Never rejects: a failure is logged and shown in the status.
   */
  applySettings(): Promise<void> {
    return this.serially(async () => {
      try {
        await this.apply();
      } catch (err) {
        this.log.warn({ err }, 'push settings could not be applied');
        this.offReason = describeFailure(err, this.texts()).reason;
        this.emit();
      }
    });
  }

  private async apply(): Promise<void> {
    const settings = this.o.settings();
    if (!settings.enabled) {
      this.offReason = null;
      await this.shutDown(true);
      return;
    }
    if (!this.receiverUp) {
      try {
        await this.receiver.start();
        this.receiverUp = true;
      } catch (err) {
        this.log.warn({ err }, 'webhook receiver could not listen');
        this.offReason = this.texts().receiverPort;
        this.emit();
        return;
      }
    }
    // Read again: a host may derive the public URL from the receiver's port, known only now.
    const publicUrl = this.o.settings().publicUrl;
    const url = publicUrl === null ? null : publicUrl.replace(/\/+$/, '');
    if (url === null) {
      this.offReason = this.texts().noUrl;
      this.stopProbe();
      await this.stopAllManagers(true);
      this.activeUrl = null;
      this.emit();
      return;
    }
    this.offReason = null;
    if (url !== this.activeUrl) {
      // The old subscriptions point at the old URL: managers adopt nothing and replace them.
      await this.stopAllManagers(false);
      this.stopProbe();
      this.activeUrl = url;
    }
    this.probe.start();
    await this.startManagers([...this.accountIds], url, { recheckTunnel: true });
    this.emit();
  }

  /**
   * Starts managers, then checks the tunnel now rather than in 5 minutes when (a) the settings
   * were applied while it was marked down (`recheckTunnel`): the user saved or pressed "Try
   * again" because it is back, and managers that stayed live are not restarted, so only the
   * probe can tell; (b) push just went live: subscriptions adopted from the last run were never
   * validated by Graph against today's tunnel.
   */
  private async startManagers(accountIds: string[], url: string, options: { recheckTunnel: boolean }): Promise<void> {
    const wasLive = this.anyLive();
    await Promise.all(accountIds.map((id) => this.startManager(id, url)));
    if ((options.recheckTunnel && this.tunnelDown) || (!wasLive && this.anyLive())) await this.probe.probeNow();
  }

  private anyLive(): boolean {
    return [...this.managers.values()].some((m) => m.status.state === 'live');
  }

  /**
   * Quit: deletes the subscriptions (nothing should be sent to a closed receiver) and closes the
   * receiver. `deleteSubscriptions: false` leaves them for the next run to adopt (e.g. an update
   * restart); a crash leaves them too, and the next start adopts them.
   */
  stop(options: { deleteSubscriptions?: boolean } = {}): Promise<void> {
    // Settings or accounts being applied may wait on Graph (a setup in its retries): stop waiting.
    for (const manager of this.managers.values()) manager.interrupt();
    return this.serially(() => this.shutDown(options.deleteSubscriptions ?? true));
  }

  /** Resolves once the work queued so far (settings, accounts, stop) has run; for tests. */
  async settled(): Promise<void> {
    for (let tail = this.queue; ; tail = this.queue) {
      await tail;
      if (tail === this.queue) return;
    }
  }

  /** The machine woke from sleep: subscription renewals due meanwhile run now, and the tunnel is checked. */
  resume(): void {
    for (const manager of this.managers.values()) manager.recheckRenewals();
    void this.probe.probeNow();
  }

  /** Checks the tunnel now (tests; the probe's own timer does this every few minutes). */
  probeTunnel(): Promise<void> {
    return this.probe.probeNow();
  }

  status(): PushStatus {
    const accounts: Record<string, ManagerStatus> = {};
    for (const [id, manager] of this.managers) accounts[id] = manager.status;
    const base = { publicUrl: this.activeUrl, localUrl: this.localUrl, accounts };
    if (!this.o.settings().enabled) return { state: 'off', reason: null, ...base };
    if (this.offReason !== null || this.activeUrl === null) return { state: 'off', reason: this.offReason, ...base };
    const statuses = Object.values(accounts);
    if (statuses.length === 0) return { state: 'off', reason: this.texts().noAccount, ...base };
    const firstReason = statuses.find((s) => s.reason !== null)?.reason ?? null;
    if (this.tunnelDown && statuses.some((s) => s.state === 'live')) return { state: 'failing', reason: this.texts().tunnelDown, ...base };
    if (statuses.every((s) => s.state === 'live')) return { state: 'live', reason: null, ...base };
    if (statuses.some((s) => s.state === 'validating')) return { state: 'validating', reason: null, ...base };
    if (statuses.every((s) => s.state === 'off')) return { state: 'off', reason: firstReason, ...base };
    return { state: 'failing', reason: firstReason, ...base };
  }

  onStatus(listener: PushStatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The manager of an account (tests, diagnostics). */
  manager(accountId: string): SubscriptionManager | undefined {
    return this.managers.get(accountId);
  }

  private async startManager(accountId: string, url: string): Promise<void> {
    const existing = this.managers.get(accountId);
    if (existing) {
      // Validating or live: nothing to do. Off (validation failed) or failing (waiting for its
      // back-off): the settings were applied again, so try again now.
      if (existing.status.state === 'off' || existing.status.state === 'failing') await existing.start();
      return;
    }
    const manager = new SubscriptionManager({
      texts: () => this.texts(),
      accountId,
      graph: this.o.graphFor(accountId),
      clock: this.o.clock,
      store: this.o.store,
      notificationUrl: `${url}${NOTIFICATION_PATH}`,
      lifecycleNotificationUrl: `${url}${LIFECYCLE_PATH}`,
      requestSync: (reason) => this.o.engine.requestSync(accountId, reason),
      onStatus: (status) => {
        // Live (and the tunnel reaching us): poll only as a safety net. Anything else: the user's interval, at once.
        this.o.engine.setPollIntervalOverride(accountId, this.overrideFor(status.state));
        // Back to live on its own (the retry after a failure, maybe adopting): check the tunnel
        // once now. Not awaited: the manager's queue must not wait on the tunnel.
        if (status.state === 'live') void this.probe.probeNow();
        this.emit();
      },
      logger: this.log,
    });
    this.managers.set(accountId, manager);
    await manager.start();
  }

  private overrideFor(state: ManagerState): number | null {
    return state === 'live' && !this.tunnelDown ? (this.o.safetyNetIntervalMs ?? PUSH_SAFETY_NET_INTERVAL_MS) : null;
  }

  private tunnelChanged(reachable: boolean): void {
    this.tunnelDown = !reachable;
    for (const [accountId, manager] of this.managers) {
      this.o.engine.setPollIntervalOverride(accountId, this.overrideFor(manager.status.state));
      // Back: Graph may have dropped notifications meanwhile (it gives up on a dead endpoint).
      if (reachable) this.o.engine.requestSync(accountId, 'push:tunnelBack');
    }
    this.emit();
  }

  private stopProbe(): void {
    this.probe.stop();
    this.tunnelDown = false;
  }

  private async stopManager(accountId: string, deleteSubscriptions: boolean): Promise<void> {
    const manager = this.managers.get(accountId);
    if (!manager) return;
    this.managers.delete(accountId);
    this.o.engine.setPollIntervalOverride(accountId, null);
    await manager.stop({ deleteSubscriptions });
  }

  private async stopAllManagers(deleteSubscriptions: boolean): Promise<void> {
    await Promise.all([...this.managers.keys()].map((id) => this.stopManager(id, deleteSubscriptions)));
  }

  private async shutDown(deleteSubscriptions: boolean): Promise<void> {
    this.stopProbe();
    await this.stopAllManagers(deleteSubscriptions);
    this.activeUrl = null;
    if (this.receiverUp) {
      this.receiverUp = false;
      await this.receiver.close();
    }
    this.emit();
  }

  private texts(): PushTexts {
    return this.o.texts?.() ?? PUSH_TEXTS_EN;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private emit(): void {
    const status = this.status();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (err) {
        this.log.warn({ err }, 'push status listener failed');
      }
    }
  }
}
