// The account's own addresses, so that mail it sent (to itself, or with itself in Cc) never
// notifies. The sign-in name (UPN) is not enough: the primary SMTP address often differs from it
// (a renamed user, a vanity domain), work accounts have aliases, and a personal account signed in
// with a non-Outlook address has an Outlook mailbox address besides.
//
// https://learn.microsoft.com/graph/api/resources/user: `mail` is the primary SMTP address,
// `userPrincipalName` the sign-in name, and `proxyAddresses` (returned only on `$select`; work
// and school accounts) every address the mailbox receives at, prefixed by type: `SMTP:` the
// primary, `smtp:` the others, and non-mail types such as `X500:` or `SIP:` that are skipped.
// Any of the three may be absent or null (personal accounts have no proxyAddresses).
import { z } from 'zod';
import type { GraphRequest, GraphResponse } from '../graph/graph-request.ts';
import { GraphError, errorFromResponse } from '../graph/graph-errors.ts';

/** Fetched again after this long (addresses change rarely: once a day, never per poll). */
export const SELF_ADDRESSES_REFRESH_MS = 24 * 60 * 60_000;
/** After a failed fetch, tried again no sooner than this (the UPN stands in meanwhile). */
export const SELF_ADDRESSES_RETRY_MS = 15 * 60_000;

export const SELF_ADDRESSES_PATH = '/me?$select=mail,userPrincipalName,proxyAddresses';

export function selfAddressesRequest(): GraphRequest {
  return { method: 'GET', url: SELF_ADDRESSES_PATH };
}

const meSchema = z.object({
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  proxyAddresses: z.array(z.unknown()).nullish(),
});

const SMTP_PREFIX = /^smtp:/i;

/** Lower-cased, trimmed, de-duplicated; only values that look like an address. */
export function normalizeAddresses(values: readonly (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    const address = value?.trim().toLowerCase();
    if (address && /^[^@\s]+@[^@\s]+$/.test(address)) out.add(address);
  }
  return [...out];
}

/**
 * The addresses in a `/me` answer. A non-2xx throws its GraphError; a body that is not a user
 * object throws `malformedResponse`.
 */
export function parseSelfAddresses(res: GraphResponse, now: number): string[] {
  if (res.status < 200 || res.status > 299) throw errorFromResponse(res, now);
  const me = meSchema.safeParse(res.body);
  if (!me.success) throw new GraphError({ kind: 'malformedResponse', status: res.status, code: 'malformedResponse', message: 'The /me answer is not a user' });
  const proxies = (me.data.proxyAddresses ?? [])
    .filter((p): p is string => typeof p === 'string' && SMTP_PREFIX.test(p.trim()))
    .map((p) => p.trim().replace(SMTP_PREFIX, ''));
  return normalizeAddresses([me.data.mail, me.data.userPrincipalName, ...proxies]);
}
