// PLACEHOLDER (replaced by the identity work): Microsoft identity platform endpoints.
// It already issues and verifies access tokens so the Graph routes can be built and tested.
import { randomBytes } from 'node:crypto';
import type { AccessTokenVerifier, IssuedAccessToken, RouteHandler, SimContext } from '../context.ts';
import type { SimUser } from '../users.ts';

export interface SimIdentity {
  handle: RouteHandler;
  verifier: AccessTokenVerifier;
  /** Issues an access token directly (admin API / benchmarks), as /token would after sign-in. */
  issueAccessToken(user: SimUser, scopes: string[], options?: { clientId?: string; lifetimeSeconds?: number }): { accessToken: string; expiresIn: number };
}

export function createIdentity(_ctx: SimContext): SimIdentity {
  const issued = new Map<string, IssuedAccessToken>();
  return {
    handle: async () => false,
    verifier: {
      verify: (bearer) => {
        const token = issued.get(bearer);
        if (!token) return { ok: false, reason: 'invalid' };
        if (token.expiresAt <= Date.now()) return { ok: false, reason: 'expired' };
        return { ok: true, token };
      },
    },
    issueAccessToken: (user, scopes, options = {}) => {
      const lifetime = options.lifetimeSeconds ?? 3600;
      const accessToken = `sim-at-${randomBytes(24).toString('base64url')}`;
      issued.set(accessToken, { userId: user.id, clientId: options.clientId ?? 'sim-admin', scopes, expiresAt: Date.now() + lifetime * 1000 });
      return { accessToken, expiresIn: lifetime };
    },
  };
}
