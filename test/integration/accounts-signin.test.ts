// Interactive and device code sign-in with the real MSAL Node against the simulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceCodePrompt } from '../../main/core/accounts/account-manager.ts';
import { AuthRequiredError } from '../../main/core/accounts/token-provider.ts';
import { startIdentityFixture, TEST_CLIENT_ID, type IdentityFixture } from '../support/identity-fixture.ts';

let fx: IdentityFixture;
beforeAll(async () => {
  fx = await startIdentityFixture();
  await fx.admin('/_admin/identity/settings', { deviceCodeIntervalSeconds: 1 });
});
afterAll(async () => {
  await fx.close();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

describe('interactive sign-in', () => {
  it('signs in through the browser (form_post to the loopback) and the token works with the verifier', async () => {
    const { manager, browser } = fx.newManager();
    const account = await manager.signInInteractive({ loginHint: fx.work.upn });

    expect(account).toMatchObject({ username: fx.work.upn, name: 'Adele Vance', tenantId: fx.work.tenantId, kind: 'work', mode: 'readWrite', readOnly: false });
    expect(account.id).toBe(`${fx.work.id}.${fx.work.tenantId}`);
    // The browser was sent to the simulator, never to the real host, and the answer was a form post.
    expect(browser.visits[0]?.startsWith(`${fx.sim.url}/common/oauth2/v2.0/authorize?`)).toBe(true);
    const authorize = new URL(browser.visits[0] ?? '');
    expect(authorize.searchParams.get('response_mode')).toBe('form_post');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    await browser.settled();
    expect(browser.outcomes[0]).toMatchObject({ kind: 'formPosted', status: 200 });

    const token = await manager.getAccessToken(account.id);
    const check = fx.sim.ctx.tokens.verify(token);
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.token).toMatchObject({ userId: fx.work.id, clientId: TEST_CLIENT_ID });
      expect(check.token.scopes).toEqual(['User.Read', 'Mail.ReadWrite', 'Mail.Send', 'Calendars.ReadWrite']);
    }
  });

  it('read-only mode requests only read scopes and says write actions need permission', async () => {
    const { manager } = fx.newManager();
    const account = await manager.signInInteractive({ loginHint: fx.work.upn, mode: 'readOnly' });
    expect(account).toMatchObject({ mode: 'readOnly', readOnly: true });
    const check = fx.sim.ctx.tokens.verify(await manager.getAccessToken(account.id));
    expect(check.ok && check.token.scopes).toEqual(['User.Read', 'Mail.Read', 'Calendars.Read']);
    await expect(manager.assertCanWrite(account.id, 'sendMail')).rejects.toMatchObject({ name: 'WritePermissionRequiredError', permission: 'Mail.Send' });
  });

  it('the user scripted through the admin API signs in when there is no login_hint', async () => {
    await fx.admin('/_admin/identity/next-sign-in', { upn: fx.personal.upn });
    const { manager } = fx.newManager();
    const account = await manager.signInInteractive();
    expect(account).toMatchObject({ username: fx.personal.upn, kind: 'personal' });
  });

  it.each([
    ['cancel', 'cancelled'],
    ['consentDenied', 'consentDenied'],
    ['adminConsentRequired', 'needsAdminConsent'],
  ] as const)('a scripted %s outcome becomes AuthRequiredError(%s) and no account is added', async (outcome, problem) => {
    await fx.admin('/_admin/identity/next-sign-in', { outcome });
    const { manager } = fx.newManager();
    const err = await rejection(manager.signInInteractive({ loginHint: fx.work.upn }));
    expect(err).toBeInstanceOf(AuthRequiredError);
    expect((err as AuthRequiredError).problem).toBe(problem);
    expect((err as AuthRequiredError).message).not.toMatch(/sim-|AADSTS|Trace ID/);
    expect(await manager.listAccounts()).toEqual([]);
  });

  it('aborting the sign-in (browser never came back) ends it as cancelled', async () => {
    const controller = new AbortController();
    const { AccountManager } = await import('../../main/core/accounts/account-manager.ts');
    const manager = new AccountManager({
      clientId: TEST_CLIENT_ID,
      identityHostOverride: fx.sim.url,
      // The user closes the browser tab: nothing comes back to the loopback server.
      openBrowser: async () => {
        controller.abort();
      },
    });
    const err = await rejection(manager.signInInteractive({ signal: controller.signal }));
    expect(err).toMatchObject({ name: 'AuthRequiredError', problem: 'cancelled' });
  });

  it('keeps a work and a personal account side by side, each with its own token', async () => {
    const { manager } = fx.newManager();
    const work = await manager.signInInteractive({ loginHint: fx.work.upn });
    const personal = await manager.signInInteractive({ loginHint: fx.personal.upn });
    const accounts = await manager.listAccounts();
    expect(accounts.map((a) => [a.username, a.kind]).sort()).toEqual([
      [fx.work.upn, 'work'],
      [fx.personal.upn, 'personal'],
    ]);
    const workCheck = fx.sim.ctx.tokens.verify(await manager.getAccessToken(work.id));
    const personalCheck = fx.sim.ctx.tokens.verify(await manager.getAccessToken(personal.id));
    expect(workCheck.ok && workCheck.token.userId).toBe(fx.work.id);
    expect(personalCheck.ok && personalCheck.token.userId).toBe(fx.personal.id);
  });

  it('signing out removes the account from the cache; its token is then not available', async () => {
    const { manager } = fx.newManager();
    const account = await manager.signInInteractive({ loginHint: fx.work.upn });
    await manager.signOut(account.id);
    expect(await manager.listAccounts()).toEqual([]);
    await expect(manager.getAccessToken(account.id)).rejects.toMatchObject({ name: 'AuthRequiredError', problem: 'needsSignIn' });
  });
});

describe('device code sign-in', () => {
  async function waitForPrompt(prompts: DeviceCodePrompt[]): Promise<DeviceCodePrompt> {
    for (;;) {
      const prompt = prompts[0];
      if (prompt) return prompt;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('completes when the code is approved elsewhere', async () => {
    const { manager } = fx.newManager();
    const prompts: DeviceCodePrompt[] = [];
    const signIn = manager.signInWithDeviceCode((p) => prompts.push(p));
    const prompt = await waitForPrompt(prompts);
    expect(prompt.verificationUri).toBe('https://microsoft.com/devicelogin');
    expect(prompt.message).toContain(prompt.userCode);
    await fx.admin('/_admin/identity/devicecode/approve', { userCode: prompt.userCode, upn: fx.personal.upn });
    const account = await signIn;
    expect(account).toMatchObject({ username: fx.personal.upn, kind: 'personal', mode: 'readWrite' });
    expect(fx.sim.ctx.tokens.verify(await manager.getAccessToken(account.id)).ok).toBe(true);
  });

  it('a declined code becomes AuthRequiredError(consentDenied)', async () => {
    const { manager } = fx.newManager();
    const prompts: DeviceCodePrompt[] = [];
    const signIn = rejection(manager.signInWithDeviceCode((p) => prompts.push(p)));
    const prompt = await waitForPrompt(prompts);
    await fx.admin('/_admin/identity/devicecode/deny', { userCode: prompt.userCode });
    expect(await signIn).toMatchObject({ name: 'AuthRequiredError', problem: 'consentDenied' });
  });

  it('a code nobody enters expires: cancelled, with a message that says it expired', async () => {
    await fx.admin('/_admin/identity/settings', { deviceCodeLifetimeSeconds: 1 });
    try {
      const { manager } = fx.newManager();
      const err = await rejection(manager.signInWithDeviceCode(() => undefined));
      expect(err).toMatchObject({ name: 'AuthRequiredError', problem: 'cancelled' });
      expect((err as Error).message).toMatch(/expired/);
    } finally {
      await fx.admin('/_admin/identity/settings', { deviceCodeLifetimeSeconds: 900 });
    }
  });

  it('aborting stops the polling as cancelled', async () => {
    const { manager } = fx.newManager();
    const controller = new AbortController();
    const signIn = rejection(manager.signInWithDeviceCode(() => controller.abort(), { signal: controller.signal }));
    expect(await signIn).toMatchObject({ name: 'AuthRequiredError', problem: 'cancelled' });
  });
});
