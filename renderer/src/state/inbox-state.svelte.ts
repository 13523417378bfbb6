// The inbox list: which account and view, the rows, the selection, and the actions on a
// message (optimistic: the row changes at once and reverts if the call fails). Rows are kept
// in a `$state.raw` array and replaced, never deeply proxied: 10,000 rows stay cheap.
import type { MailView, MessageSummary } from '../../../preload/contract.ts';
import type { Bridge } from '../bridge/bridge.ts';

/** Enough rows for the first paint of any popup size; the rest load right after. */
export const FIRST_PAGE = 200;
const PAGE = 5_000;
const MAX_ROWS = 20_000;

export function messageKey(message: Pick<MessageSummary, 'accountId' | 'id'>): string {
  return `${message.accountId}\u0000${message.id}`;
}

export interface InboxCallbacks {
  /** A call failed: tell the user (the row has already been reverted). */
  onError: (caught: unknown) => void;
}

export class InboxState {
  accountId = $state<string | null>(null);
  view = $state<MailView>('all');
  items = $state.raw<MessageSummary[]>([]);
  total = $state(0);
  loading = $state(true);
  /** messageKey() of the selected row. */
  selectedKey = $state<string | null>(null);
  /** Bumped by every (re)load so a slow older answer never overwrites a newer one. */
  private generation = 0;

  constructor(
    private readonly bridge: Bridge,
    private readonly callbacks: InboxCallbacks,
  ) {}

  selectedIndex(): number {
    const key = this.selectedKey;
    return key === null ? -1 : this.items.findIndex((item) => messageKey(item) === key);
  }

  selected(): MessageSummary | null {
    const index = this.selectedIndex();
    return index >= 0 ? (this.items[index] ?? null) : null;
  }

  async show(accountId: string | null, view: MailView): Promise<void> {
    if (accountId === this.accountId && view === this.view && !this.loading) return;
    this.accountId = accountId;
    this.view = view;
    this.items = [];
    this.total = 0;
    this.selectedKey = null;
    await this.load(false);
  }

  /**
   * Lists the current view. `keep` (live updates) re-lists as many rows as are loaded so the
   * scroll position and the selection stay where they were; otherwise starts from the top.
   * Resolves after the first page (the rest loads in the background); false if it failed.
   * `quiet`: a speculative start-up load whose failure is not reported (no account yet).
   */
  async load(keep: boolean, quiet = false): Promise<boolean> {
    const generation = ++this.generation;
    const first = Math.min(MAX_ROWS, keep ? Math.max(this.items.length, FIRST_PAGE) : FIRST_PAGE);
    if (!keep) this.loading = true;
    try {
      const page = await this.bridge.call('messages.list', { accountId: this.accountId, view: this.view, offset: 0, limit: first });
      if (generation !== this.generation) return true;
      this.items = page.items;
      this.total = page.total;
      if (this.selectedKey !== null && this.selectedIndex() < 0) this.selectedKey = null;
      this.loading = false;
      void this.loadRest(generation).catch((caught: unknown) => {
        if (generation === this.generation) this.callbacks.onError(caught);
      });
      return true;
    } catch (caught) {
      if (generation === this.generation && !quiet) {
        this.loading = false;
        this.callbacks.onError(caught);
      }
      return false;
    }
  }

  private async loadRest(generation: number): Promise<void> {
    while (generation === this.generation && this.items.length < Math.min(this.total, MAX_ROWS)) {
      const page = await this.bridge.call('messages.list', {
        accountId: this.accountId,
        view: this.view,
        offset: this.items.length,
        limit: PAGE,
      });
      if (generation !== this.generation || page.items.length === 0) return;
      const known = new Set(this.items.map(messageKey));
      this.items = [...this.items, ...page.items.filter((item) => !known.has(messageKey(item)))];
      this.total = page.total;
    }
  }

  private patch(key: string, change: Partial<MessageSummary>): void {
    this.items = this.items.map((item) => (messageKey(item) === key ? { ...item, ...change } : item));
  }

  private async optimistic(message: MessageSummary, change: Partial<MessageSummary>, call: () => Promise<unknown>): Promise<boolean> {
    const key = messageKey(message);
    const before: Partial<MessageSummary> = {};
    for (const field of Object.keys(change) as (keyof MessageSummary)[]) Object.assign(before, { [field]: message[field] });
    this.patch(key, change);
    try {
      await call();
      return true;
    } catch (caught) {
      this.patch(key, before);
      this.callbacks.onError(caught);
      return false;
    }
  }

  setRead(message: MessageSummary, isRead: boolean): Promise<boolean> {
    return this.optimistic(message, { isRead }, () =>
      this.bridge.call('messages.markRead', { accountId: message.accountId, messageId: message.id, isRead }),
    );
  }

  setFlagged(message: MessageSummary, flagged: boolean): Promise<boolean> {
    return this.optimistic(message, { flagStatus: flagged ? 'flagged' : 'notFlagged' }, () =>
      this.bridge.call('messages.flag', { accountId: message.accountId, messageId: message.id, flagged }),
    );
  }

  /** Archive or delete: the row leaves the list (selection moves to its neighbour) and returns on failure. */
  async remove(message: MessageSummary, how: 'archive' | 'delete'): Promise<boolean> {
    const key = messageKey(message);
    const index = this.items.findIndex((item) => messageKey(item) === key);
    const wasSelected = this.selectedKey === key;
    const previous = this.items;
    const listed = index >= 0;
    if (listed) {
      this.items = previous.filter((item) => messageKey(item) !== key);
      this.total = Math.max(0, this.total - 1);
    }
    if (wasSelected) {
      const neighbour = this.items[Math.min(index, this.items.length - 1)];
      this.selectedKey = neighbour ? messageKey(neighbour) : null;
    }
    try {
      const ref = { accountId: message.accountId, messageId: message.id };
      await (how === 'archive' ? this.bridge.call('messages.archive', ref) : this.bridge.call('messages.delete', ref));
      return true;
    } catch (caught) {
      if (listed) {
        this.items = previous;
        this.total += 1;
      }
      if (wasSelected) this.selectedKey = key;
      this.callbacks.onError(caught);
      return false;
    }
  }

  async openInOutlook(message: MessageSummary): Promise<void> {
    try {
      await this.bridge.call('messages.openInOutlook', { accountId: message.accountId, messageId: message.id });
    } catch (caught) {
      this.callbacks.onError(caught);
    }
  }
}
