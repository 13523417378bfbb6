// Push (Graph change notifications) inside the app: a PushService over the engine's accounts,
// driven by the push settings, with its status shown in settings and sent to the renderers.
// Polling stays on underneath as the safety net (the PushService slows it while push is live).
import type { PushStatusView } from '../../../preload/contract.ts';
import type { Clock } from '../clock.ts';
import type { HeraldEngine } from '../engine/herald-engine.ts';
import type { Logger } from '../log.ts';
import { DEFAULT_RECEIVER_PORT, PushService, type PushStatus } from '../push/push-service.ts';
import type { Settings } from '../state/settings-schema.ts';
import type { SyncStateStore } from '../state/sync-state-store.ts';

export interface AppPushOptions {
  engine: HeraldEngine;
  store: SyncStateStore;
  clock: Clock;
  settings: () => Settings;
  logger: Logger;
  /** The local receiver's port (the user's tunnel points at it); 0 picks a free one (tests). */
  receiverPort?: number;
  onStatus: (status: PushStatusView) => void;
}

export class AppPush {
  private readonly service: PushService;
  private started = false;
  private readonly plannedLocalUrl: string | null;

  constructor(private readonly o: AppPushOptions) {
    this.service = new PushService({
      engine: o.engine,
      graphFor: (accountId) => o.engine.graphFor(accountId),
      store: o.store,
      clock: o.clock,
      settings: () => o.settings().push,
      logger: o.logger.child({ component: 'push' }),
      ...(o.receiverPort !== undefined ? { receiver: { port: o.receiverPort } } : {}),
    });
    // Before push is turned on the receiver is not listening yet, but the user needs to know
    // where to point the tunnel first: the fixed port says it.
    const port = o.receiverPort ?? DEFAULT_RECEIVER_PORT;
    this.plannedLocalUrl = port === 0 ? null : `http://127.0.0.1:${port}`;
    this.service.onStatus((status) => o.onStatus(this.toView(status)));
  }

  status(): PushStatusView {
    return this.toView(this.service.status());
  }

  private toView(status: PushStatus): PushStatusView {
    return { state: status.state, reason: status.reason, publicUrl: status.publicUrl, localUrl: status.localUrl ?? this.plannedLocalUrl };
  }

  async start(accountIds: readonly string[]): Promise<void> {
    for (const id of accountIds) await this.service.addAccount(id);
    await this.service.start();
    this.started = true;
  }

  async addAccount(accountId: string): Promise<void> {
    if (this.started) await this.service.addAccount(accountId);
  }

  /** Sign-out: its subscriptions are deleted. */
  async removeAccount(accountId: string): Promise<void> {
    if (this.started) await this.service.removeAccount(accountId, { signOut: true });
  }

  async settingsChanged(before: Settings, after: Settings): Promise<void> {
    if (!this.started) return;
    if (before.push.enabled === after.push.enabled && before.push.publicUrl === after.push.publicUrl) return;
    await this.service.applySettings();
  }

  /** The machine woke from sleep (see HeraldApp.systemResumed). */
  resume(): void {
    if (this.started) this.service.resume();
  }

  /** Quit: subscriptions are deleted (Graph would otherwise keep posting to a dead tunnel). */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.service.stop();
  }
}
