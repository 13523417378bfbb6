// HeraldApp sign-in through the bridge with the real MSAL Node against the simulator:
// interactive and device code, cancel, read-only accounts, remove, restart.
import { afterEach, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { waitUntil } from '../support/identity-fixture.ts';

let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

describe('HeraldApp accounts over the bridge', () => {
  it('interactive sign-in (accounts.add) → accounts.list, accounts.changed, tray leaves signedOut', async () => {
    h = await startAppHarness();
    expect(h.app.trayState().kind).toBe('signedOut');
    const added = await h.signIn(h.fx.work.upn);
    expect(added).toMatchObject({ username: h.fx.work.upn, kind: 'work', readOnly: false, state: { kind: 'ok' } });
    expect(h.ports.signInPages).toHaveLength(1);
    const list = await h.ok('accounts.list', {});
    expect(list.map((a) => a.username)).toEqual([h.fx.work.upn]);
    expect(h.ports.emitted('accounts.changed').at(-1)?.map((a) => a.id)).toEqual([added.id]);
    expect(h.app.trayState().kind).toBe('allRead');
    // Nothing token-like crosses the bridge.
    expect(JSON.stringify(h.ports.emits)).not.toMatch(/eyJ|sim-at-|refresh/i);
  });

  it('device code sign-in emits signIn.deviceCode with the code; approving it adds the account', async () => {
    h = await startAppHarness();
    const adding = h.ok('accounts.add', { method: 'deviceCode' });
    await waitUntil(() => h.ports.emitted('signIn.deviceCode').length > 0, 'device code prompt');
    const prompt = h.ports.emitted('signIn.deviceCode')[0]!;
    expect(prompt.userCode).toMatch(/\S+/);
    expect(prompt.verificationUri).toMatch(/^https?:\/\//);
    expect(prompt.expiresAt).toBeGreaterThan(h.clock.now());
    await h.fx.admin('/_admin/identity/devicecode/approve', { userCode: prompt.userCode, upn: h.fx.personal.upn });
    const account = await adding;
    expect(account).toMatchObject({ username: h.fx.personal.upn, kind: 'personal' });
    expect((await h.ok('accounts.list', {})).map((a) => a.id)).toEqual([account.id]);
  });

  it('accounts.cancelSignIn stops a pending device code sign-in with "cancelled"', async () => {
    h = await startAppHarness();
    const adding = h.call('accounts.add', { method: 'deviceCode' });
    await waitUntil(() => h.ports.emitted('signIn.deviceCode').length > 0, 'device code prompt');
    expect(await h.ok('accounts.cancelSignIn', {})).toBeNull();
    const outcome = await adding;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('cancelled');
    expect(await h.ok('accounts.list', {})).toEqual([]);
  });

  it('a sign-in the user cancels in the browser answers "cancelled"', async () => {
    h = await startAppHarness();
    await h.fx.admin('/_admin/identity/next-sign-in', { upn: h.fx.work.upn, outcome: 'cancel' });
    const outcome = await h.call('accounts.add', { method: 'interactive' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('a read-only account answers needsWritePermission to write actions, and nothing reaches Graph', async () => {
    h = await startAppHarness();
    const account = await h.signIn(h.fx.work.upn, 'readOnly');
    expect(account.readOnly).toBe(true);
    const id = await h.deliver(h.fx.work.upn, { subject: 'Budget' });
    await h.check();
    for (const call of [
      h.call('messages.markRead', { accountId: account.id, messageId: id, isRead: true }),
      h.call('messages.archive', { accountId: account.id, messageId: id }),
      h.call('messages.reply', { accountId: account.id, messageId: id, comment: 'ok' }),
    ]) {
      const outcome = await call;
      expect(outcome).toMatchObject({ ok: false, error: { code: 'needsWritePermission' } });
      if (!outcome.ok) expect(outcome.error.message).toMatch(/read-only/);
    }
    const stored = await h.admin.getMessage(h.fx.work.upn, id);
    expect(stored.isRead).toBe(false);
    // Reading still works.
    expect((await h.ok('messages.get', { accountId: account.id, messageId: id })).subject).toBe('Budget');
  });

  it('switching an account to read-only in settings asks for a new sign-in; accounts.fix applies it', async () => {
    h = await startAppHarness();
    const account = await h.signIn(h.fx.work.upn);
    await h.ok('settings.update', { patch: { accounts: { [account.id]: { readOnly: true } } } });
    const [pending] = await h.ok('accounts.list', {});
    expect(pending?.state).toMatchObject({ kind: 'needsSignIn', action: 'signIn' });
    expect(pending?.state.message).toMatch(/sign in again/i);
    expect(pending?.readOnly).toBe(false);

    const fixed = await h.ok('accounts.fix', { accountId: account.id });
    expect(fixed.readOnly).toBe(true);
    expect(fixed.state.kind).toBe('ok');
    expect(h.ports.signInPages.at(-1)).toContain('login_hint=');
  });

  it('a revoked sign-in shows as "needs sign-in" (tray: problem); accounts.fix repairs it', async () => {
    h = await startAppHarness();
    const account = await h.signIn(h.fx.work.upn);
    await h.check();
    await h.fx.admin(`/_admin/identity/users/${encodeURIComponent(h.fx.work.upn)}/revoke`, {});
    await h.check();
    const [broken] = await h.ok('accounts.list', {});
    expect(broken?.state).toMatchObject({ kind: 'needsSignIn', action: 'signIn' });
    expect(h.ports.emitted('accounts.changed').at(-1)?.[0]?.state.kind).toBe('needsSignIn');
    expect(h.app.trayState().kind).toBe('problem');
    expect(await h.call('messages.markRead', { accountId: account.id, messageId: 'x', isRead: true })).toMatchObject({ ok: false, error: { code: 'needsSignIn' } });

    await h.ok('accounts.fix', { accountId: account.id });
    await waitUntil(() => h.app.trayState().kind === 'allRead', 'the account to recover');
    expect((await h.ok('accounts.list', {}))[0]?.state.kind).toBe('ok');
  });

  it('accounts.remove signs out and forgets the account; unknown ids are notFound', async () => {
    h = await startAppHarness();
    const account = await h.signIn(h.fx.work.upn);
    expect(await h.ok('accounts.remove', { accountId: account.id })).toBeNull();
    expect(await h.ok('accounts.list', {})).toEqual([]);
    expect(await h.call('accounts.remove', { accountId: account.id })).toMatchObject({ ok: false, error: { code: 'notFound' } });
    expect(await h.call('messages.list', { accountId: account.id })).toMatchObject({ ok: false, error: { code: 'notFound' } });
    expect(h.app.trayState().kind).toBe('signedOut');
  });

  it('start() after a restart opens every account in the token cache', async () => {
    h = await startAppHarness();
    const work = await h.signIn(h.fx.work.upn);
    const personal = await h.signIn(h.fx.personal.upn);
    await h.restart();
    expect(await h.ok('accounts.list', {})).toEqual([]);
    await h.app.start();
    expect((await h.ok('accounts.list', {})).map((a) => a.id).sort()).toEqual([work.id, personal.id].sort());
    await h.check();
    const status = await h.ok('sync.status', {});
    // The fake clock keeps moving while start()'s own polls run, so "when" is only bounded.
    expect(status.accounts.every((a) => a.state.kind === 'ok' && a.lastSyncAt !== null && a.lastSyncAt <= h.clock.now())).toBe(true);
    expect(status.lastSyncAt).toBe(Math.max(...status.accounts.map((a) => a.lastSyncAt ?? 0)));
  });
});
