// The id_token and client_info MSAL Node needs to build an account. MSAL Node does not verify
// the id_token signature (it is received directly from the token endpoint over TLS), so an HS256
// token signed with a simulator secret is enough; the claims follow the v2.0 reference.
// https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference
// https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc (client_info: uid.utid)
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { SimUser } from '../users.ts';

const SIGNING_SECRET = randomBytes(32);
export const ENTRA_HOST = 'https://login.microsoftonline.com';

export interface IdTokenInput {
  user: SimUser;
  clientId: string;
  nonce?: string;
  issuedAtMs: number;
  lifetimeSeconds?: number;
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** `sub` is pairwise in Entra: stable per user and application, different across applications. */
function pairwiseSubject(user: SimUser, clientId: string): string {
  return createHash('sha256').update(`${user.id}|${clientId}`).digest('base64url').slice(0, 43);
}

export function buildIdToken(input: IdTokenInput): string {
  const iat = Math.floor(input.issuedAtMs / 1000);
  const claims: Record<string, string | number> = {
    ver: '2.0',
    iss: `${ENTRA_HOST}/${input.user.tenantId}/v2.0`,
    aud: input.clientId,
    sub: pairwiseSubject(input.user, input.clientId),
    oid: input.user.id,
    tid: input.user.tenantId,
    preferred_username: input.user.upn,
    name: input.user.displayName,
    iat,
    nbf: iat,
    exp: iat + (input.lifetimeSeconds ?? 3600),
    aio: randomBytes(12).toString('base64url'),
    uti: randomBytes(12).toString('base64url'),
  };
  if (input.user.kind === 'personal') claims.idp = `${ENTRA_HOST}/${input.user.tenantId}/v2.0`;
  if (input.nonce) claims.nonce = input.nonce;
  const header = base64urlJson({ typ: 'JWT', alg: 'HS256', kid: 'sim' });
  const payload = base64urlJson(claims);
  const signature = createHmac('sha256', SIGNING_SECRET).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export function buildClientInfo(user: SimUser): string {
  return base64urlJson({ uid: user.id, utid: user.tenantId });
}
