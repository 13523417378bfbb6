// Push (Graph change notifications) inside the app: a PushService over the engine's accounts,
// driven by the push settings, with its status shown in settings and sent to the renderers.
// Polling stays on underneath as the safety net (the PushService slows it while push is live).
// Setting push up waits on Graph, which waits up to 10 s on the user's tunnel for the validation
// handshake: so start-up, sign-in and saving settings never wait for it. The work runs in the
// background, one step at a time (PushService's queue), and its outcome shows in the status.
import type { PushStatusView } from '../../../preload/contract.ts';
import type { Clock } from '../clock.ts';
import type { HeraldEngine } from '../engine/herald-engine.ts';
import type { Logger } from '../log.ts';
import { DEFAULT_RECEIVER_PORT, PushService, type PushStatus } from '../push/push-service.ts';
import type { Settings } from '../state/settings-schema.ts';
import type { SyncStateStore } from '../state/sync-state-store.ts';
import { pushTexts } from '../push/push-texts.ts';

export interface AppPushOptions {
  engine: HeraldEngine;
  store: SyncStateStore;
  clock: Clock;
  settings: () => Settings;
  /** The app's locale (settings override, else the system's): push's reasons are worded in it. */
  locale: () => string;
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
      texts: () => pushTexts(o.locale()),
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

  /** Starts push in the background for these accounts (resolves nothing: see the status). */
  start(accountIds: readonly string[]): void {
    this.started = true;
    for (const id of accountIds) this.inBackground(this.service.addAccount(id), 'push could not add an account');
    this.inBackground(this.service.start(), 'push could not start');
  }

  /** A signed-in account: its subscriptions are set up in the background. */
  addAccount(accountId: string): void {
    if (this.started) this.inBackground(this.service.addAccount(accountId), 'push could not add an account');
  }

  /** Sign-out: its subscriptions are deleted. */
  async removeAccount(accountId: string): Promise<void> {
    if (this.started) await this.service.removeAccount(accountId, { signOut: true });
  }

  /**
   * Settings were saved; `pushSaved` when the save included the push settings. A change applies
   * them; saving them unchanged with push on retries accounts whose push is off or failing
   * (the user fixed the tunnel and presses Save again). In the background either way.
   */
  settingsChanged(before: Settings, after: Settings, pushSaved: boolean): void {
    if (!this.started) return;
    const changed = before.push.enabled !== after.push.enabled || before.push.publicUrl !== after.push.publicUrl;
    if (!changed && !(pushSaved && after.push.enabled)) return;
    this.inBackground(this.service.applySettings(), 'push settings could not be applied');
  }

  /** Resolves once the push work queued so far has run (tests, diagnostics). */
  settled(): Promise<void> {
    return this.service.settled();
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

  private inBackground(work: Promise<void>, what: string): void {
    work.catch((err: unknown) => this.o.logger.warn({ err }, what));
  }
}
