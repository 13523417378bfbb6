// The status line's choice of problem, the agenda's day groups, the reconnect backoff and the
// pause lengths: pure renderer logic.
import { describe, expect, it } from 'vitest';
import type { AccountStateKind, AccountStateView, AccountView, EventView, SyncStatusView } from '../../preload/contract.ts';
import { statusProblem } from '../../renderer/src/lib/status-problem.ts';
import { groupAgenda } from '../../renderer/src/lib/agenda-groups.ts';
import { reconnectDelayMs } from '../../renderer/src/bridge/connection.ts';

/** The action the core names for each state (main/core/graph/graph-errors.ts). */
const CORE_ACTION: Record<AccountStateKind, AccountStateView['action']> = {
  ok: 'none',
  needsSignIn: 'signIn',
  needsAdminConsent: 'openAdminConsentHelp',
  mailboxNotEnabled: 'none',
  offline: 'retry',
  throttled: 'none',
  graphDown: 'retry',
};

function account(id: string, kind: AccountStateKind, retryAt?: number): AccountView {
  return {
    id,
    username: `${id}@contoso.com`,
    name: id,
    kind: 'work',
    readOnly: false,
    state: { kind, message: kind, action: CORE_ACTION[kind], ...(retryAt === undefined ? {} : { retryAt }) },
    unreadCount: 0,
    lastSyncAt: null,
  };
}

function status(accounts: AccountView[]): SyncStatusView {
  return { pausedUntil: null, checking: false, lastSyncAt: 1, accounts: accounts.map((a) => ({ id: a.id, state: a.state, unreadCount: 0, lastSyncAt: 1 })) };
}

describe('statusProblem', () => {
  const open = { kind: 'open' } as const;

  it('is null when every account is fine', () => {
    const accounts = [account('a', 'ok'), account('b', 'ok')];
    expect(statusProblem(open, status(accounts), accounts)).toBeNull();
  });

  it('reports a lost connection to the host before anything else', () => {
    const accounts = [account('a', 'needsSignIn')];
    expect(statusProblem({ kind: 'reconnecting', attempt: 1, retryAt: 5 }, status(accounts), accounts)).toEqual({ kind: 'disconnected' });
  });

  it('puts what only the user can fix (sign in) ahead of what fixes itself (offline)', () => {
    const accounts = [account('a', 'offline'), account('b', 'needsSignIn')];
    expect(statusProblem(open, status(accounts), accounts)).toEqual({ kind: 'needsSignIn', accountId: 'b', account: 'b@contoso.com', action: 'signIn' });
  });

  it('carries the retry time of a throttled account', () => {
    const accounts = [account('a', 'throttled', 1_700_000_000_000)];
    expect(statusProblem(open, status(accounts), accounts)).toEqual({ kind: 'throttled', accountId: 'a', retryAt: 1_700_000_000_000, action: 'none' });
  });

  it('uses the account list when no sync status has arrived yet', () => {
    const accounts = [account('a', 'mailboxNotEnabled')];
    expect(statusProblem(open, null, accounts)).toEqual({ kind: 'mailboxNotEnabled', accountId: 'a', account: 'a@contoso.com', action: 'none' });
  });
});

describe('statusProblem › the action', () => {
  const open = { kind: 'open' } as const;

  it.each([
    ['offline', 'retry'],
    ['graphDown', 'retry'],
    ['needsAdminConsent', 'openAdminConsentHelp'],
    ['needsSignIn', 'signIn'],
    ['throttled', 'none'],
    ['mailboxNotEnabled', 'none'],
  ] as const)('%s → the core\'s action %s for that account', (kind, action) => {
    const accounts = [account('a', 'ok'), account('b', kind)];
    expect(statusProblem(open, status(accounts), accounts)).toMatchObject({ kind, accountId: 'b', action });
  });

  it('follows the action the core sends, not one guessed from the kind', () => {
    const accounts = [{ ...account('a', 'graphDown'), state: { kind: 'graphDown' as const, message: 'x', action: 'none' as const } }];
    expect(statusProblem(open, status(accounts), accounts)).toEqual({ kind: 'graphDown', accountId: 'a', action: 'none' });
  });
});

describe('groupAgenda', () => {
  const now = new Date(2026, 10, 28, 9, 0);
  const event = (id: string, start: Date, isAllDay = false): EventView => ({
    accountId: 'a',
    id,
    subject: id,
    start: start.toISOString(),
    end: new Date(start.getTime() + 3_600_000).toISOString(),
    isAllDay,
    isOnlineMeeting: false,
    canJoin: false,
    location: '',
    organizer: '',
    reminderAt: null,
    reminderActive: false,
  });

  it('groups by local day with all-day events first, then by start', () => {
    const groups = groupAgenda(
      [
        event('late', new Date(2026, 10, 28, 16, 0)),
        event('tomorrow', new Date(2026, 10, 29, 10, 0)),
        event('early', new Date(2026, 10, 28, 10, 0)),
        // Graph gives all-day events as midnight UTC of their date.
        event('holiday', new Date(Date.UTC(2026, 10, 28)), true),
        event('later', new Date(2026, 10, 30, 8, 0)),
      ],
      now,
    );
    expect(groups.map((group) => [group.dayOffset, group.events.map((e) => e.id)])).toEqual([
      [0, ['holiday', 'early', 'late']],
      [1, ['tomorrow']],
      [2, ['later']],
    ]);
  });

  it('shows a meeting that began yesterday and is still running under today', () => {
    const groups = groupAgenda([event('overnight', new Date(2026, 10, 27, 23, 30))], now);
    expect(groups[0]?.dayOffset).toBe(0);
  });
});

describe('reconnectDelayMs', () => {
  it('grows exponentially from 0.5 s and caps at 15 s, with ±25 % jitter', () => {
    expect(reconnectDelayMs(1, 0.5)).toBe(500);
    expect(reconnectDelayMs(2, 0.5)).toBe(1_000);
    expect(reconnectDelayMs(4, 0.5)).toBe(4_000);
    expect(reconnectDelayMs(20, 0.5)).toBe(15_000);
    expect(reconnectDelayMs(1, 0)).toBe(375);
    expect(reconnectDelayMs(1, 1)).toBe(625);
  });
});
