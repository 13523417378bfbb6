// The token cache persisted with @azure/msal-node-extensions in a real Secret Service
// (gnome-keyring on a private D-Bus session bus started by the test), then read back by a new
// AccountManager as after a restart. This crosses msal-node's and msal-node-extensions' two
// copies of msal-common, which only a real round trip proves.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_FILE_NAME, createCachePlugin } from '../../main/core/accounts/cache-persistence.ts';
import { keyringUnavailableReason, startKeyringSession, type KeyringSession } from '../support/keyring-session.ts';
import { startIdentityFixture, type IdentityFixture } from '../support/identity-fixture.ts';

const skipReason = keyringUnavailableReason();
if (skipReason) console.warn(`[accounts-persistence-keyring] skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('token cache in a real Secret Service (libsecret)', () => {
  let fx: IdentityFixture;
  let keyring: KeyringSession;
  let cacheDir: string;

  beforeAll(async () => {
    keyring = await startKeyringSession();
    // Before the first keytar call of this process: libsecret binds to the bus it first sees.
    keyring.useInThisProcess();
    fx = await startIdentityFixture();
    cacheDir = await mkdtemp(join(tmpdir(), 'herald-cache-'));
  });
  afterAll(async () => {
    await fx?.close();
    await keyring?.stop();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('sign in, restart, and get a token silently without the browser', async () => {
    const first = fx.newManager({ cachePlugin: await createCachePlugin({ cacheDir }) });
    const work = await first.manager.signInInteractive({ loginHint: fx.work.upn });
    const personal = await first.manager.signInInteractive({ loginHint: fx.personal.upn, mode: 'readOnly' });

    // The secret is in the keyring; the file next to it is only the change marker.
    const marker = await readFile(join(cacheDir, CACHE_FILE_NAME), 'utf8');
    expect(marker).toBe('{}');

    const restarted = fx.newManager({ cachePlugin: await createCachePlugin({ cacheDir }) });
    const accounts = await restarted.manager.listAccounts();
    expect(accounts.map((a) => [a.id, a.kind, a.mode]).sort()).toEqual(
      [
        [work.id, 'work', 'readWrite'],
        [personal.id, 'personal', 'readOnly'],
      ].sort(),
    );
    const token = await restarted.manager.getAccessToken(work.id, { forceRefresh: true });
    expect(fx.sim.ctx.tokens.verify(token).ok).toBe(true);
    expect(restarted.browser.visits).toEqual([]);

    // Sign-out is persisted too.
    await restarted.manager.signOut(personal.id);
    const third = fx.newManager({ cachePlugin: await createCachePlugin({ cacheDir }) });
    expect((await third.manager.listAccounts()).map((a) => a.id)).toEqual([work.id]);
    expect(existsSync(join(cacheDir, `${CACHE_FILE_NAME}.lockfile`))).toBe(false);
  });
});
