// MSAL Node's interactive sign-in waits on its loopback server until the browser posts back, and
// has no cancel of its own: a user who closes the browser tab would leave it waiting forever.
// To cancel, we answer the loopback server ourselves, exactly as the identity platform would
// report an error (form_post with `error` and the request's `state`); MSAL then settles with a
// ServerError('user_cancelled') and closes its server.
export class LoopbackCancel {
  private redirect: { uri: string; state: string } | undefined;
  private requested = false;
  private readonly onAbort = () => {
    this.requested = true;
    void this.fire();
  };

  constructor(private readonly signal: AbortSignal | undefined) {
    if (signal?.aborted) this.requested = true;
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Called with the authorize URL MSAL built: it names the loopback redirect and the state. */
  watch(authorizeUrl: string): void {
    const params = new URL(authorizeUrl).searchParams;
    const uri = params.get('redirect_uri');
    const state = params.get('state');
    if (uri && state) this.redirect = { uri: uri.replace('://localhost:', '://127.0.0.1:'), state };
    if (this.requested) void this.fire();
  }

  dispose(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.redirect = undefined;
  }

  private async fire(): Promise<void> {
    const target = this.redirect;
    if (!target) return;
    this.redirect = undefined;
    try {
      await fetch(target.uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ error: 'user_cancelled', error_description: 'Sign-in was cancelled in Herald.', state: target.state }).toString(),
      });
    } catch {
      // The loopback server is already gone: the sign-in finished or failed on its own.
    }
  }
}
