// The popup's state: what the core told us (info, accounts, settings, sync status), what is on
// screen (overlay, open message), the locale and translations, and the live subscriptions.
// One instance, created in main.ts and handed to components through Svelte context.
import { getContext, setContext } from 'svelte';
import type {
  AccountView,
  AppInfo,
  DeviceCodePromptView,
  NavigateTarget,
  Settings,
  SyncStatusView,
} from '../../../preload/contract.ts';
import { toBridgeError, type Bridge } from '../bridge/bridge.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import { createTranslate, resolveLocale, type MessageKey } from '../i18n/i18n.ts';
import { InboxState } from './inbox-state.svelte.ts';

export type Overlay = { kind: 'none' } | { kind: 'agenda'; focusEventId: string | null } | { kind: 'settings' };

export interface OpenMessage {
  accountId: string;
  messageId: string;
  /** Opened with `r`: the quick reply box takes focus. */
  focusReply: boolean;
}

const ERROR_KEYS: Partial<Record<string, MessageKey>> = {
  needsWritePermission: 'error.needsWritePermission',
  offline: 'error.offline',
  throttled: 'error.throttled',
  needsSignIn: 'error.needsSignIn',
};

const CONTEXT_KEY = Symbol('herald-app');

export class AppState {
  info = $state<AppInfo | null>(null);
  accounts = $state<AccountView[]>([]);
  accountsLoaded = $state(false);
  settings = $state<Settings | null>(null);
  status = $state<SyncStatusView | null>(null);
  connection = $state<ConnectionState>({ kind: 'connecting' });
  deviceCode = $state<DeviceCodePromptView | null>(null);
  overlay = $state<Overlay>({ kind: 'none' });
  openMessage = $state<OpenMessage | null>(null);
  /** A short message about a failed action, shown above the status line. */
  notice = $state<string | null>(null);
  /** Ticks every 30 s so relative times ("2 min ago") stay true. */
  now = $state(Date.now());
  /** Bumped by `events.changed` so the agenda re-lists. */
  eventsVersion = $state(0);

  locale = $derived(resolveLocale(this.settings?.locale, this.info?.locale, typeof navigator === 'undefined' ? null : navigator.language));
  t = $derived(createTranslate(this.locale));
  /** The action names, computed once per locale rather than in each of thousands of rows. */
  actionLabels = $derived({
    markRead: this.t('action.markRead'),
    markUnread: this.t('action.markUnread'),
    flag: this.t('action.flag'),
    archive: this.t('action.archive'),
    delete: this.t('action.delete'),
    reply: this.t('action.reply'),
    openInOutlook: this.t('action.openInOutlook'),
    group: this.t('action.actions'),
  });

  readonly inbox: InboxState;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly bridge: Bridge) {
    this.inbox = new InboxState(bridge, { onError: (caught) => this.report(caught) });
  }

  provide(): void {
    setContext(CONTEXT_KEY, this);
  }

  async start(): Promise<void> {
    this.connection = this.bridge.connection();
    this.bridge.onConnection((state) => {
      const reconnected = state.kind === 'open' && this.connection.kind === 'reconnecting';
      this.connection = state;
      if (reconnected) void this.refreshAll();
    });
    this.subscribe();
    setInterval(() => (this.now = Date.now()), 30_000);
    await this.refreshAll();
  }

  private subscribe(): void {
    const { bridge } = this;
    bridge.on('accounts.changed', (accounts) => {
      const firstAccount = this.accounts.length === 0 && accounts.length > 0;
      this.accounts = accounts;
      if (firstAccount) void this.inbox.load(false);
      this.accountsLoaded = true;
      if (accounts.length > 0) this.deviceCode = null;
    });
    bridge.on('inbox.changed', (change) => {
      if (this.inbox.accountId === null || this.inbox.accountId === change.accountId) void this.inbox.load(true);
    });
    bridge.on('events.changed', () => (this.eventsVersion += 1));
    bridge.on('sync.status', (status) => (this.status = status));
    bridge.on('settings.changed', (settings) => (this.settings = settings));
    bridge.on('signIn.deviceCode', (prompt) => (this.deviceCode = prompt));
    bridge.on('navigate', (target) => this.navigate(target));
  }

  async refreshAll(): Promise<void> {
    // The first page of mail is asked for at once, alongside the rest, not after it: one round
    // trip less before the inbox paints. Without an account it is simply ignored.
    const keep = this.inbox.items.length > 0;
    const listing = this.inbox.load(keep, true);
    try {
      const [info, accounts, settings, status] = await Promise.all([
        this.bridge.call('app.info', {}),
        this.bridge.call('accounts.list', {}),
        this.bridge.call('settings.get', {}),
        this.bridge.call('sync.status', {}),
      ]);
      this.info = info;
      this.accounts = accounts;
      this.settings = settings;
      this.status = status;
      this.accountsLoaded = true;
      if (accounts.length > 0 && !(await listing)) await this.inbox.load(keep);
    } catch (caught) {
      this.report(caught);
    }
  }

  /** A notification or tray click: show that message, event, inbox or settings. */
  navigate(target: NavigateTarget): void {
    switch (target.kind) {
      case 'message':
        this.overlay = { kind: 'none' };
        this.openMessage = { accountId: target.accountId, messageId: target.messageId, focusReply: false };
        break;
      case 'event':
        this.openMessage = null;
        this.overlay = { kind: 'agenda', focusEventId: target.eventId };
        break;
      case 'agenda':
        this.openMessage = null;
        this.overlay = { kind: 'agenda', focusEventId: null };
        break;
      case 'inbox':
        this.openMessage = null;
        this.overlay = { kind: 'none' };
        void this.inbox.show(target.accountId, this.inbox.view);
        break;
      case 'settings':
        this.openMessage = null;
        this.overlay = { kind: 'settings' };
        break;
    }
  }

  /** Shows a failed call's reason for a few seconds (translated where a key exists). */
  report(caught: unknown): void {
    const error = toBridgeError(caught);
    if (error.code === 'cancelled') return; // The user chose to stop: nothing to explain.
    const key = ERROR_KEYS[error.code];
    this.notice = key ? this.t(key) : this.t('error.generic', { message: error.message });
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = null), 6_000);
  }

  accountLabel(accountId: string): string {
    const account = this.accounts.find((candidate) => candidate.id === accountId);
    return account ? account.username || account.name : accountId;
  }
}

export function useApp(): AppState {
  return getContext<AppState>(CONTEXT_KEY);
}
