// Scope handling as the v2.0 endpoint does it: OIDC scopes (openid, profile, email,
// offline_access) are not resource permissions; Graph scopes may be written short
// ("Mail.Read") or fully qualified ("https://graph.microsoft.com/Mail.Read").
// https://learn.microsoft.com/entra/identity-platform/scopes-oidc

export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const GRAPH_RESOURCE = 'https://graph.microsoft.com/';

export function parseScopeParam(value: string | null): string[] {
  return (value ?? '').split(/\s+/).filter((s) => s.length > 0);
}

/** The Graph permissions in a scope list, short form, de-duplicated, in request order. */
export function graphScopes(scopes: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of scopes) {
    if (OIDC_SCOPES.has(raw.toLowerCase())) continue;
    const short = raw.toLowerCase().startsWith(GRAPH_RESOURCE) ? raw.slice(GRAPH_RESOURCE.length) : raw;
    if (short === '.default') continue;
    if (!out.some((s) => s.toLowerCase() === short.toLowerCase())) out.push(short);
  }
  return out;
}

export function wantsRefreshToken(scopes: readonly string[]): boolean {
  return scopes.some((s) => s.toLowerCase() === 'offline_access');
}

/** The `scope` value of a token response: granted Graph scopes plus the OIDC ones Entra echoes. */
export function responseScope(granted: readonly string[], requested: readonly string[]): string {
  const oidc = requested.filter((s) => OIDC_SCOPES.has(s.toLowerCase()) && s.toLowerCase() !== 'offline_access');
  return [...granted, ...oidc].join(' ');
}
