// Everything the simulated identity platform remembers: authorization codes, refresh tokens,
// access tokens and consent grants. Tokens are opaque random strings (as Entra's are to a client;
// only the id_token is a JWT the client reads). Expiry uses wall time, as MSAL's cache does.
import { randomBytes } from 'node:crypto';
import type { AccessTokenCheck, IssuedAccessToken } from '../context.ts';

export interface AuthorizationCode {
  userId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  /** Everything requested, OIDC scopes included. */
  requestedScopes: string[];
  nonce?: string;
  expiresAt: number;
}

export interface RefreshTokenRecord {
  userId: string;
  clientId: string;
  /** Graph scopes this grant may be refreshed to. */
  scopes: string[];
  expiresAt: number;
}

interface AccessTokenRecord extends IssuedAccessToken {
  revoked: boolean;
}

/** Authorization codes live 10 minutes at most and are single use (RFC 6749 §4.1.2). */
const CODE_LIFETIME_MS = 10 * 60 * 1000;

export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export class TokenStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  /** Refresh tokens that were rotated away or revoked: presenting one again is invalid_grant. */
  private readonly retiredRefreshTokens = new Map<string, 'rotated' | 'revoked'>();
  /** `${userId}|${clientId}` → Graph scopes the user consented to for that client. */
  private readonly consents = new Map<string, Set<string>>();

  constructor(private readonly now: () => number = Date.now) {}

  issueCode(code: Omit<AuthorizationCode, 'expiresAt'>): string {
    const value = randomToken('sim-code-');
    this.codes.set(value, { ...code, expiresAt: this.now() + CODE_LIFETIME_MS });
    return value;
  }

  /** Takes a code out of the store: a second redemption finds nothing. */
  redeemCode(value: string): AuthorizationCode | 'unknown' | 'expired' {
    const code = this.codes.get(value);
    if (!code) return 'unknown';
    this.codes.delete(value);
    return code.expiresAt <= this.now() ? 'expired' : code;
  }

  issueAccessToken(userId: string, clientId: string, scopes: string[], lifetimeSeconds: number): string {
    const value = randomToken('sim-at-');
    this.accessTokens.set(value, { userId, clientId, scopes: [...scopes], expiresAt: this.now() + lifetimeSeconds * 1000, revoked: false });
    return value;
  }

  verifyAccessToken(value: string): AccessTokenCheck {
    const record = this.accessTokens.get(value);
    if (!record) return { ok: false, reason: 'invalid' };
    if (record.revoked) return { ok: false, reason: 'revoked' };
    if (record.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    const { revoked: _revoked, ...token } = record;
    return { ok: true, token };
  }

  issueRefreshToken(record: Omit<RefreshTokenRecord, 'expiresAt'>, lifetimeSeconds: number): string {
    const value = randomToken('sim-rt-', 48);
    this.refreshTokens.set(value, { ...record, scopes: [...record.scopes], expiresAt: this.now() + lifetimeSeconds * 1000 });
    return value;
  }

  /** Looks up a refresh token without consuming it; rotation is `retireRefreshToken`. */
  findRefreshToken(value: string): RefreshTokenRecord | 'unknown' | 'expired' | 'rotated' | 'revoked' {
    const retired = this.retiredRefreshTokens.get(value);
    if (retired) return retired;
    const record = this.refreshTokens.get(value);
    if (!record) return 'unknown';
    return record.expiresAt <= this.now() ? 'expired' : record;
  }

  retireRefreshToken(value: string): void {
    if (this.refreshTokens.delete(value)) this.retiredRefreshTokens.set(value, 'rotated');
  }

  /** Revokes every refresh and access token of a user (the "revoke sessions" admin action). */
  revokeUser(userId: string): { refreshTokens: number; accessTokens: number } {
    let refreshTokens = 0;
    let accessTokens = 0;
    for (const [value, record] of this.refreshTokens) {
      if (record.userId !== userId) continue;
      this.refreshTokens.delete(value);
      this.retiredRefreshTokens.set(value, 'revoked');
      refreshTokens++;
    }
    for (const record of this.accessTokens.values()) {
      if (record.userId === userId && !record.revoked) {
        record.revoked = true;
        accessTokens++;
      }
    }
    return { refreshTokens, accessTokens };
  }

  grantConsent(userId: string, clientId: string, scopes: readonly string[]): void {
    const key = `${userId}|${clientId}`;
    const set = this.consents.get(key) ?? new Set<string>();
    for (const s of scopes) set.add(s.toLowerCase());
    this.consents.set(key, set);
  }

  /** The scopes of `wanted` the user has not consented to for this client. */
  missingConsent(userId: string, clientId: string, wanted: readonly string[]): string[] {
    const set = this.consents.get(`${userId}|${clientId}`) ?? new Set<string>();
    return wanted.filter((s) => !set.has(s.toLowerCase()));
  }
}
