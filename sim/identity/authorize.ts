// GET /{tenant}/oauth2/v2.0/authorize — the browser leg of the authorization code flow.
// There is no login UI: the signed-in user and the outcome are decided by login_hint and the
// admin script, and the answer is what Entra's last page does: for response_mode=form_post an
// HTML page that auto-POSTs code + state to the redirect URI, for query a 302.
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
import type { ServerResponse } from 'node:http';
import { sendText } from '../http.ts';
import type { SimUser } from '../users.ts';
import { graphScopes, parseScopeParam } from './scopes.ts';
import type { IdentityState, SignInOutcome } from './state.ts';
import { userFitsTenant } from './tenants.ts';

type AuthorizeAnswer = Record<string, string>;

/** Native apps use the loopback redirect: any port, http, localhost or 127.0.0.1 (RFC 8252 §7.3). */
export function isLoopbackRedirect(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1') && url.port !== '';
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page Entra ends a form_post sign-in with: a hidden form the browser submits on load. */
export function formPostPage(action: string, fields: AuthorizeAnswer): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}" />`)
    .join('');
  return (
    '<html><head><title>Working...</title></head>' +
    '<body onload="document.forms[0].submit()">' +
    `<form method="POST" name="hiddenform" action="${escapeHtml(action)}">${inputs}` +
    '<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript>' +
    '</form></body></html>'
  );
}

function errorPage(res: ServerResponse, aadsts: string, message: string): number {
  sendText(res, 400, `<html><body><h1>Sign in</h1><p>${escapeHtml(aadsts)}: ${escapeHtml(message)}</p></body></html>`, 'text/html; charset=utf-8');
  return 400;
}

function answer(res: ServerResponse, redirectUri: string, responseMode: string, fields: AuthorizeAnswer): number {
  if (responseMode === 'form_post') {
    sendText(res, 200, formPostPage(redirectUri, fields), 'text/html; charset=utf-8');
    return 200;
  }
  const target = new URL(redirectUri);
  for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
  res.writeHead(302, { location: target.toString(), 'content-length': 0 });
  res.end();
  return 302;
}

function outcomeError(outcome: Exclude<SignInOutcome, 'consent'>): AuthorizeAnswer {
  switch (outcome) {
    case 'cancel':
      // Entra marks a user backing out with error_subcode=cancel. MSAL Node does not pass the
      // subcode on, so the description carries no AADSTS65004 (that one means "declined consent").
      return { error: 'access_denied', error_subcode: 'cancel', error_description: 'The user has cancelled the sign-in.' };
    case 'consentDenied':
      return { error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.' };
    case 'adminConsentRequired':
      return {
        error: 'consent_required',
        error_description:
          'AADSTS90094: The grant requires admin permission. AADSTS65001: The user or administrator has not consented to use the application. An administrator of the tenant must approve it.',
      };
  }
}

function chooseUser(ids: IdentityState, loginHint: string | null, scriptedUpn: string | undefined): SimUser | undefined {
  const upn = loginHint ?? scriptedUpn;
  if (upn) return ids.ctx.users.findByUpn(upn);
  return ids.ctx.users.list()[0];
}

/** Handles the request and returns the HTTP status it answered (for the request log). */
export function handleAuthorize(ids: IdentityState, tenant: string, url: URL, res: ServerResponse): number {
  const q = url.searchParams;
  const clientId = q.get('client_id');
  const redirectUri = q.get('redirect_uri');
  // Without a valid client or redirect URI Entra cannot send the user back: it shows an error page.
  if (!clientId) return errorPage(res, 'AADSTS900144', "The request body must contain the following parameter: 'client_id'.");
  if (!redirectUri || !isLoopbackRedirect(redirectUri)) {
    return errorPage(res, 'AADSTS50011', `The redirect URI '${redirectUri ?? ''}' specified in the request does not match the redirect URIs configured for the application (http://localhost loopback).`);
  }
  const responseMode = q.get('response_mode') ?? 'query';
  if (responseMode !== 'query' && responseMode !== 'form_post') {
    return errorPage(res, 'AADSTS900131', `response_mode '${responseMode}' is not supported by the simulator (use query or form_post).`);
  }
  const oauthState = q.get('state');
  const withState = (fields: AuthorizeAnswer): AuthorizeAnswer => (oauthState === null ? fields : { ...fields, state: oauthState });
  const fail = (error: string, description: string) => answer(res, redirectUri, responseMode, withState({ error, error_description: description }));

  if (q.get('response_type') !== 'code') return fail('unsupported_response_type', "AADSTS700054: response_type 'code' is required.");
  const challenge = q.get('code_challenge');
  if (!challenge) return fail('invalid_request', 'AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.');
  if ((q.get('code_challenge_method') ?? 'plain') !== 'S256') return fail('invalid_request', 'AADSTS501491: Invalid code_challenge_method: only S256 is accepted.');
  const requestedScopes = parseScopeParam(q.get('scope'));
  if (requestedScopes.length === 0) return fail('invalid_request', "AADSTS900144: The request body must contain the following parameter: 'scope'.");

  // The script is consumed by this sign-in whatever happens next.
  const scripted = ids.nextSignIn;
  ids.nextSignIn = null;
  const user = chooseUser(ids, q.get('login_hint'), scripted?.upn);
  if (!user) return fail('invalid_request', 'AADSTS50034: The user account does not exist in the directory.');
  if (!userFitsTenant(user, tenant)) {
    return fail('invalid_request', `AADSTS50020: User account '${user.upn}' does not exist in tenant '${tenant}' and cannot access the application in that tenant.`);
  }
  const outcome = scripted?.outcome ?? 'consent';
  if (outcome !== 'consent') return answer(res, redirectUri, responseMode, withState(outcomeError(outcome)));

  ids.tokens.grantConsent(user.id, clientId, graphScopes(requestedScopes));
  const nonce = q.get('nonce');
  const code = ids.tokens.issueCode({
    userId: user.id,
    clientId,
    redirectUri,
    codeChallenge: challenge,
    requestedScopes,
    ...(nonce ? { nonce } : {}),
  });
  return answer(res, redirectUri, responseMode, withState({ code }));
}
