// Where no Secret Service is reachable: a clear typed error naming what to install, and a
// plaintext cache file only when explicitly allowed. The D-Bus address points at a socket that
// does not exist (set before the first keytar call of this process).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_FILE_NAME, CacheDirectoryError, createCachePlugin, SecretStoreUnavailableError } from '../../main/core/accounts/cache-persistence.ts';
import { startIdentityFixture, type IdentityFixture } from '../support/identity-fixture.ts';

const linux = process.platform === 'linux';
if (!linux) console.warn('[accounts-persistence-nokeyring] skipped: the libsecret fallback exists on Linux only');

describe.skipIf(!linux)('token cache without a Secret Service', () => {
  let fx: IdentityFixture;
  let dir: string;
  const previous = process.env.DBUS_SESSION_BUS_ADDRESS;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'herald-nokeyring-'));
    process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(dir, 'no-bus-here')}`;
    fx = await startIdentityFixture();
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = previous;
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails with SecretStoreUnavailableError that says what to install', async () => {
    const err = await createCachePlugin({ cacheDir: join(dir, 'secure') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretStoreUnavailableError);
    expect((err as Error).message).toMatch(/gnome-keyring/);
    expect((err as Error).message).toMatch(/libsecret/);
  });

  it('with allowPlaintext the cache is a file, and a restarted manager signs in silently from it', async () => {
    const cacheDir = join(dir, 'plain');
    const first = fx.newManager({ cachePlugin: await createCachePlugin({ cacheDir, allowPlaintext: true }) });
    const account = await first.manager.signInInteractive({ loginHint: fx.work.upn });
    const file = JSON.parse(await readFile(join(cacheDir, CACHE_FILE_NAME), 'utf8')) as { Account?: Record<string, { home_account_id: string }> };
    expect(Object.values(file.Account ?? {}).map((a) => a.home_account_id)).toEqual([account.id]);

    const restarted = fx.newManager({ cachePlugin: await createCachePlugin({ cacheDir, allowPlaintext: true }) });
    const token = await restarted.manager.getAccessToken(account.id, { forceRefresh: true });
    expect(fx.sim.ctx.tokens.verify(token).ok).toBe(true);
    expect(restarted.browser.visits).toEqual([]);
  });
});

describe('token cache directory', () => {
  it('a cache directory that cannot be created is a CacheDirectoryError, not a crash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-cachedir-'));
    try {
      const blocker = join(dir, 'a-file');
      await writeFile(blocker, 'not a folder');
      const err = await createCachePlugin({ cacheDir: join(blocker, 'cache'), allowPlaintext: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CacheDirectoryError);
      expect((err as CacheDirectoryError).cacheDir).toBe(join(blocker, 'cache'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
