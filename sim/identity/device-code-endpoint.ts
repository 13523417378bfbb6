// POST /{tenant}/oauth2/v2.0/devicecode — starts the device code flow.
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code#device-authorization-response
import { oauthError, type OAuthError } from './oauth-errors.ts';
import { parseScopeParam } from './scopes.ts';
import type { IdentityState } from './state.ts';

export const DEVICE_LOGIN_URI = 'https://microsoft.com/devicelogin';

export type DeviceCodeResult = { ok: true; body: Record<string, string | number> } | { ok: false; error: OAuthError };

export function handleDeviceCodeRequest(ids: IdentityState, form: URLSearchParams): DeviceCodeResult {
  const clientId = form.get('client_id');
  if (!clientId) return { ok: false, error: oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.") };
  const scopes = parseScopeParam(form.get('scope'));
  if (scopes.length === 0) return { ok: false, error: oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.") };
  const record = ids.deviceCodes.create(clientId, scopes, ids.settings.deviceCodeLifetimeSeconds);
  return {
    ok: true,
    body: {
      user_code: record.userCode,
      device_code: record.deviceCode,
      verification_uri: DEVICE_LOGIN_URI,
      expires_in: ids.settings.deviceCodeLifetimeSeconds,
      interval: ids.settings.deviceCodeIntervalSeconds,
      message: `To sign in, use a web browser to open the page ${DEVICE_LOGIN_URI} and enter the code ${record.userCode} to authenticate.`,
    },
  };
}
