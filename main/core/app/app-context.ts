// What the bridge handlers may use of the app: HeraldApp implements it. A separate interface so
// the handlers depend on a contract, not on how the app is composed.
import type { AccountView, AppInfo, Settings, SyncStatusView, PushStatusView } from '../../../preload/contract.ts';
import type { AccessMode } from '../accounts/scopes.ts';
import type { Clock } from '../clock.ts';
import type { AccountSync } from '../engine/account-sync.ts';
import type { AppMail } from './app-mail.ts';
import type { HostPorts } from './host-ports.ts';
import type { SignInMethod } from './sign-in-flow.ts';

/** Why the host or the page says timers and backoffs are stale. */
export type WakeReason = 'systemWake' | 'networkOnline';

export type NotificationAction = 'default' | 'markRead' | 'archive' | 'join' | 'snooze' | 'dismiss';

export interface AppContext {
  readonly ports: HostPorts;
  readonly clock: Clock;
  readonly mail: AppMail;
  appInfo(): AppInfo;
  /** The open account's engine, or a notFound BridgeFailure. */
  account(accountId: string): AccountSync;
  accountIds(): string[];
  accountViews(): AccountView[];
  syncStatus(): SyncStatusView;
  pushStatus(): PushStatusView;
  addAccount(method: SignInMethod, mode: AccessMode): Promise<AccountView>;
  cancelSignIn(): void;
  removeAccount(accountId: string): Promise<void>;
  fixAccount(accountId: string): Promise<AccountView>;
  settings(): Settings;
  updateSettings(patch: Record<string, unknown>): Promise<Settings>;
  checkNow(accountId?: string | null): Promise<void>;
  /** The machine woke, or the network came back: poll now (see HeraldApp.systemResumed). */
  systemResumed(reason: WakeReason): void;
  pause(until: number | null): Promise<void>;
  activateNotification(intentId: string, action: NotificationAction): Promise<void>;
  /** Tells the renderers (and the tray) that an account's inbox changed. */
  inboxChanged(accountId: string): void;
  eventsChanged(accountId: string): void;
}
