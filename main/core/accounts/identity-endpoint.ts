// Where MSAL's HTTP goes. In production nothing is rewritten. In the demo and tests the
// identity host (login.microsoftonline.com and its aliases) is rewritten to the simulator, both
// for MSAL's own requests (through MSAL's `system.networkClient` hook, so MSAL itself runs
// unmodified) and for the authorize URL handed to the browser. With an override set, any other
// host is refused, so MSAL never reaches the internet (instance discovery, metadata, telemetry).
// https://learn.microsoft.com/entra/msal/javascript/node/configuration#system-config-options
import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';

export const ENTRA_AUTHORITY_HOST = 'login.microsoftonline.com';
/** Hosts that are the same identity service (MSAL's cloud discovery aliases for the public cloud). */
const ENTRA_ALIASES = new Set([ENTRA_AUTHORITY_HOST, 'login.windows.net', 'login.microsoft.com', 'sts.windows.net']);

export interface IdentityEndpointOptions {
  /** e.g. http://127.0.0.1:4010 — the simulator. Undefined in production. */
  identityHostOverride?: string;
}

export class IdentityEndpointError extends Error {
  override readonly name = 'IdentityEndpointError';
}

function normalizedOverride(override: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(override);
  } catch {
    throw new IdentityEndpointError(`identityHostOverride is not a URL: ${override}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new IdentityEndpointError(`identityHostOverride must be http(s): ${override}`);
  }
  return parsed;
}

/**
 * Rewrites an identity-platform URL to the override host. Returns the URL unchanged when there is
 * no override, and null when an override is set but the URL is not the identity platform.
 */
export function rewriteIdentityUrl(url: string, identityHostOverride: string | undefined): string | null {
  if (!identityHostOverride) return url;
  const target = normalizedOverride(identityHostOverride);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin === target.origin) return url;
  if (parsed.protocol !== 'https:' || !ENTRA_ALIASES.has(parsed.hostname.toLowerCase())) return null;
  const basePath = target.pathname.replace(/\/$/, '');
  return `${target.origin}${basePath}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/** MSAL's network module, on fetch, with the identity host rewrite. Errors are MSAL AuthErrors. */
export function createIdentityNetworkClient(options: IdentityEndpointOptions = {}): INetworkModule {
  if (options.identityHostOverride) normalizedOverride(options.identityHostOverride);

  async function send<T>(method: 'GET' | 'POST', url: string, request: NetworkRequestOptions | undefined, timeoutMs?: number): Promise<NetworkResponse<T>> {
    const target = rewriteIdentityUrl(url, options.identityHostOverride);
    if (target === null) {
      // Never a real network call while pointed at a simulator.
      throw new AuthError('network_error', '', `Refused request to ${new URL(url).host}: only the identity host is reachable while identityHostOverride is set`);
    }
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers: request?.headers ?? {},
        ...(method === 'POST' ? { body: request?.body ?? '' } : {}),
        ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : 'unknown';
      throw new AuthError('network_error', '', `Network request failed: ${reason}`);
    }
    let body: T;
    try {
      body = (await response.json()) as T;
    } catch (err) {
      const reason = err instanceof Error ? err.message : 'unknown';
      throw new AuthError('token_parsing_error', '', `Failed to parse response from the identity service (HTTP ${response.status}): ${reason}`);
    }
    return { headers: headerRecord(response.headers), body, status: response.status };
  }

  return {
    sendGetRequestAsync: <T>(url: string, request?: NetworkRequestOptions, timeout?: number) => send<T>('GET', url, request, timeout),
    sendPostRequestAsync: <T>(url: string, request?: NetworkRequestOptions) => send<T>('POST', url, request),
  };
}
