// The identity host rewrite used to point MSAL and the browser at the simulator.
import { AuthError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { createIdentityNetworkClient, IdentityEndpointError, rewriteIdentityUrl } from '../../main/core/accounts/identity-endpoint.ts';
import { modeFromGrantedScopes, permissionFor, scopesFor } from '../../main/core/accounts/scopes.ts';

const SIM = 'http://127.0.0.1:4010';

describe('rewriteIdentityUrl', () => {
  it('leaves URLs alone in production (no override)', () => {
    const url = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
    expect(rewriteIdentityUrl(url, undefined)).toBe(url);
  });

  it('rewrites the identity host and its aliases, keeping path and query', () => {
    expect(rewriteIdentityUrl('https://login.microsoftonline.com/common/oauth2/v2.0/authorize?a=1&b=%20', SIM)).toBe(`${SIM}/common/oauth2/v2.0/authorize?a=1&b=%20`);
    expect(rewriteIdentityUrl('https://login.windows.net/common/discovery/instance?x=y', SIM)).toBe(`${SIM}/common/discovery/instance?x=y`);
    expect(rewriteIdentityUrl(`${SIM}/common/oauth2/v2.0/token`, SIM)).toBe(`${SIM}/common/oauth2/v2.0/token`);
  });

  it('refuses other hosts while an override is set, so nothing reaches the internet', () => {
    expect(rewriteIdentityUrl('https://graph.microsoft.com/v1.0/me', SIM)).toBeNull();
    expect(rewriteIdentityUrl('http://login.microsoftonline.com/common', SIM)).toBeNull();
    expect(rewriteIdentityUrl('not a url', SIM)).toBeNull();
  });

  it('rejects an override that is not an http(s) URL with a typed error', () => {
    expect(() => rewriteIdentityUrl('https://login.microsoftonline.com/x', 'nonsense')).toThrow(IdentityEndpointError);
    expect(() => createIdentityNetworkClient({ identityHostOverride: 'ftp://127.0.0.1:1' })).toThrow(IdentityEndpointError);
  });

  it('the network client refuses a foreign host with an MSAL network error instead of calling it', async () => {
    const client = createIdentityNetworkClient({ identityHostOverride: SIM });
    const err = await client.sendGetRequestAsync('https://example.com/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ errorCode: 'network_error' });
  });
});

describe('scopes', () => {
  it('read-write and read-only scope sets', () => {
    expect(scopesFor('readWrite')).toEqual(['User.Read', 'Mail.ReadWrite', 'Mail.Send', 'Calendars.ReadWrite', 'offline_access']);
    expect(scopesFor('readOnly')).toEqual(['User.Read', 'Mail.Read', 'Calendars.Read', 'offline_access']);
  });

  it('derives the mode from granted scopes, short or fully qualified', () => {
    expect(modeFromGrantedScopes(['https://graph.microsoft.com/Mail.ReadWrite', 'Calendars.ReadWrite'])).toBe('readWrite');
    expect(modeFromGrantedScopes(['Mail.Read', 'Calendars.Read', 'openid'])).toBe('readOnly');
    expect(modeFromGrantedScopes(['Mail.ReadWrite'])).toBe('readOnly');
  });

  it('names the permission a write action needs', () => {
    expect(permissionFor('sendMail')).toBe('Mail.Send');
    expect(permissionFor('markRead')).toBe('Mail.ReadWrite');
    expect(permissionFor('dismissReminder')).toBe('Calendars.ReadWrite');
  });
});
