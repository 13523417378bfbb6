// POST /{tenant}/oauth2/v2.0/token — authorization_code (+PKCE), refresh_token (a new one each time;
// the old one stays valid as in Entra unless strict rotation is on)
// and the device code grant. Error bodies carry the AADSTS codes Entra uses for each case.
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token
import { createHash } from 'node:crypto';
import type { SimUser } from '../users.ts';
import { buildClientInfo, buildIdToken } from './id-token.ts';
import { oauthError, type OAuthError } from './oauth-errors.ts';
import { graphScopes, parseScopeParam, responseScope, wantsRefreshToken } from './scopes.ts';
import type { IdentityState } from './state.ts';
import { userFitsTenant } from './tenants.ts';

export type TokenResponseBody = Record<string, string | number>;
export type TokenResult = { ok: true; body: TokenResponseBody } | { ok: false; error: OAuthError };

const ok = (body: TokenResponseBody): TokenResult => ({ ok: true, body });
const fail = (error: OAuthError): TokenResult => ({ ok: false, error });
const invalidGrant = (aadsts: number, description: string, suberror?: string) => fail(oauthError(400, 'invalid_grant', aadsts, description, suberror));

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** MSAL sends the short form; Entra accepts both. */
const DEVICE_CODE_GRANT_SHORT = 'device_code';

interface GrantInput {
  user: SimUser;
  clientId: string;
  requestedScopes: string[];
  grantedScopes: string[];
  nonce?: string;
  withRefreshToken: boolean;
}

function tokenResponse(ids: IdentityState, grant: GrantInput): TokenResponseBody {
  const { accessTokenLifetimeSeconds, refreshTokenLifetimeSeconds } = ids.settings;
  const body: TokenResponseBody = {
    token_type: 'Bearer',
    scope: responseScope(grant.grantedScopes, grant.requestedScopes),
    expires_in: accessTokenLifetimeSeconds,
    ext_expires_in: accessTokenLifetimeSeconds,
    access_token: ids.tokens.issueAccessToken(grant.user.id, grant.clientId, grant.grantedScopes, accessTokenLifetimeSeconds),
  };
  if (grant.withRefreshToken) {
    body.refresh_token = ids.tokens.issueRefreshToken({ userId: grant.user.id, clientId: grant.clientId, scopes: grant.grantedScopes }, refreshTokenLifetimeSeconds);
  }
  if (grant.requestedScopes.some((s) => s.toLowerCase() === 'openid')) {
    body.id_token = buildIdToken({ user: grant.user, clientId: grant.clientId, issuedAtMs: Date.now(), ...(grant.nonce ? { nonce: grant.nonce } : {}) });
  }
  body.client_info = buildClientInfo(grant.user);
  return body;
}

function pkceS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function redeemAuthorizationCode(ids: IdentityState, form: URLSearchParams, clientId: string): TokenResult {
  const codeValue = form.get('code');
  if (!codeValue) return fail(oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'code'."));
  const code = ids.tokens.redeemCode(codeValue);
  if (code === 'unknown') return invalidGrant(54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
  if (code === 'expired') return invalidGrant(70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
  if (code.clientId !== clientId) return fail(oauthError(400, 'invalid_grant', 70002, 'The authorization code was issued to another client.'));
  if (form.get('redirect_uri') !== code.redirectUri) {
    return invalidGrant(500117, 'The reply uri specified in the token request does not match the reply uri used in the authorization request.');
  }
  const verifier = form.get('code_verifier');
  if (!verifier) return fail(oauthError(400, 'invalid_request', 9002313, 'Invalid request: the code_verifier is missing.'));
  if (pkceS256(verifier) !== code.codeChallenge) return invalidGrant(501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
  const user = ids.ctx.users.findById(code.userId);
  if (!user) return invalidGrant(50034, 'The user account does not exist in the directory.');
  return ok(
    tokenResponse(ids, {
      user,
      clientId,
      requestedScopes: code.requestedScopes,
      grantedScopes: graphScopes(code.requestedScopes),
      withRefreshToken: wantsRefreshToken(code.requestedScopes),
      ...(code.nonce ? { nonce: code.nonce } : {}),
    }),
  );
}

function redeemRefreshToken(ids: IdentityState, form: URLSearchParams, clientId: string, tenant: string): TokenResult {
  const value = form.get('refresh_token');
  if (!value) return fail(oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'refresh_token'."));
  const record = ids.tokens.findRefreshToken(value);
  switch (record) {
    case 'unknown':
    case 'rotated':
      return invalidGrant(70000, 'The provided grant is invalid or malformed.');
    case 'revoked':
      return invalidGrant(50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.');
    case 'expired':
      return invalidGrant(700082, 'The refresh token has expired due to inactivity.');
  }
  if (record.clientId !== clientId) return invalidGrant(70000, 'The provided grant is invalid or malformed: it was issued to another client.');
  const user = ids.ctx.users.findById(record.userId);
  if (!user) return invalidGrant(50034, 'The user account does not exist in the directory.');
  if (!userFitsTenant(user, tenant)) return invalidGrant(50020, `User account '${user.upn}' does not exist in tenant '${tenant}'.`);
  const requestedScopes = parseScopeParam(form.get('scope'));
  const requestedGraph = graphScopes(requestedScopes);
  const grantedScopes = requestedGraph.length > 0 ? requestedGraph : record.scopes;
  // Asking for a permission the user never consented to needs the user again (incremental consent).
  const missing = ids.tokens.missingConsent(user.id, clientId, grantedScopes);
  if (missing.length > 0) {
    return invalidGrant(65001, `The user or administrator has not consented to use the application with the scopes ${missing.join(', ')}. Send an interactive authorization request for this user and resource.`, 'consent_required');
  }
  // Entra leaves a redeemed refresh token valid until it expires (settings.ts); strict mode retires it.
  if (ids.settings.strictRefreshTokenRotation) ids.tokens.retireRefreshToken(value);
  return ok(tokenResponse(ids, { user, clientId, requestedScopes: requestedScopes.length > 0 ? requestedScopes : ['openid', 'profile', 'offline_access'], grantedScopes, withRefreshToken: true }));
}

function redeemDeviceCode(ids: IdentityState, form: URLSearchParams, clientId: string): TokenResult {
  const value = form.get('device_code') ?? form.get('code');
  if (!value) return fail(oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'device_code'."));
  const record = ids.deviceCodes.get(value);
  if (!record || record.clientId !== clientId) return invalidGrant(70000, 'The provided device code is invalid.');
  if (ids.deviceCodes.isExpired(record) && record.status !== 'redeemed') {
    return fail(oauthError(400, 'expired_token', 70020, 'The provided value for the input parameter device_code is expired: the user did not complete the sign-in in time.'));
  }
  switch (record.status) {
    case 'pending':
      return fail(oauthError(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.'));
    case 'denied':
      return fail(oauthError(400, 'authorization_declined', 70019, 'The end user denied the authorization request.'));
    case 'redeemed':
      return invalidGrant(54005, 'The device code was already redeemed.');
  }
  const user = record.userId === undefined ? undefined : ids.ctx.users.findById(record.userId);
  if (!user) return invalidGrant(50034, 'The user account does not exist in the directory.');
  record.status = 'redeemed';
  return ok(
    tokenResponse(ids, {
      user,
      clientId,
      requestedScopes: record.requestedScopes,
      grantedScopes: graphScopes(record.requestedScopes),
      withRefreshToken: wantsRefreshToken(record.requestedScopes),
    }),
  );
}

export function handleTokenRequest(ids: IdentityState, tenant: string, form: URLSearchParams): TokenResult {
  const clientId = form.get('client_id');
  if (!clientId) return fail(oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'."));
  const grantType = form.get('grant_type');
  switch (grantType) {
    case 'authorization_code':
      return redeemAuthorizationCode(ids, form, clientId);
    case 'refresh_token':
      return redeemRefreshToken(ids, form, clientId, tenant);
    case DEVICE_CODE_GRANT:
    case DEVICE_CODE_GRANT_SHORT:
      return redeemDeviceCode(ids, form, clientId);
    default:
      return fail(oauthError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType ?? ''}'.`));
  }
}
