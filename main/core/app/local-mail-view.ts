// What the popup shows between a mail action and the next delta that confirms it: a read flag
// flipped, a flag set, a message gone from the inbox. Applied on top of the engine's items, and
// dropped entry by entry once the synced items agree (or after a while, so a change Graph
// never made cannot stick in the view forever).
import type { FlagStatus, MailItem } from '../mail/mail-item.ts';

export type LocalMailChange = { kind: 'read'; isRead: boolean } | { kind: 'flag'; flagStatus: FlagStatus } | { kind: 'removed' };

interface Pending {
  isRead?: boolean;
  flagStatus?: FlagStatus;
  removed?: boolean;
  at: number;
}

/** After this long an unconfirmed change gives way to what Graph says. */
const PENDING_LIMIT_MS = 5 * 60 * 1000;

export class LocalMailView {
  private readonly pending = new Map<string, Map<string, Pending>>();

  record(accountId: string, messageId: string, change: LocalMailChange, now: number): void {
    let account = this.pending.get(accountId);
    if (!account) this.pending.set(accountId, (account = new Map()));
    const entry = account.get(messageId) ?? { at: now };
    entry.at = now;
    if (change.kind === 'read') entry.isRead = change.isRead;
    else if (change.kind === 'flag') entry.flagStatus = change.flagStatus;
    else entry.removed = true;
    account.set(messageId, entry);
  }

  /** The synced items with the pending changes applied. */
  apply(accountId: string, items: readonly MailItem[]): MailItem[] {
    const account = this.pending.get(accountId);
    if (!account || account.size === 0) return [...items];
    const out: MailItem[] = [];
    for (const item of items) {
      const entry = account.get(item.id);
      if (!entry) out.push(item);
      else if (!entry.removed) out.push({ ...item, ...(entry.isRead !== undefined ? { isRead: entry.isRead } : {}), ...(entry.flagStatus !== undefined ? { flagStatus: entry.flagStatus } : {}) });
    }
    return out;
  }

  /** How the unread count differs from the synced one because of pending changes. */
  unreadDelta(accountId: string, items: readonly MailItem[]): number {
    const account = this.pending.get(accountId);
    if (!account) return 0;
    let delta = 0;
    for (const item of items) {
      const entry = account.get(item.id);
      if (!entry || item.isRead) {
        if (entry && !entry.removed && entry.isRead === false && item.isRead) delta += 1;
        continue;
      }
      if (entry.removed || entry.isRead === true) delta -= 1;
    }
    return delta;
  }

  /** Drops the changes the synced items now show (and the stale ones). */
  reconcile(accountId: string, items: readonly MailItem[], now: number): void {
    const account = this.pending.get(accountId);
    if (!account) return;
    const byId = new Map(items.map((item) => [item.id, item]));
    for (const [messageId, entry] of account) {
      const item = byId.get(messageId);
      const confirmed = entry.removed
        ? item === undefined
        : item !== undefined && (entry.isRead === undefined || item.isRead === entry.isRead) && (entry.flagStatus === undefined || item.flagStatus === entry.flagStatus);
      if (confirmed || now - entry.at > PENDING_LIMIT_MS) account.delete(messageId);
    }
    if (account.size === 0) this.pending.delete(accountId);
  }

  forgetAccount(accountId: string): void {
    this.pending.delete(accountId);
  }
}
