// The seam between sign-in and Graph: the Graph client asks for a token and never sees MSAL.

export interface TokenProvider {
  /**
   * An access token for Graph for this account. `forceRefresh` is set after Graph answered 401
   * (token expired or revoked early). Throws AuthRequiredError when the user must act.
   */
  getAccessToken(accountId: string, options?: { forceRefresh?: boolean }): Promise<string>;
}

export type AuthProblem = 'needsSignIn' | 'needsAdminConsent' | 'cancelled' | 'consentDenied' | 'offline';

/** Thrown by token acquisition when no token can be had without the user. */
export class AuthRequiredError extends Error {
  override readonly name = 'AuthRequiredError';
  constructor(
    readonly problem: AuthProblem,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}
