// One sign-in at a time, cancellable: the popup's "Cancel" (accounts.cancelSignIn) aborts the
// pending MSAL call through its AbortSignal (the loopback server is answered with
// user_cancelled; device-code polling stops). A new sign-in replaces one still waiting.
import type { AccountManager } from '../accounts/account-manager.ts';
import type { AccountSummary } from '../accounts/account-summary.ts';
import type { AccessMode } from '../accounts/scopes.ts';
import type { HostPorts } from './host-ports.ts';

export type SignInMethod = 'interactive' | 'deviceCode';

export class SignInFlow {
  private pending: AbortController | null = null;

  constructor(
    private readonly accounts: AccountManager,
    private readonly ports: Pick<HostPorts, 'emit'>,
  ) {}

  get inProgress(): boolean {
    return this.pending !== null;
  }

  async run(method: SignInMethod, mode: AccessMode, loginHint?: string): Promise<AccountSummary> {
    this.pending?.abort();
    const controller = new AbortController();
    this.pending = controller;
    try {
      if (method === 'deviceCode') {
        return await this.accounts.signInWithDeviceCode(
          (prompt) => this.ports.emit('signIn.deviceCode', { userCode: prompt.userCode, verificationUri: prompt.verificationUri, expiresAt: prompt.expiresAt.getTime() }),
          { mode, signal: controller.signal },
        );
      }
      return await this.accounts.signInInteractive({ mode, signal: controller.signal, ...(loginHint ? { loginHint } : {}) });
    } finally {
      if (this.pending === controller) this.pending = null;
    }
  }

  /** Aborts the pending sign-in; false when there was none. */
  cancel(): boolean {
    if (!this.pending) return false;
    this.pending.abort();
    this.pending = null;
    return true;
  }
}
