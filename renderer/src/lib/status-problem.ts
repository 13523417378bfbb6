// What the status line shows: the most pressing problem across the connection and the
// accounts, with the one action that helps, or null when everything is fine. Pure.
import type { AccountStateKind, AccountView, SyncStatusView } from '../../../preload/contract.ts';
import type { ConnectionState } from '../bridge/connection.ts';

export type StatusProblem =
  | { kind: 'disconnected' }
  | { kind: 'needsSignIn'; accountId: string; account: string }
  | { kind: 'needsAdminConsent'; accountId: string; account: string }
  | { kind: 'mailboxNotEnabled'; accountId: string; account: string }
  | { kind: 'throttled'; accountId: string; retryAt: number | null }
  | { kind: 'offline'; accountId: string }
  | { kind: 'graphDown'; accountId: string };

/** Most urgent first: things only the user can fix come before things that fix themselves. */
const SEVERITY: readonly AccountStateKind[] = ['needsSignIn', 'needsAdminConsent', 'mailboxNotEnabled', 'graphDown', 'throttled', 'offline'];

export function statusProblem(connection: ConnectionState, status: SyncStatusView | null, accounts: readonly AccountView[]): StatusProblem | null {
  if (connection.kind === 'reconnecting') return { kind: 'disconnected' };
  const states = status?.accounts ?? accounts.map((account) => ({ id: account.id, state: account.state }));
  for (const kind of SEVERITY) {
    const hit = states.find((entry) => entry.state.kind === kind);
    if (!hit) continue;
    const account = accounts.find((candidate) => candidate.id === hit.id);
    const label = account ? account.username || account.name : hit.id;
    switch (kind) {
      case 'needsSignIn':
      case 'needsAdminConsent':
      case 'mailboxNotEnabled':
        return { kind, accountId: hit.id, account: label };
      case 'throttled':
        return { kind, accountId: hit.id, retryAt: hit.state.retryAt ?? null };
      case 'offline':
      case 'graphDown':
        return { kind, accountId: hit.id };
    }
  }
  return null;
}
