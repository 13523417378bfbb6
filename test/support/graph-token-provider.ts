// A TokenProvider for Graph tests that mints tokens through the simulator's admin API
// (POST /_admin/users/{upn}/token), so Graph-client tests need no MSAL sign-in. The real
// MSAL-backed provider is tested by the accounts suite. Account ids here are UPNs.
import type { TokenProvider } from '../../main/core/accounts/token-provider.ts';

export interface SimTokenProviderOptions {
  scopes?: string[];
  lifetimeSeconds?: number;
}

export class SimTokenProvider implements TokenProvider {
  /** How many tokens were minted, and how many of those were forced refreshes. */
  minted = 0;
  forcedRefreshes = 0;
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly simUrl: string,
    private readonly options: SimTokenProviderOptions = {},
  ) {}

  async getAccessToken(accountId: string, options: { forceRefresh?: boolean } = {}): Promise<string> {
    if (options.forceRefresh) this.forcedRefreshes += 1;
    const cached = this.cache.get(accountId);
    if (cached && !options.forceRefresh) return cached;
    const res = await fetch(`${this.simUrl}/_admin/users/${encodeURIComponent(accountId)}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...(this.options.scopes ? { scopes: this.options.scopes } : {}),
        ...(this.options.lifetimeSeconds !== undefined ? { lifetimeSeconds: this.options.lifetimeSeconds } : {}),
      }),
    });
    if (!res.ok) throw new Error(`Simulator refused a token for ${accountId}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { accessToken?: unknown };
    if (typeof body.accessToken !== 'string') throw new Error('Simulator token response without accessToken');
    this.minted += 1;
    this.cache.set(accountId, body.accessToken);
    return body.accessToken;
  }
}
