// The whole path with the real MSAL Node: sign in (interactive, device code) → first sync →
// a new message → exactly one intent; a revoked refresh token → "needs sign-in", one intent.
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountManager } from '../../main/core/accounts/account-manager.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { startIdentityFixture, type IdentityFixture } from '../support/identity-fixture.ts';

let fx: IdentityFixture;
let h: EngineHarness;
afterEach(async () => {
  await h?.close();
  await fx?.close();
});

async function setUp(): Promise<AccountManager> {
  fx = await startIdentityFixture();
  const { manager } = fx.newManager();
  h = await startEngineHarness({ sim: fx.sim, tokens: () => manager });
  return manager;
}

describe('engine with real MSAL sign-in', () => {
  it('interactive sign-in → first sync → one intent for one new message', async () => {
    const manager = await setUp();
    const account = await manager.signInInteractive({ loginHint: fx.work.upn });
    expect(account.username).toBe(fx.work.upn);
    await h.openAccount(account);
    await h.cycle();
    expect(h.sink.shown).toEqual([]);

    await h.clock.advance(1_000);
    const id = await h.deliver(fx.work.upn, { subject: 'Welcome aboard' });
    await h.cycle();
    await h.cycle();
    expect(h.sink.ofType('mail').map((i) => i.messageId)).toEqual([id]);
    expect(h.sink.shown[0]?.accountId).toBe(account.id);
  });

  it('device code sign-in → first sync → one intent for one new message', async () => {
    const manager = await setUp();
    const signedIn = manager.signInWithDeviceCode((prompt) => {
      void fx.admin('/_admin/identity/devicecode/approve', { userCode: prompt.userCode, upn: fx.personal.upn });
    });
    const account = await signedIn;
    expect(account.kind).toBe('personal');
    await h.openAccount(account);
    await h.cycle();
    await h.clock.advance(1_000);
    const id = await h.deliver(fx.personal.upn, { subject: 'Photos from the weekend' });
    await h.cycle();
    expect(h.sink.ofType('mail').map((i) => i.messageId)).toEqual([id]);
  });

  it('a revoked refresh token puts the account in "needs sign-in" with exactly one intent', async () => {
    const manager = await setUp();
    const account = await manager.signInInteractive({ loginHint: fx.work.upn });
    await h.openAccount(account);
    await h.cycle();

    await fx.admin(`/_admin/identity/users/${encodeURIComponent(fx.work.upn)}/revoke`, {});
    const [report] = await h.cycle();
    expect(report?.state.kind).toBe('needsSignIn');
    expect(report?.state.action).toBe('signIn');
    await h.cycle();
    await h.cycle();
    const problems = h.sink.ofType('accountProblem');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.body + problems[0]!.title).toMatch(/sign in/i);
    // Nothing secret leaks into what the user sees.
    expect(JSON.stringify(h.sink.shown)).not.toMatch(/sim-at-|eyJ/);

    // Signing in again fixes it and takes the problem notification down.
    await manager.signInInteractive({ loginHint: fx.work.upn });
    const [fixed] = await h.cycle();
    expect(fixed?.state.kind).toBe('ok');
    expect(h.sink.retracted.map((r) => r.intentId)).toContain(problems[0]?.id);
  });
});
