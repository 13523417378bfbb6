// Opening the MSAL token cache at start-up. Tokens belong in the OS secret store (DPAPI,
// Keychain, libsecret). On a Linux desktop without a Secret Service the user is told what to
// install, and may choose to keep tokens in memory only (sign in again after each restart) or —
// only as an explicit opt-in, remembered in a marker file — a plaintext file in the profile.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { ICachePlugin } from '@azure/msal-node';
import type { CachePersistenceOptions } from '../core/accounts/cache-persistence.ts';
import { SecretStoreUnavailableError } from '../core/accounts/cache-persistence.ts';

export type SecretStoreChoice = 'quit' | 'memoryOnly' | 'plaintext';

export type TokenCacheOutcome = { kind: 'plugin'; plugin: ICachePlugin; plaintext: boolean } | { kind: 'memoryOnly' } | { kind: 'quit' };

export interface TokenCacheOptions {
  cacheDir: string;
  /** Exists when the user once chose the plaintext file (their explicit opt-in). */
  plaintextOptInFile: string;
  createCachePlugin(options: CachePersistenceOptions): Promise<ICachePlugin>;
  /** Shows the error (what to install) and the three choices; the adapter is a native dialog. */
  askUser(error: SecretStoreUnavailableError): Promise<SecretStoreChoice>;
}

export async function openTokenCache(o: TokenCacheOptions): Promise<TokenCacheOutcome> {
  const optedIn = existsSync(o.plaintextOptInFile);
  try {
    return { kind: 'plugin', plugin: await o.createCachePlugin({ cacheDir: o.cacheDir, allowPlaintext: optedIn }), plaintext: optedIn };
  } catch (err) {
    if (!(err instanceof SecretStoreUnavailableError)) throw err;
    const choice = await o.askUser(err);
    if (choice === 'quit') return { kind: 'quit' };
    if (choice === 'memoryOnly') return { kind: 'memoryOnly' };
    await writeFile(o.plaintextOptInFile, 'The user chose to keep the token cache in a plaintext file.\n', { mode: 0o600 });
    return { kind: 'plugin', plugin: await o.createCachePlugin({ cacheDir: o.cacheDir, allowPlaintext: true }), plaintext: true };
  }
}

/** The texts of the native dialog (kept here so the composition root stays wiring only). */
export function secretStoreDialog(error: SecretStoreUnavailableError): { title: string; message: string; detail: string; buttons: string[] } {
  return {
    title: 'Herald',
    message: 'No secure place to keep your sign-in',
    detail: `${error.message}\n\n${error.detail}\n\nYou can keep the sign-in in memory only (you sign in again after each restart), or store it in an unencrypted file in your profile — anyone who can read your files can then read it.`,
    buttons: ['Quit', 'Keep in memory only', 'Store unencrypted'],
  };
}

export const SECRET_STORE_CHOICES: readonly SecretStoreChoice[] = ['quit', 'memoryOnly', 'plaintext'];
