// What the status line shows: the most pressing problem across the connection and the
// accounts, with the one action that helps, or null when everything is fine. Pure.
// The action comes from the core (`AccountStateView.action`: graph-errors.ts names one per
// state), so the popup and the tray never disagree about what helps.
import type { AccountStateKind, AccountStateView, AccountView, SyncStatusView } from '../../../preload/contract.ts';
import type { ConnectionState } from '../bridge/connection.ts';

export type StatusAction = AccountStateView['action'];

export type StatusProblem =
  | { kind: 'disconnected' }
  | { kind: 'needsSignIn'; accountId: string; account: string; action: StatusAction }
  | { kind: 'needsAdminConsent'; accountId: string; account: string; action: StatusAction }
  | { kind: 'mailboxNotEnabled'; accountId: string; account: string; action: StatusAction }
  | { kind: 'throttled'; accountId: string; retryAt: number | null; action: StatusAction }
  | { kind: 'offline'; accountId: string; action: StatusAction }
  | { kind: 'graphDown'; accountId: string; action: StatusAction };

/**
 * Where "How to approve Herald" leads: Microsoft's page for administrators on granting
 * tenant-wide admin consent to an application (Entra ID › Enterprise applications › Permissions).
 */
export const ADMIN_CONSENT_HELP_URL = 'https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent';

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
    const action = hit.state.action;
    switch (kind) {
      case 'needsSignIn':
      case 'needsAdminConsent':
      case 'mailboxNotEnabled':
        return { kind, accountId: hit.id, account: label, action };
      case 'throttled':
        return { kind, accountId: hit.id, retryAt: hit.state.retryAt ?? null, action };
      case 'offline':
      case 'graphDown':
        return { kind, accountId: hit.id, action };
    }
  }
  return null;
}
