// Mail as the popup sees it: every account's synced inbox merged, with the user's own actions
// applied at once (LocalMailView) until the next delta confirms them. Actions go to Graph
// through the account's MailActions; bodies are fetched only when a message is opened.
import type { MailView, MessageDetail, MessageSummary } from '../../../preload/contract.ts';
import { BridgeFailure } from '../bridge/bridge-failure.ts';
import type { Clock } from '../clock.ts';
import type { AccountSync } from '../engine/account-sync.ts';
import type { MailItem } from '../mail/mail-item.ts';
import { isSafeExternalUrl, type HostPorts } from './host-ports.ts';
import { messageDetail, messageSummary } from './app-views.ts';
import { LocalMailView, type LocalMailChange } from './local-mail-view.ts';

export interface AppMailOptions {
  /** The open account, or a notFound failure. */
  account(accountId: string): AccountSync;
  accountIds(): string[];
  ports: HostPorts;
  clock: Clock;
}

export interface MailListQuery {
  accountId: string | null;
  view: MailView;
  offset: number;
  limit: number;
}

export type MailActionRequest =
  | { kind: 'markRead'; isRead: boolean }
  | { kind: 'flag'; flagged: boolean }
  | { kind: 'archive' }
  | { kind: 'delete' }
  | { kind: 'reply'; comment: string };

export class AppMail {
  readonly local = new LocalMailView();

  constructor(private readonly o: AppMailOptions) {}

  items(accountId: string): MailItem[] {
    return this.local.apply(accountId, this.o.account(accountId).items);
  }

  /** The server's unread count adjusted by actions Graph has accepted but the delta not yet shown. */
  unreadCount(accountId: string): number | null {
    const sync = this.o.account(accountId);
    if (sync.unread === null) return null;
    return Math.max(0, sync.unread + this.local.unreadDelta(accountId, sync.items));
  }

  list(query: MailListQuery): { items: MessageSummary[]; total: number } {
    const ids = query.accountId === null ? this.o.accountIds() : [this.o.account(query.accountId).accountId];
    const merged: { accountId: string; item: MailItem; at: number }[] = [];
    for (const accountId of ids) {
      for (const item of this.items(accountId)) {
        if (query.view !== 'all' && item.inferenceClassification !== query.view) continue;
        merged.push({ accountId, item, at: Date.parse(item.receivedDateTime) || 0 });
      }
    }
    // Newest first; ties broken by id so paging is stable across calls.
    merged.sort((a, b) => b.at - a.at || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
    const page = merged.slice(query.offset, query.offset + query.limit);
    return { items: page.map((m) => messageSummary(m.accountId, m.item)), total: merged.length };
  }

  async get(accountId: string, messageId: string): Promise<MessageDetail> {
    const opened = await this.o.account(accountId).mail.getMessage(messageId);
    return messageDetail(accountId, opened);
  }

  /** Performs the action at Graph, then shows it at once; returns the account's new unread count. */
  async act(accountId: string, messageId: string, action: MailActionRequest): Promise<number | null> {
    const sync = this.o.account(accountId);
    let change: LocalMailChange | null = null;
    switch (action.kind) {
      case 'markRead':
        await sync.mail.markRead(messageId, action.isRead);
        change = { kind: 'read', isRead: action.isRead };
        break;
      case 'flag':
        await sync.mail.setFlag(messageId, action.flagged);
        change = { kind: 'flag', flagStatus: action.flagged ? 'flagged' : 'notFlagged' };
        break;
      case 'archive':
        await sync.mail.archive(messageId);
        change = { kind: 'removed' };
        break;
      case 'delete':
        await sync.mail.delete(messageId);
        change = { kind: 'removed' };
        break;
      case 'reply':
        await sync.mail.reply(messageId, action.comment);
        break;
    }
    if (change) this.local.record(accountId, messageId, change, this.o.clock.now());
    return this.unreadCount(accountId);
  }

  /** "Open in Outlook on the web": only an https webLink leaves the app. */
  async openInOutlook(accountId: string, messageId: string): Promise<void> {
    const sync = this.o.account(accountId);
    const known = sync.items.find((item) => item.id === messageId);
    const link = known ? known.webLink : (await sync.mail.getMessage(messageId)).item.webLink;
    if (!isHttps(link)) throw new BridgeFailure('invalidInput', 'This message has no secure (https) Outlook link, so Herald will not open it.');
    await this.o.ports.openInBrowser(link);
  }

  /** The engine synced the account: pending local changes the delta now shows are dropped. */
  synced(accountId: string, items: readonly MailItem[]): void {
    this.local.reconcile(accountId, items, this.o.clock.now());
  }
}

function isHttps(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  return new URL(url).protocol === 'https:';
}
