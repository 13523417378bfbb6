// What the rest of Herald knows about a signed-in account: never a token, never an MSAL object.
import type { AccountInfo } from '@azure/msal-node';
import type { AccessMode } from './scopes.ts';

export type AccountKind = 'work' | 'personal';

/** The tenant id Microsoft uses for personal (Microsoft) accounts. */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface AccountSummary {
  /** MSAL's homeAccountId (uid.utid): stable across restarts, the key for everything per account. */
  id: string;
  username: string;
  name: string;
  tenantId: string;
  kind: AccountKind;
  mode: AccessMode;
  readOnly: boolean;
}

export function summarize(account: AccountInfo, mode: AccessMode): AccountSummary {
  return {
    id: account.homeAccountId,
    username: account.username,
    name: account.name ?? account.username,
    tenantId: account.tenantId,
    kind: account.tenantId.toLowerCase() === CONSUMER_TENANT_ID ? 'personal' : 'work',
    mode,
    readOnly: mode === 'readOnly',
  };
}
