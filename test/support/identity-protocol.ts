// Raw OAuth calls against the simulated identity platform (no MSAL), for protocol-level tests.
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function pkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  challenge?: string;
  scope?: string;
  state?: string;
  nonce?: string;
  loginHint?: string;
  responseMode?: 'query' | 'form_post';
  tenant?: string;
}

export function authorizeUrl(base: string, p: AuthorizeParams): string {
  const url = new URL(`${base}/${p.tenant ?? 'common'}/oauth2/v2.0/authorize`);
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('scope', p.scope ?? 'User.Read Mail.Read openid profile offline_access');
  url.searchParams.set('response_mode', p.responseMode ?? 'query');
  if (p.challenge) {
    url.searchParams.set('code_challenge', p.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  if (p.state) url.searchParams.set('state', p.state);
  if (p.nonce) url.searchParams.set('nonce', p.nonce);
  if (p.loginHint) url.searchParams.set('login_hint', p.loginHint);
  return url.toString();
}

/** Runs /authorize in query mode and returns the parameters of the 302 back to the redirect URI. */
export async function authorizeQuery(base: string, p: AuthorizeParams): Promise<URLSearchParams> {
  const res = await fetch(authorizeUrl(base, { ...p, responseMode: 'query' }), { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get('location') ?? '').searchParams;
}

export type TokenAnswer = { status: number; body: Record<string, unknown> };

export async function postToken(base: string, form: Record<string, string>, tenant = 'common'): Promise<TokenAnswer> {
  const res = await fetch(`${base}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
