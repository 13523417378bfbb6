// The simulated Microsoft identity platform (login.microsoftonline.com v2.0 endpoints):
//   GET  /{tenant}/v2.0/.well-known/openid-configuration
//   GET  /common/discovery/instance                      (MSAL cloud instance discovery)
//   GET  /{tenant}/oauth2/v2.0/authorize                 (no UI: login_hint / admin script decide)
//   POST /{tenant}/oauth2/v2.0/token                     (auth code + PKCE, refresh, device code)
//   POST /{tenant}/oauth2/v2.0/devicecode
//   /_admin/identity/…                                   (scripting, see README.md)
import type { AccessTokenVerifier, RouteHandler, SimContext } from '../context.ts';
import { readForm, sendJson } from '../http.ts';
import type { SimUser } from '../users.ts';
import { handleIdentityAdmin } from './admin.ts';
import { handleAuthorize } from './authorize.ts';
import { handleDeviceCodeRequest } from './device-code-endpoint.ts';
import { instanceDiscovery, openIdConfiguration } from './metadata.ts';
import { sendOAuthError } from './oauth-errors.ts';
import { identitySettingsPatch, type IdentitySettings } from './settings.ts';
import { createIdentityState, logRequest, type IdentityRequestRecord, type ScriptedSignIn } from './state.ts';
import { isTenantSegment } from './tenants.ts';
import { handleTokenRequest } from './token-endpoint.ts';

export type { IdentitySettings } from './settings.ts';
export type { ScriptedSignIn, SignInOutcome, IdentityRequestRecord } from './state.ts';

export interface SimIdentity {
  handle: RouteHandler;
  verifier: AccessTokenVerifier;
  /** Issues an access token directly (admin API / benchmarks), as /token would after sign-in. */
  issueAccessToken(user: SimUser, scopes: string[], options?: { clientId?: string; lifetimeSeconds?: number }): { accessToken: string; expiresIn: number };
  /** In-process equivalents of the admin routes, for code that holds the simulator object. */
  settings(): IdentitySettings;
  updateSettings(patch: Partial<IdentitySettings>): IdentitySettings;
  scriptNextSignIn(script: ScriptedSignIn | null): void;
  revokeUser(upn: string): { refreshTokens: number; accessTokens: number };
  requests(): readonly IdentityRequestRecord[];
}

const ROUTE = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/(?:authorize|token|devicecode)|discovery\/instance)$/;

export function createIdentity(ctx: SimContext): SimIdentity {
  const ids = createIdentityState(ctx);

  const handle: RouteHandler = async (req, res, url) => {
    if (await handleIdentityAdmin(ids, req, res, url)) return true;
    const match = ROUTE.exec(url.pathname);
    if (!match?.[1] || !match[2] || !isTenantSegment(match[1])) return false;
    const [, tenant, endpoint] = match;
    const method = req.method ?? 'GET';
    const path = url.pathname;

    if (endpoint === 'discovery/instance' && method === 'GET') {
      sendJson(res, 200, instanceDiscovery(url.searchParams.get('authorization_endpoint')));
      logRequest(ids, { method, path, status: 200 });
      return true;
    }
    if (endpoint.endsWith('openid-configuration') && method === 'GET') {
      sendJson(res, 200, openIdConfiguration(tenant));
      logRequest(ids, { method, path, status: 200 });
      return true;
    }
    if (endpoint === 'oauth2/v2.0/authorize' && method === 'GET') {
      const status = handleAuthorize(ids, tenant, url, res);
      logRequest(ids, { method, path, status });
      return true;
    }
    if (endpoint === 'oauth2/v2.0/token' && method === 'POST') {
      const form = await readForm(req);
      const result = handleTokenRequest(ids, tenant, form);
      const grantType = form.get('grant_type') ?? '';
      if (result.ok) sendJson(res, 200, result.body, { 'cache-control': 'no-store', pragma: 'no-cache' });
      else sendOAuthError(res, result.error, req.headers['client-request-id']?.toString());
      logRequest(ids, { method, path, grantType, status: result.ok ? 200 : result.error.status, ...(result.ok ? {} : { error: result.error.error }) });
      return true;
    }
    if (endpoint === 'oauth2/v2.0/devicecode' && method === 'POST') {
      const result = handleDeviceCodeRequest(ids, await readForm(req));
      if (result.ok) sendJson(res, 200, result.body);
      else sendOAuthError(res, result.error);
      logRequest(ids, { method, path, status: result.ok ? 200 : result.error.status });
      return true;
    }
    sendJson(res, 405, { error: 'invalid_request', error_description: `${method} is not allowed on ${path}` });
    logRequest(ids, { method, path, status: 405 });
    return true;
  };

  return {
    handle,
    verifier: { verify: (bearer) => ids.tokens.verifyAccessToken(bearer) },
    issueAccessToken: (user, scopes, options = {}) => {
      const lifetime = options.lifetimeSeconds ?? ids.settings.accessTokenLifetimeSeconds;
      return { accessToken: ids.tokens.issueAccessToken(user.id, options.clientId ?? 'sim-admin', scopes, lifetime), expiresIn: lifetime };
    },
    settings: () => ({ ...ids.settings }),
    updateSettings: (patch) => {
      ids.settings = { ...ids.settings, ...identitySettingsPatch.parse(patch) };
      return { ...ids.settings };
    },
    scriptNextSignIn: (script) => {
      ids.nextSignIn = script;
    },
    revokeUser: (upn) => {
      const user = ctx.users.findByUpn(upn);
      if (!user) throw new Error(`No user ${upn} in the simulated tenant`);
      return ids.tokens.revokeUser(user.id);
    },
    requests: () => [...ids.requests],
  };
}

