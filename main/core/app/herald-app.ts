// Herald's core, composed without Electron: sign-in (AccountManager as the engine's token
// provider), the engine with its sync state in the profile directory, the settings store, the
// notification router, and the bridge dispatcher. Every host (Electron shell, web host) makes
// one of these in its composition root and passes its adapters as HostPorts.
import type { ICachePlugin } from '@azure/msal-node';
import type { AccountView, AppInfo, CallOutcome, PushStatusView, Settings, SyncStatusView } from '../../../preload/contract.ts';
import { AccountManager } from '../accounts/account-manager.ts';
import type { AccountSummary } from '../accounts/account-summary.ts';
import type { AccessMode } from '../accounts/scopes.ts';
import { createDispatcher, type Dispatch } from '../bridge/dispatcher.ts';
import { BridgeFailure } from '../bridge/bridge-failure.ts';
import { createHandlers } from '../bridge/handlers.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { AccountSync, AccountSyncListener } from '../engine/account-sync.ts';
import { HeraldEngine } from '../engine/herald-engine.ts';
import { OK_STATE, type AccountState } from '../graph/account-state.ts';
import type { Logger } from '../log.ts';
import { createSettingsStore, type SettingsPatch, type SettingsStore } from '../state/settings-store.ts';
import { SyncStateStore } from '../state/sync-state-store.ts';
import type { AppContext, NotificationAction, WakeReason } from './app-context.ts';
import { AppMail } from './app-mail.ts';
import { AppPush } from './app-push.ts';
import { accountView, nextMeeting } from './app-views.ts';
import type { HostPorts } from './host-ports.ts';
import { NotificationActions } from './notification-actions.ts';
import { NotificationRouter } from './notification-router.ts';
import { SignInFlow, type SignInMethod } from './sign-in-flow.ts';
import { AppTray } from './app-tray.ts';
import { trayStateFrom, type TrayState } from './tray-state.ts';

export interface HeraldAppOptions {
  /** settings.json, sync state files, MSAL cache live here. */
  profileDir: string;
  /** heraldClientId() from main/core/accounts/app-registration.ts. */
  clientId: string;
  ports: HostPorts;
  logger: Logger;
  /** Default systemClock. */
  clock?: Clock;
  /** The simulator's URL (demo, tests). */
  identityHostOverride?: string;
  /** The simulator's URL (demo, tests). */
  graphBaseUrl?: string;
  /** From createCachePlugin(); memory-only when absent. */
  cachePlugin?: ICachePlugin;
  /** Default createSettingsStore({ cwd: profileDir }). */
  settingsStore?: SettingsStore;
  timeZone?: string;
  /** Push receiver port (default: the fixed port the user's tunnel points at; 0 in tests). */
  pushReceiverPort?: number;
}

/** How far ahead the tray tooltip looks for the next meeting. */
const TRAY_EVENT_HOURS = 12;
/** Wake signals this close together are one wake (see systemResumed). */
export const RESUME_COALESCE_MS = 5_000;

const MODE_CHANGE_STATE: AccountState = {
  kind: 'needsSignIn',
  message: 'Sign in again to apply the new read-only / read-write setting for this account.',
  action: 'signIn',
};

export class HeraldApp implements AppContext {
  readonly ports: HostPorts;
  readonly clock: Clock;
  readonly mail: AppMail;
  private readonly log: Logger;
  private readonly accounts: AccountManager;
  private readonly store: SettingsStore;
  private readonly engine: HeraldEngine;
  private readonly push: AppPush;
  private readonly router: NotificationRouter;
  private readonly signIn: SignInFlow;
  private readonly notificationActions: NotificationActions;
  private readonly dispatcher: Dispatch;
  private readonly summaries = new Map<string, AccountSummary>();
  private readonly lastSync = new Map<string, number>();
  /** Accounts whose read-only setting differs from how they are signed in. */
  private readonly modeChangePending = new Set<string>();
  private readonly tray: AppTray;
  private current: Settings;
  private resolvedSettings: { from: Settings; settings: Settings } | null = null;
  private checking = 0;
  private lastResumeAt: number | null = null;

  private constructor(options: HeraldAppOptions, store: SettingsStore) {
    this.ports = options.ports;
    this.clock = options.clock ?? systemClock;
    this.log = options.logger.child({ component: 'app' });
    this.store = store;
    this.current = store.get();
    this.accounts = new AccountManager({
      clientId: options.clientId,
      openBrowser: (url) => options.ports.openSignInPage(url),
      logger: options.logger,
      clock: this.clock,
      ...(options.identityHostOverride ? { identityHostOverride: options.identityHostOverride } : {}),
      ...(options.cachePlugin ? { cachePlugin: options.cachePlugin } : {}),
    });
    this.router = new NotificationRouter(options.ports.notifications);
    const syncStore = new SyncStateStore({ directory: options.profileDir, clock: this.clock, log: options.logger });
    this.engine = new HeraldEngine({
      tokens: this.accounts,
      store: syncStore,
      // The engine words notifications in settings.locale: give it the resolved one.
      settings: () => this.engineSettings(),
      sink: this.router,
      clock: this.clock,
      logger: options.logger,
      listener: this.engineListener(),
      // The engine resumed itself; push renewals due during the sleep run now too.
      onSleepDetected: () => this.push.resume(),
      ...(options.graphBaseUrl ? { graphBaseUrl: options.graphBaseUrl } : {}),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
    this.push = new AppPush({
      engine: this.engine,
      store: syncStore,
      clock: this.clock,
      settings: () => this.current,
      locale: () => this.locale(),
      logger: options.logger,
      ...(options.pushReceiverPort !== undefined ? { receiverPort: options.pushReceiverPort } : {}),
      onStatus: (status) => this.ports.emit('push.status', status),
    });
    this.signIn = new SignInFlow(this.accounts, options.ports);
    this.mail = new AppMail({ account: (id) => this.account(id), accountIds: () => this.accountIds(), ports: options.ports, clock: this.clock });
    this.notificationActions = new NotificationActions(this);
    this.dispatcher = createDispatcher(createHandlers(this), options.logger.child({ component: 'bridge' }));
    this.tray = new AppTray(() => this.computeTray(), this.clock, this.log);
  }

  static async create(options: HeraldAppOptions): Promise<HeraldApp> {
    const store = options.settingsStore ?? createSettingsStore({ cwd: options.profileDir, log: options.logger, ...(options.clock ? { clock: options.clock } : {}) });
    return new HeraldApp(options, store);
  }

  /** Validates (contract schemas) and runs one bridge call; never throws; unknown name → invalidInput. */
  dispatch(name: unknown, input: unknown): Promise<CallOutcome<unknown>> {
    return this.dispatcher(name, input);
  }

  /** Opens every account in the MSAL cache in the engine and starts polling (push starts in the background). */
  async start(): Promise<void> {
    for (const summary of await this.accounts.listAccounts()) {
      try {
        await this.open(summary);
      } catch (err) {
        this.log.error({ err, accountId: summary.id }, 'could not open account');
      }
    }
    this.engine.start();
    // In the background: Graph's validation of the user's tunnel can take 10 s (push.status shows it).
    this.push.start(this.accountIds());
    this.accountsChanged();
    this.tray.start();
  }

  /** Stops timers and any pending sign-in, flushes state. */
  async stop(): Promise<void> {
    this.signIn.cancel();
    this.tray.stop();
    await this.push.stop();
    await this.engine.stop();
  }

  trayState(): TrayState {
    return this.tray.current();
  }

  onTrayState(listener: (state: TrayState) => void): () => void {
    return this.tray.onChange(listener);
  }

  async checkNow(accountId: string | null = null): Promise<void> {
    const ids = accountId === null ? this.accountIds() : [this.account(accountId).accountId];
    this.checking += 1;
    this.emitStatus();
    try {
      const reports = await this.engine.checkNow(accountId ?? undefined);
      // Also tracked from the engine listener; here for the case a host's engine lacks the hook.
      reports.forEach((report, i) => {
        const id = ids[i];
        if (id !== undefined && report.state.kind === 'ok') this.lastSync.set(id, this.clock.now());
      });
    } finally {
      this.checking -= 1;
      this.emitStatus();
      this.tray.refresh();
    }
  }

  /**
   * The host saw the machine wake from sleep, the screen unlock, or the network come back:
   * timers armed before a suspend are late by the time slept (they run on a monotonic clock),
   * so every account polls now (unless Graph asked for a wait), reminders due meanwhile show
   * now, and push renewals due meanwhile run now.
   */
  systemResumed(reason: WakeReason = 'systemWake'): void {
    // A wake brings several signals (resume, unlock, the network returning, the page's online
    // event): one resume answers them all, and a page cannot make Herald poll in a loop.
    const now = this.clock.now();
    if (this.lastResumeAt !== null && now - this.lastResumeAt < RESUME_COALESCE_MS && now >= this.lastResumeAt) return;
    this.lastResumeAt = now;
    this.log.info({ reason }, 'resumed: polling now and re-checking reminders');
    this.engine.resume();
    this.push.resume();
  }

  /** Pauses mail notifications until an instant (epoch ms); null or a past instant resumes. */
  async pause(until: number | null): Promise<void> {
    const pausedUntil = until !== null && until > this.clock.now() ? until : null;
    await this.updateSettings({ notifications: { pausedUntil } });
  }

  /** A native notification was clicked (action 'default') or one of its buttons chosen. */
  activateNotification(intentId: string, action: NotificationAction): Promise<void> {
    return this.notificationActions.activate(intentId, action);
  }

  /** The user closed a native notification (it is no longer live; see AccountSync.forgetIntent). */
  async notificationClosed(intentId: string): Promise<void> {
    const intent = this.router.intent(intentId);
    this.router.forget(intentId);
    if (intent) await this.engine.account(intent.accountId)?.forgetIntent(intentId);
  }

  // ───────────── AppContext: what the bridge handlers use ─────────────

  appInfo(): AppInfo {
    return {
      version: this.ports.version,
      host: this.ports.host,
      platform: this.ports.platform,
      locale: this.locale(),
      capabilities: { launchAtLogin: this.ports.launchAtLogin.supported, nativeNotifications: this.ports.nativeNotifications ?? true },
    };
  }

  account(accountId: string): AccountSync {
    const sync = this.engine.account(accountId);
    if (!sync) throw BridgeFailure.notFound('That account');
    return sync;
  }

  accountIds(): string[] {
    return this.engine.accountIds();
  }

  /** The intent a live notification shows (for NotificationActions). */
  liveIntent(intentId: string) {
    return this.router.intent(intentId);
  }

  forgetIntent(intentId: string, accountId: string): Promise<void> {
    this.router.forget(intentId);
    return this.engine.account(accountId)?.forgetIntent(intentId) ?? Promise.resolve();
  }

  accountViews(): AccountView[] {
    const states = this.engine.states();
    return [...this.summaries.values()].map((summary) => {
      const state = this.modeChangePending.has(summary.id) ? MODE_CHANGE_STATE : (states[summary.id] ?? OK_STATE);
      const unread = this.engine.account(summary.id) ? this.mail.unreadCount(summary.id) : null;
      return accountView(summary, state, unread, this.lastSync.get(summary.id) ?? null);
    });
  }

  pushStatus(): PushStatusView {
    return this.push.status();
  }

  syncStatus(): SyncStatusView {
    const accounts = this.accountViews();
    const syncs = accounts.map((a) => a.lastSyncAt).filter((t): t is number => t !== null);
    const pausedUntil = this.current.notifications.pausedUntil;
    return {
      pausedUntil: pausedUntil !== null && pausedUntil > this.clock.now() ? pausedUntil : null,
      checking: this.checking > 0,
      lastSyncAt: syncs.length > 0 ? Math.max(...syncs) : null,
      accounts: accounts.map((a) => ({ id: a.id, state: a.state, unreadCount: a.unreadCount, lastSyncAt: a.lastSyncAt })),
    };
  }

  async addAccount(method: SignInMethod, mode: AccessMode): Promise<AccountView> {
    return this.adopt(await this.signIn.run(method, mode));
  }

  cancelSignIn(): void {
    this.signIn.cancel();
  }

  async removeAccount(accountId: string): Promise<void> {
    if (!this.summaries.has(accountId)) throw BridgeFailure.notFound('That account');
    await this.push.removeAccount(accountId);
    await this.engine.removeAccount(accountId, { forget: true });
    await this.accounts.signOut(accountId);
    if (this.current.accounts[accountId]) this.store.removeAccount(accountId);
    this.current = this.store.get();
    this.mail.local.forgetAccount(accountId);
    this.summaries.delete(accountId);
    this.lastSync.delete(accountId);
    this.modeChangePending.delete(accountId);
    this.accountsChanged();
  }

  /** Signs the account in again with the same user, in the mode its settings ask for. */
  async fixAccount(accountId: string): Promise<AccountView> {
    const summary = this.summaries.get(accountId);
    if (!summary) throw BridgeFailure.notFound('That account');
    const configured = this.current.accounts[accountId];
    const mode: AccessMode = configured ? (configured.readOnly ? 'readOnly' : 'readWrite') : summary.mode;
    const view = await this.adopt(await this.signIn.run('interactive', mode, summary.username));
    // The engine may be backing off after "needs sign-in": sync now so the state clears at once.
    void this.checkNow(accountId).catch((err: unknown) => this.log.warn({ err, accountId }, 'check after re-sign-in failed'));
    return view;
  }

  settings(): Settings {
    return this.store.get();
  }

  /** Validates and writes a settings patch, then makes it take effect at once. */
  async updateSettings(patch: Record<string, unknown>): Promise<Settings> {
    if (Object.hasOwn(patch, 'launchAtLogin') && !this.ports.launchAtLogin.supported) {
      throw new BridgeFailure('notSupported', 'Launch at login is not available in this version of Herald.');
    }
    const before = this.current;
    // The store validates the merged result against the settings schema (SettingsValidationError).
    const after = this.store.update(patch as SettingsPatch);
    this.current = after;
    if (after.launchAtLogin !== before.launchAtLogin) await this.ports.launchAtLogin.set(after.launchAtLogin);
    if (after.pollIntervalMs !== before.pollIntervalMs) {
      // "Check now" restarts every account's interval from now, with the new length.
      void this.checkNow().catch((err: unknown) => this.log.warn({ err }, 'check after a poll interval change failed'));
    }
    const modesChanged = this.updateModeChangePending();
    this.ports.emit('settings.changed', after);
    if (modesChanged) this.ports.emit('accounts.changed', this.accountViews());
    // In the background: saving returns once the settings are stored; push.status shows the rest.
    this.push.settingsChanged(before, after, Object.hasOwn(patch, 'push'));
    this.emitStatus();
    this.tray.refresh();
    return structuredClone(after);
  }

  inboxChanged(accountId: string): void {
    if (!this.engine.account(accountId)) return;
    this.ports.emit('inbox.changed', { accountId, unreadCount: this.mail.unreadCount(accountId) });
    this.tray.refresh();
  }

  eventsChanged(accountId: string): void {
    this.ports.emit('events.changed', { accountId });
    this.tray.refresh();
  }

  // ───────────── internals ─────────────

  private locale(): string {
    return this.current.locale ?? this.ports.systemLocale();
  }

  /**
   * The settings with `locale` resolved (the override, else the system's), so the notifications
   * the engine raises speak the app's language; a locale change applies to the next one. One
   * copy per settings object, not one per call.
   */
  private engineSettings(): Settings {
    const locale = this.locale();
    if (this.current.locale === locale) return this.current;
    const cached = this.resolvedSettings;
    if (cached && cached.from === this.current && cached.settings.locale === locale) return cached.settings;
    const settings = { ...this.current, locale };
    this.resolvedSettings = { from: this.current, settings };
    return settings;
  }

  private async open(summary: AccountSummary): Promise<void> {
    this.summaries.set(summary.id, summary);
    await this.engine.addAccount(summary);
    this.push.addAccount(summary.id);
    this.updateModeChangePending();
  }

  /** A signed-in account joins (or rejoins, possibly in another mode) the engine. */
  private async adopt(summary: AccountSummary): Promise<AccountView> {
    const known = this.summaries.get(summary.id);
    if (known && known.readOnly !== summary.readOnly) await this.engine.removeAccount(summary.id);
    if ((this.current.accounts[summary.id]?.readOnly ?? false) !== summary.readOnly) {
      this.current = this.store.updateAccount(summary.id, { readOnly: summary.readOnly });
    }
    await this.open(summary);
    this.accountsChanged();
    const view = this.accountViews().find((a) => a.id === summary.id);
    if (!view) throw BridgeFailure.notFound('That account');
    return view;
  }

  /** Returns whether the set changed. */
  private updateModeChangePending(): boolean {
    let changed = false;
    for (const summary of this.summaries.values()) {
      const wanted = this.current.accounts[summary.id]?.readOnly;
      const pending = wanted !== undefined && wanted !== summary.readOnly;
      if (pending !== this.modeChangePending.has(summary.id)) {
        changed = true;
        if (pending) this.modeChangePending.add(summary.id);
        else this.modeChangePending.delete(summary.id);
      }
    }
    return changed;
  }

  private engineListener(): AccountSyncListener {
    return {
      inboxChanged: (accountId, items) => {
        this.mail.synced(accountId, items);
        this.inboxChanged(accountId);
      },
      eventsChanged: (accountId) => this.eventsChanged(accountId),
      stateChanged: () => {
        this.ports.emit('accounts.changed', this.accountViews());
        this.tray.refresh();
      },
      cycleCompleted: (accountId, report) => {
        if (report.state.kind === 'ok') this.lastSync.set(accountId, this.clock.now());
        this.emitStatus();
        this.tray.refresh();
      },
    };
  }

  private accountsChanged(): void {
    this.ports.emit('accounts.changed', this.accountViews());
    this.emitStatus();
    this.tray.refresh();
  }

  private emitStatus(): void {
    this.ports.emit('sync.status', this.syncStatus());
  }

  private computeTray(): TrayState {
    const now = this.clock.now();
    const accounts = this.accountViews();
    const nextEvent = nextMeeting(
      this.accountIds().flatMap((id) => this.engine.account(id)?.events ?? []),
      now,
      TRAY_EVENT_HOURS,
    );
    return trayStateFrom({
      accounts,
      unreadTotal: accounts.reduce((sum, a) => sum + (a.unreadCount ?? 0), 0),
      pausedUntil: this.current.notifications.pausedUntil,
      nextEvent,
      now,
      locale: this.locale(),
    });
  }
}
