// The MSAL token cache, persisted by @azure/msal-node-extensions: DPAPI on Windows, Keychain on
// macOS, libsecret (Secret Service over D-Bus) on Linux, with its cross-process file lock so two
// Herald processes never interleave cache writes.
// https://learn.microsoft.com/entra/msal/javascript/node/extensions
// msal-node-extensions pins its own msal-common; its PersistenceCachePlugin is used through the
// structural ICachePlugin interface only (the sign-in → restart → silent test proves the pair).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ICachePlugin } from '@azure/msal-node';
import type * as MsalNodeExtensions from '@azure/msal-node-extensions';

export interface CachePersistenceOptions {
  /** Directory for the cache file (plaintext mode) or the change-tracking file (secret stores). */
  cacheDir: string;
  /** Only when true may the cache be a plaintext file where no secret service is reachable. */
  allowPlaintext?: boolean;
  /** Secret Service / Keychain entry names. */
  serviceName?: string;
  accountName?: string;
}

export const CACHE_FILE_NAME = 'msal-cache.json';

/** No secure store for the token cache; the message says what to install or start. */
export class SecretStoreUnavailableError extends Error {
  override readonly name = 'SecretStoreUnavailableError';
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

/** The cache directory cannot be created or written (a file in the way, no permission). */
export class CacheDirectoryError extends Error {
  override readonly name = 'CacheDirectoryError';
  constructor(
    readonly cacheDir: string,
    readonly detail: string,
  ) {
    super(`The sign-in cache folder ${cacheDir} cannot be used. Check that it is a folder you can write to.`);
  }
}

function linuxHelp(detail: string): SecretStoreUnavailableError {
  return new SecretStoreUnavailableError(
    'No Secret Service is available to store your sign-in securely. Install and start one in your desktop session ' +
      '(for example gnome-keyring with libsecret: `sudo apt install gnome-keyring libsecret-1-0`, or KeePassXC with ' +
      'Secret Service integration enabled), make sure it is unlocked, then restart Herald. ' +
      'Alternatively, allow a plaintext token cache in the settings (not recommended).',
    detail,
  );
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * Creates the persistence plugin for PublicClientApplication's `cache.cachePlugin`.
 * Async because the store is verified (a write, read and delete) before it is used.
 */
export async function createCachePlugin(options: CachePersistenceOptions): Promise<ICachePlugin> {
  try {
    await mkdir(options.cacheDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new CacheDirectoryError(options.cacheDir, describe(err));
  }
  let extensions: typeof MsalNodeExtensions;
  try {
    // Loaded lazily: the module binds keytar (libsecret) on import, and a missing libsecret
    // must become our typed error, not a crash at start-up.
    extensions = await import('@azure/msal-node-extensions');
  } catch (err) {
    throw process.platform === 'linux' ? linuxHelp(describe(err)) : new SecretStoreUnavailableError('The secure token store could not be loaded.', describe(err));
  }
  const { PersistenceCachePlugin, PersistenceCreator, DataProtectionScope } = extensions;
  let persistence: Awaited<ReturnType<typeof PersistenceCreator.createPersistence>>;
  try {
    persistence = await PersistenceCreator.createPersistence({
      cachePath: join(options.cacheDir, CACHE_FILE_NAME),
      dataProtectionScope: DataProtectionScope.CurrentUser,
      serviceName: options.serviceName ?? 'Herald',
      accountName: options.accountName ?? 'MSALCache',
      usePlaintextFileOnLinux: options.allowPlaintext === true,
    });
  } catch (err) {
    if (process.platform === 'linux') throw linuxHelp(describe(err));
    throw new SecretStoreUnavailableError('The secure token store (Keychain / DPAPI) could not be used.', describe(err));
  }
  const plugin: ICachePlugin = new PersistenceCachePlugin(persistence);
  return plugin;
}
