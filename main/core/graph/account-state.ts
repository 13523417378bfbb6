// The state an account is in, as the user should see it. Every Graph or identity failure is
// mapped to one of these (see graph-errors.ts); the notify rules turn a problem state into
// at most one "fix this account" intent, and the status line shows `message` + `action`.

export type AccountStateKind =
  | 'ok'
  | 'needsSignIn'
  | 'needsAdminConsent'
  | 'mailboxNotEnabled'
  | 'offline'
  | 'throttled'
  | 'graphDown';

export type AccountAction = 'signIn' | 'retry' | 'openAdminConsentHelp' | 'none';

export interface AccountState {
  kind: AccountStateKind;
  /** One sentence for the user, already free of tokens and raw server text. */
  message: string;
  /** What the UI's button should do, if anything helps. */
  action: AccountAction;
  /** Epoch ms before which the engine will not call Graph again (throttled, offline backoff). */
  retryAt?: number;
  /** The Graph or identity error code behind the state, for logs and support. */
  code?: string;
}

export const OK_STATE: AccountState = { kind: 'ok', message: 'Up to date', action: 'none' };

/** States that need the user to do something (as opposed to ones that heal by themselves). */
export function needsUser(state: AccountState): boolean {
  return state.kind === 'needsSignIn' || state.kind === 'needsAdminConsent' || state.kind === 'mailboxNotEnabled';
}
