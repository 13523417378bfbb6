// The simulated identity platform at the protocol level (raw HTTP, no MSAL): what a client that
// gets things wrong is told, and the shapes MSAL depends on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeQuery, authorizeUrl, decodeJwtPayload, pkcePair, postToken } from '../support/identity-protocol.ts';
import { startIdentityFixture, waitUntil, type IdentityFixture } from '../support/identity-fixture.ts';
import { visitAuthorizeUrl } from '../../sim/auto-consent-browser.ts';

const CLIENT = 'b3c1e9f0-1111-4222-8333-944455556666';
const REDIRECT = 'http://localhost:53123';
let fx: IdentityFixture;

beforeAll(async () => {
  fx = await startIdentityFixture();
});
afterAll(async () => {
  await fx.close();
});

async function signInCode(options: { nonce?: string; loginHint?: string } = {}) {
  const pkce = pkcePair();
  const params = await authorizeQuery(fx.sim.url, { clientId: CLIENT, redirectUri: REDIRECT, challenge: pkce.challenge, state: 's1', loginHint: options.loginHint ?? fx.work.upn, ...(options.nonce ? { nonce: options.nonce } : {}) });
  return { code: params.get('code') ?? '', state: params.get('state'), pkce };
}

const redeem = (code: string, verifier: string, redirectUri = REDIRECT) =>
  postToken(fx.sim.url, { client_id: CLIENT, grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri });

describe('metadata', () => {
  it('serves OpenID configuration and instance discovery naming the real host', async () => {
    const config = (await (await fetch(`${fx.sim.url}/common/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(config.authorization_endpoint).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(config.token_endpoint).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/token');
    expect(config.issuer).toBe('https://login.microsoftonline.com/{tenantid}/v2.0');
    const discovery = (await (await fetch(`${fx.sim.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize`)).json()) as Record<string, unknown>;
    expect(discovery.tenant_discovery_endpoint).toBe('https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration');
  });
});

describe('authorize', () => {
  it('form_post answers a page that auto-submits code and state to the redirect URI', async () => {
    const pkce = pkcePair();
    const res = await fetch(authorizeUrl(fx.sim.url, { clientId: CLIENT, redirectUri: REDIRECT, challenge: pkce.challenge, state: 'xyz"<', responseMode: 'form_post' }));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('onload="document.forms[0].submit()"');
    expect(html).toContain(`action="${REDIRECT}"`);
    expect(html).toContain('name="state" value="xyz&#34;&#60;"');
  });

  it('refuses a redirect URI that is not a loopback with an error page, not a redirect', async () => {
    const outcome = await visitAuthorizeUrl(authorizeUrl(fx.sim.url, { clientId: CLIENT, redirectUri: 'https://evil.example/cb', challenge: pkcePair().challenge }));
    expect(outcome).toMatchObject({ kind: 'errorPage', status: 400 });
    expect(outcome.text).toContain('AADSTS50011');
  });

  it('requires PKCE', async () => {
    const params = await authorizeQuery(fx.sim.url, { clientId: CLIENT, redirectUri: REDIRECT, state: 'p' });
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('state')).toBe('p');
  });

  it('reports an unknown login_hint and a user outside the authority tenant', async () => {
    const unknown = await authorizeQuery(fx.sim.url, { clientId: CLIENT, redirectUri: REDIRECT, challenge: pkcePair().challenge, loginHint: 'ghost@contoso.com' });
    expect(unknown.get('error_description')).toMatch(/^AADSTS50034/);
    const wrongTenant = await authorizeQuery(fx.sim.url, { clientId: CLIENT, redirectUri: REDIRECT, challenge: pkcePair().challenge, loginHint: fx.work.upn, tenant: 'consumers' });
    expect(wrongTenant.get('error_description')).toMatch(/^AADSTS50020/);
  });

  it('a scripted outcome is used by exactly one sign-in', async () => {
    await fx.admin('/_admin/identity/next-sign-in', { outcome: 'consentDenied' });
    const denied = await authorizeQuery(fx.sim.url, { clientId: CLIENT, redirectUri: REDIRECT, challenge: pkcePair().challenge });
    expect(denied.get('error')).toBe('access_denied');
    expect(denied.get('error_description')).toMatch(/^AADSTS65004/);
    const next = await authorizeQuery(fx.sim.url, { clientId: CLIENT, redirectUri: REDIRECT, challenge: pkcePair().challenge });
    expect(next.get('code')).toBeTruthy();
  });
});

describe('token: authorization code', () => {
  it('returns the fields MSAL needs, an id_token with the usual claims and client_info', async () => {
    const { code, state, pkce } = await signInCode({ nonce: 'n-123' });
    expect(state).toBe('s1');
    const { status, body } = await redeem(code, pkce.verifier);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, scope: 'User.Read Mail.Read openid profile' });
    expect(typeof body.access_token).toBe('string');
    expect(typeof body.refresh_token).toBe('string');
    const claims = decodeJwtPayload(String(body.id_token));
    expect(claims).toMatchObject({
      ver: '2.0',
      iss: `https://login.microsoftonline.com/${fx.work.tenantId}/v2.0`,
      aud: CLIENT,
      oid: fx.work.id,
      tid: fx.work.tenantId,
      preferred_username: fx.work.upn,
      name: 'Adele Vance',
      nonce: 'n-123',
    });
    expect(Number(claims.exp)).toBeGreaterThan(Number(claims.iat));
    const clientInfo = JSON.parse(Buffer.from(String(body.client_info), 'base64url').toString('utf8')) as unknown;
    expect(clientInfo).toEqual({ uid: fx.work.id, utid: fx.work.tenantId });
    const check = fx.sim.ctx.tokens.verify(String(body.access_token));
    expect(check.ok && check.token.scopes).toEqual(['User.Read', 'Mail.Read']);
  });

  it('checks the code_verifier against the challenge', async () => {
    const { code } = await signInCode();
    const { status, body } = await redeem(code, pkcePair().verifier);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_codes).toEqual([501481]);
  });

  it('codes are single use and bound to the redirect URI', async () => {
    const first = await signInCode();
    expect((await redeem(first.code, first.pkce.verifier)).status).toBe(200);
    const again = await redeem(first.code, first.pkce.verifier);
    expect(again.body).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    const second = await signInCode();
    const moved = await redeem(second.code, second.pkce.verifier, 'http://localhost:9999');
    expect(moved.body).toMatchObject({ error: 'invalid_grant', error_codes: [500117] });
  });

  it('rejects a missing client_id and an unknown grant type', async () => {
    expect((await postToken(fx.sim.url, { grant_type: 'authorization_code', code: 'x' })).body).toMatchObject({ error: 'invalid_request' });
    expect((await postToken(fx.sim.url, { client_id: CLIENT, grant_type: 'password' })).body).toMatchObject({ error: 'unsupported_grant_type' });
  });
});

describe('token: refresh', () => {
  it('rotates refresh tokens (the old one stays valid, as in Entra) and refuses scopes the user never consented to', async () => {
    const { code, pkce } = await signInCode();
    const first = await redeem(code, pkce.verifier);
    const rt = String(first.body.refresh_token);
    const escalate = await postToken(fx.sim.url, { client_id: CLIENT, grant_type: 'refresh_token', refresh_token: rt, scope: 'Mail.Send offline_access' });
    expect(escalate.body).toMatchObject({ error: 'invalid_grant', suberror: 'consent_required', error_codes: [65001] });
    const refreshed = await postToken(fx.sim.url, { client_id: CLIENT, grant_type: 'refresh_token', refresh_token: rt, scope: 'Mail.Read offline_access' });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(rt);
    const reused = await postToken(fx.sim.url, { client_id: CLIENT, grant_type: 'refresh_token', refresh_token: rt });
    expect(reused.status).toBe(200);
    expect(reused.body.refresh_token).not.toBe(rt);
  });

  it('with strict rotation, a redeemed refresh token is refused (AADSTS70000)', async () => {
    await fx.admin('/_admin/identity/settings', { strictRefreshTokenRotation: true });
    try {
      const { code, pkce } = await signInCode();
      const rt = String((await redeem(code, pkce.verifier)).body.refresh_token);
      const refreshed = await postToken(fx.sim.url, { client_id: CLIENT, grant_type: 'refresh_token', refresh_token: rt });
      expect(refreshed.status).toBe(200);
      const reused = await postToken(fx.sim.url, { client_id: CLIENT, grant_type: 'refresh_token', refresh_token: rt });
      expect(reused.body).toMatchObject({ error: 'invalid_grant', error_codes: [70000] });
      // The newest one still works.
      const newest = await postToken(fx.sim.url, { client_id: CLIENT, grant_type: 'refresh_token', refresh_token: String(refreshed.body.refresh_token) });
      expect(newest.status).toBe(200);
    } finally {
      await fx.admin('/_admin/identity/settings', { strictRefreshTokenRotation: false });
    }
  });

  it('uses the configured access token lifetime', async () => {
    await fx.admin('/_admin/identity/settings', { accessTokenLifetimeSeconds: 120 });
    try {
      const { code, pkce } = await signInCode();
      expect((await redeem(code, pkce.verifier)).body.expires_in).toBe(120);
    } finally {
      await fx.admin('/_admin/identity/settings', { accessTokenLifetimeSeconds: 3600 });
    }
  });
});

describe('device code', () => {
  const start = async () => {
    const res = await fetch(`${fx.sim.url}/organizations/oauth2/v2.0/devicecode`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT, scope: 'User.Read openid profile offline_access' }).toString(),
    });
    return (await res.json()) as { device_code: string; user_code: string; interval: number; expires_in: number };
  };
  const poll = (deviceCode: string) => postToken(fx.sim.url, { client_id: CLIENT, grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }, 'organizations');

  it('is pending until approved, then redeemable once', async () => {
    const dc = await start();
    expect(dc.user_code).toMatch(/^[A-Z2-9]{9}$/);
    expect((await poll(dc.device_code)).body).toMatchObject({ error: 'authorization_pending' });
    await fx.admin('/_admin/identity/devicecode/approve', { userCode: dc.user_code, upn: fx.work.upn });
    const approved = await poll(dc.device_code);
    expect(approved.status).toBe(200);
    expect(decodeJwtPayload(String(approved.body.id_token)).preferred_username).toBe(fx.work.upn);
    expect((await poll(dc.device_code)).body).toMatchObject({ error: 'invalid_grant' });
    const twice = await fx.adminRaw('/_admin/identity/devicecode/approve', { userCode: dc.user_code, upn: fx.work.upn });
    expect(twice.status).toBe(409);
  });

  it('answers expired_token once the code has expired', async () => {
    await fx.admin('/_admin/identity/settings', { deviceCodeLifetimeSeconds: 1 });
    try {
      const dc = await start();
      const issuedAt = Date.now();
      await waitUntil(() => Date.now() > issuedAt + 1200, 'the device code to expire');
      expect((await poll(dc.device_code)).body).toMatchObject({ error: 'expired_token' });
    } finally {
      await fx.admin('/_admin/identity/settings', { deviceCodeLifetimeSeconds: 900 });
    }
  });
});

describe('admin API', () => {
  it.each([
    ['/_admin/identity/next-sign-in', { outcome: 'explode' }, 400],
    ['/_admin/identity/next-sign-in', { upn: 'ghost@contoso.com' }, 404],
    ['/_admin/identity/settings', { accessTokenLifetimeSeconds: -5 }, 400],
    ['/_admin/identity/settings', { unknownSetting: 1 }, 400],
    ['/_admin/identity/devicecode/approve', { userCode: 'NOPE', upn: 'adele.vance@contoso.com' }, 404],
    ['/_admin/identity/users/ghost%40contoso.com/revoke', {}, 404],
    ['/_admin/identity/no-such-route', {}, 404],
  ] as const)('POST %s %j → %i with a clear error', async (path, body, status) => {
    const res = await fx.adminRaw(path, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.message.length).toBeGreaterThan(0);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await fetch(`${fx.sim.url}/_admin/identity/settings`, { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
  });

  it('logs identity requests', async () => {
    const log = (await fx.admin('/_admin/identity/requests')) as Array<{ path: string }>;
    expect(log.some((r) => r.path === '/common/oauth2/v2.0/token')).toBe(true);
  });
});
