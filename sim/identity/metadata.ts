// OpenID Provider metadata and instance discovery, shaped like Entra's answers. Endpoints name
// login.microsoftonline.com: the simulator stands in for that host, and clients reach it through
// a host rewrite (MSAL's networkClient), so the URLs they follow are the real ones.
// https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
import { ENTRA_HOST } from './id-token.ts';

export function openIdConfiguration(tenant: string): Record<string, unknown> {
  const base = `${ENTRA_HOST}/${tenant}`;
  const aliasTenant = /^(common|organizations|consumers)$/i.test(tenant);
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: aliasTenant ? `${ENTRA_HOST}/{tenantid}/v2.0` : `${ENTRA_HOST}/${tenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** GET /common/discovery/instance?api-version=1.1&authorization_endpoint=… (MSAL's cloud discovery). */
export function instanceDiscovery(authorizationEndpoint: string | null): Record<string, unknown> {
  let tenant = 'common';
  if (authorizationEndpoint) {
    try {
      tenant = new URL(authorizationEndpoint).pathname.split('/').filter(Boolean)[0] ?? 'common';
    } catch {
      tenant = 'common';
    }
  }
  return {
    tenant_discovery_endpoint: `${ENTRA_HOST}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [
      {
        preferred_network: 'login.microsoftonline.com',
        preferred_cache: 'login.windows.net',
        aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
      },
    ],
  };
}
