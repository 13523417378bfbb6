// Sign-in and tokens for every account Herald knows, on MSAL Node's PublicClientApplication.
// Authority "common" takes work/school and personal accounts. Interactive sign-in opens the system
// browser (injected) with the loopback redirect; MSAL adds PKCE and response_mode=form_post.
// https://learn.microsoft.com/entra/msal/javascript/node/request (interactive, device code, silent)
import { LogLevel, PublicClientApplication, type AccountInfo, type AuthenticationResult, type Configuration, type ICachePlugin } from '@azure/msal-node';
import { systemClock, type Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { summarize, type AccountSummary } from './account-summary.ts';
import { toAuthRequiredError, WritePermissionRequiredError } from './auth-errors.ts';
import { createIdentityNetworkClient, rewriteIdentityUrl } from './identity-endpoint.ts';
import { LoopbackCancel } from './loopback-cancel.ts';
import { modeFromGrantedScopes, scopesFor, type AccessMode, type WriteAction } from './scopes.ts';
import { AuthRequiredError, type TokenProvider } from './token-provider.ts';

export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/common';

export interface AccountManagerOptions {
  /** The app registration's client id (a public client with the http://localhost redirect). */
  clientId: string;
  authority?: string;
  /** Opens the URL in the user's browser; resolves once handed over (not when sign-in ends). */
  openBrowser: (url: string) => Promise<void>;
  /** The simulator's base URL in demo and tests; undefined in production. */
  identityHostOverride?: string;
  /** From createCachePlugin(); without one the cache lives in memory only. */
  cachePlugin?: ICachePlugin;
  logger?: Logger;
  /** For the device code expiry shown to the user; MSAL itself keeps wall time. */
  clock?: Clock;
  /** Pages the loopback server shows in the browser after sign-in. */
  successPage?: string;
  errorPage?: string;
}

export interface SignInOptions {
  mode?: AccessMode;
  loginHint?: string;
  signal?: AbortSignal;
}

export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  expiresAt: Date;
  /** Microsoft's localized instruction text. */
  message: string;
}

const DEFAULT_SUCCESS_PAGE = '<html><body><h1>Signed in to Herald</h1><p>You can close this window.</p></body></html>';
const DEFAULT_ERROR_PAGE = '<html><body><h1>Herald sign-in did not complete</h1><p>You can close this window and try again from Herald.</p></body></html>';

export class AccountManager implements TokenProvider {
  private readonly pca: PublicClientApplication;
  /** Access mode per account, learned at sign-in or from the cached tokens' scopes. */
  private readonly modes = new Map<string, AccessMode>();

  constructor(private readonly options: AccountManagerOptions) {
    const log = options.logger;
    const config: Configuration = {
      auth: { clientId: options.clientId, authority: options.authority ?? DEFAULT_AUTHORITY },
      system: {
        networkClient: createIdentityNetworkClient(options.identityHostOverride ? { identityHostOverride: options.identityHostOverride } : {}),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (level, message, containsPii) => {
            if (containsPii || !log) return;
            if (level === LogLevel.Error) log.error({ msal: true }, message);
            else log.warn({ msal: true }, message);
          },
        },
      },
      ...(options.cachePlugin ? { cache: { cachePlugin: options.cachePlugin } } : {}),
    };
    this.pca = new PublicClientApplication(config);
  }

  /** Signs a user in through the system browser. Abort the signal to give up waiting. */
  async signInInteractive(options: SignInOptions = {}): Promise<AccountSummary> {
    const mode = options.mode ?? 'readWrite';
    const cancel = new LoopbackCancel(options.signal);
    try {
      const result = await this.pca.acquireTokenInteractive({
        scopes: scopesFor(mode),
        // MSAL drops login_hint when prompt=select_account, so the picker only when there is no hint.
        ...(options.loginHint ? { loginHint: options.loginHint } : { prompt: 'select_account' }),
        successTemplate: this.options.successPage ?? DEFAULT_SUCCESS_PAGE,
        errorTemplate: this.options.errorPage ?? DEFAULT_ERROR_PAGE,
        openBrowser: async (url) => {
          cancel.watch(url);
          if (options.signal?.aborted) return; // the loopback answer above ends the sign-in
          const target = rewriteIdentityUrl(url, this.options.identityHostOverride);
          if (target === null) throw new AuthRequiredError('offline', 'The sign-in page is not on the identity host.');
          await this.options.openBrowser(target);
        },
      });
      return this.accepted(result, 'interactive');
    } catch (err) {
      throw this.failed(err, 'interactive');
    } finally {
      cancel.dispose();
    }
  }

  /** Device code sign-in: `onPrompt` shows the code; abort the signal to stop polling. */
  async signInWithDeviceCode(onPrompt: (prompt: DeviceCodePrompt) => void, options: Omit<SignInOptions, 'loginHint'> = {}): Promise<AccountSummary> {
    const mode = options.mode ?? 'readWrite';
    // MSAL re-reads `cancel` on the request object between polls.
    const request = {
      scopes: scopesFor(mode),
      cancel: false,
      deviceCodeCallback: (response: { userCode: string; verificationUri: string; expiresIn: number; message: string }) => {
        onPrompt({
          userCode: response.userCode,
          verificationUri: response.verificationUri,
          expiresAt: new Date((this.options.clock ?? systemClock).now() + response.expiresIn * 1000),
          message: response.message,
        });
      },
    };
    const onAbort = () => {
      request.cancel = true;
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await this.pca.acquireTokenByDeviceCode(request);
      if (!result) throw new AuthRequiredError('cancelled', 'Sign-in was cancelled.');
      return this.accepted(result, 'deviceCode');
    } catch (err) {
      throw this.failed(err, 'deviceCode');
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  async listAccounts(): Promise<AccountSummary[]> {
    const accounts = await this.pca.getAllAccounts();
    return Promise.all(accounts.map(async (a) => summarize(a, await this.accessMode(a.homeAccountId))));
  }

  async getAccessToken(accountId: string, options: { forceRefresh?: boolean } = {}): Promise<string> {
    const account = await this.findAccount(accountId);
    const mode = await this.accessMode(accountId);
    try {
      const result = await this.pca.acquireTokenSilent({ account, scopes: scopesFor(mode), forceRefresh: options.forceRefresh === true });
      return result.accessToken;
    } catch (err) {
      throw this.failed(err, 'silent');
    }
  }

  /** The access mode of an account: from sign-in, else from the scopes of its cached tokens. */
  async accessMode(accountId: string): Promise<AccessMode> {
    const known = this.modes.get(accountId);
    if (known) return known;
    await this.pca.getAllAccounts(); // loads the persisted cache into memory
    const mode = modeFromCachedScopes(this.pca.getTokenCache().serialize(), accountId) ?? 'readWrite';
    this.modes.set(accountId, mode);
    return mode;
  }

  /** Throws WritePermissionRequiredError when the account was signed in read-only. */
  async assertCanWrite(accountId: string, action: WriteAction): Promise<void> {
    if ((await this.accessMode(accountId)) === 'readOnly') throw new WritePermissionRequiredError(accountId, action);
  }

  /** Removes the account and its tokens from the cache (persisted by the plugin). */
  async signOut(accountId: string): Promise<void> {
    const account = await this.pca.getTokenCache().getAccountByHomeId(accountId);
    this.modes.delete(accountId);
    if (!account) return;
    await this.pca.signOut({ account });
    this.options.logger?.info({ accountId }, 'signed out');
  }

  private async findAccount(accountId: string): Promise<AccountInfo> {
    const account = await this.pca.getTokenCache().getAccountByHomeId(accountId);
    if (!account) throw new AuthRequiredError('needsSignIn', 'This account is not signed in. Sign in again to use it.', 'no_account');
    return account;
  }

  private accepted(result: AuthenticationResult, flow: string): AccountSummary {
    if (!result.account) throw new AuthRequiredError('needsSignIn', 'Sign-in did not return an account.', 'no_account');
    const mode = modeFromGrantedScopes(result.scopes);
    this.modes.set(result.account.homeAccountId, mode);
    const summary = summarize(result.account, mode);
    this.options.logger?.info({ accountId: summary.id, kind: summary.kind, mode, flow }, 'signed in');
    return summary;
  }

  private failed(err: unknown, flow: string): unknown {
    const mapped = toAuthRequiredError(err);
    if (mapped instanceof AuthRequiredError) this.options.logger?.warn({ flow, problem: mapped.problem, errorCode: mapped.code }, 'authentication needs the user');
    return mapped;
  }
}

/** Reads the granted scopes of an account's cached access tokens from MSAL's serialized cache. */
function modeFromCachedScopes(serializedCache: string, accountId: string): AccessMode | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(serializedCache);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const tokens = (parsed as { AccessToken?: Record<string, { home_account_id?: string; target?: string }> }).AccessToken ?? {};
  const scopes = Object.values(tokens)
    .filter((t) => t.home_account_id === accountId)
    .flatMap((t) => (t.target ?? '').split(' '));
  return scopes.length > 0 ? modeFromGrantedScopes(scopes) : undefined;
}
