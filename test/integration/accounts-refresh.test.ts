// Silent tokens: from the cache, refreshed when expired (with refresh token rotation), forced
// after a Graph 401, and what happens when the refresh token is revoked, expired or unreachable.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountManager } from '../../main/core/accounts/account-manager.ts';
import { startSimulator } from '../../sim/server.ts';
import { createTestBrowser } from '../../sim/auto-consent-browser.ts';
import { createMemoryCachePlugin, refreshTokensIn, startIdentityFixture, TEST_CLIENT_ID, waitUntil, type IdentityFixture } from '../support/identity-fixture.ts';

let fx: IdentityFixture;
beforeAll(async () => {
  fx = await startIdentityFixture();
});
afterAll(async () => {
  await fx.close();
});
beforeEach(async () => {
  await fx.admin('/_admin/identity/settings', { accessTokenLifetimeSeconds: 3600, refreshTokenLifetimeSeconds: 7_776_000, strictRefreshTokenRotation: false });
});

async function refreshGrants(): Promise<Array<{ grantType?: string; status: number }>> {
  const log = (await fx.admin('/_admin/identity/requests')) as Array<{ grantType?: string; status: number }>;
  return log.filter((r) => r.grantType === 'refresh_token');
}

async function redeemRefreshToken(refreshToken: string): Promise<{ status: number; body: { error?: string; error_description?: string } }> {
  const res = await fetch(`${fx.sim.url}/common/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: TEST_CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken, scope: 'User.Read offline_access' }).toString(),
  });
  return { status: res.status, body: (await res.json()) as { error?: string; error_description?: string } };
}

describe('silent tokens', () => {
  it('serves the cached access token without asking the identity platform', async () => {
    const { manager } = fx.newManager();
    const account = await manager.signInInteractive({ loginHint: fx.work.upn });
    const before = (await refreshGrants()).length;
    const first = await manager.getAccessToken(account.id);
    const second = await manager.getAccessToken(account.id);
    expect(second).toBe(first);
    expect((await refreshGrants()).length).toBe(before);
  });

  it('refreshes an expired access token silently and rotates the refresh token', async () => {
    const cache = createMemoryCachePlugin();
    const { manager } = fx.newManager({ cachePlugin: cache });
    // Strict rotation (stricter than Entra, which leaves the old one valid): MSAL must keep the newest.
    await fx.admin('/_admin/identity/settings', { accessTokenLifetimeSeconds: 1, strictRefreshTokenRotation: true });
    const account = await manager.signInInteractive({ loginHint: fx.work.upn });
    const oldRefreshTokens = refreshTokensIn(cache.snapshot());
    expect(oldRefreshTokens).toHaveLength(1);
    const oldAccess = JSON.parse(cache.snapshot()) as { AccessToken: Record<string, { secret: string }> };
    const oldAccessToken = Object.values(oldAccess.AccessToken)[0]?.secret ?? '';
    await waitUntil(() => !fx.sim.ctx.tokens.verify(oldAccessToken).ok, 'the first access token to expire');
    expect(fx.sim.ctx.tokens.verify(oldAccessToken)).toEqual({ ok: false, reason: 'expired' });

    const before = (await refreshGrants()).length;
    const fresh = await manager.getAccessToken(account.id);
    expect(fresh).not.toBe(oldAccessToken);
    expect(fx.sim.ctx.tokens.verify(fresh).ok).toBe(true);
    expect((await refreshGrants()).length).toBe(before + 1);

    const newRefreshTokens = refreshTokensIn(cache.snapshot());
    expect(newRefreshTokens).toHaveLength(1);
    expect(newRefreshTokens[0]).not.toBe(oldRefreshTokens[0]);
    // The rotated-away refresh token is dead.
    const reuse = await redeemRefreshToken(oldRefreshTokens[0] ?? '');
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
  });

  it('forceRefresh (after a Graph 401) gets a new token even when the cached one is still valid', async () => {
    const { manager } = fx.newManager();
    const account = await manager.signInInteractive({ loginHint: fx.personal.upn });
    const cached = await manager.getAccessToken(account.id);
    const forced = await manager.getAccessToken(account.id, { forceRefresh: true });
    expect(forced).not.toBe(cached);
    expect(fx.sim.ctx.tokens.verify(forced).ok).toBe(true);
  });
});

describe('when the user must sign in again', () => {
  it('a revoked refresh token becomes needsSignIn, and the cached access token is rejected as revoked', async () => {
    const { manager } = fx.newManager();
    const account = await manager.signInInteractive({ loginHint: fx.work.upn });
    const token = await manager.getAccessToken(account.id);
    await fx.admin(`/_admin/identity/users/${encodeURIComponent(fx.work.upn)}/revoke`, {});
    expect(fx.sim.ctx.tokens.verify(token)).toEqual({ ok: false, reason: 'revoked' });
    // Graph answers 401 → the engine asks again with forceRefresh → the refresh token is revoked.
    const err = await manager.getAccessToken(account.id, { forceRefresh: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AuthRequiredError', problem: 'needsSignIn', code: 'AADSTS50173' });
    expect(String((err as Error).message)).not.toMatch(/sim-rt-|sim-at-/);
  });

  it('an expired refresh token becomes needsSignIn', async () => {
    await fx.admin('/_admin/identity/settings', { refreshTokenLifetimeSeconds: 1 });
    const cache = createMemoryCachePlugin();
    const { manager } = fx.newManager({ cachePlugin: cache });
    const signedInAt = Date.now();
    const account = await manager.signInInteractive({ loginHint: fx.personal.upn });
    expect(refreshTokensIn(cache.snapshot())).toHaveLength(1);
    await waitUntil(() => Date.now() > signedInAt + 1500, 'the refresh token lifetime to pass');
    const err = await manager.getAccessToken(account.id, { forceRefresh: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AuthRequiredError', problem: 'needsSignIn' });
  });

  it('an unknown account id is needsSignIn', async () => {
    const { manager } = fx.newManager();
    await expect(manager.getAccessToken('nobody.nowhere')).rejects.toMatchObject({ name: 'AuthRequiredError', problem: 'needsSignIn' });
  });

  it('an unreachable identity platform is offline, not needsSignIn', async () => {
    const other = await startSimulator();
    other.ctx.users.add({ upn: 'lee.gu@contoso.com', displayName: 'Lee Gu' });
    const browser = createTestBrowser();
    const manager = new AccountManager({ clientId: TEST_CLIENT_ID, identityHostOverride: other.url, openBrowser: browser.openBrowser });
    const account = await manager.signInInteractive();
    await other.close();
    const err = await manager.getAccessToken(account.id, { forceRefresh: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AuthRequiredError', problem: 'offline' });
  });
});
