// GET /me and the user photo (https://learn.microsoft.com/graph/api/user-get,
// https://learn.microsoft.com/graph/api/profilephoto-get).
import type { User } from '@microsoft/microsoft-graph-types';
import type { SimUser } from '../users.ts';
import { ok, type GraphResult } from './graph-call.ts';
import { applySelect, parseSelect } from './odata.ts';

/** A 1×1 PNG: enough for a client to show "has a photo" and decode it. */
export const PHOTO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Properties `$select` may name on /me (a subset of Graph's user; others answer 400 as Graph does). */
const USER_PROPERTIES: ReadonlySet<string> = new Set([
  'businessPhones', 'displayName', 'givenName', 'surname', 'jobTitle', 'mail', 'mobilePhone',
  'officeLocation', 'preferredLanguage', 'userPrincipalName', 'id', 'proxyAddresses',
]);

/**
 * GET /me. Without `$select`, Graph's default set; `proxyAddresses` only when selected
 * ("Returned only on $select", https://learn.microsoft.com/graph/api/resources/user), and never
 * for a personal account, which has none. For a personal account v1.0 ignores `$select` and
 * answers the default set ("$select is not currently supported for /me requests for consumer
 * accounts", microsoftgraph/microsoft-graph-docs#2117).
 */
export function profile(user: SimUser, baseUrl: string, version: string, selectParam: string | null = null): GraphResult {
  const [givenName = user.displayName, ...rest] = user.displayName.split(' ');
  const body: User & Record<string, unknown> = {
    '@odata.context': `${baseUrl}/${version}/$metadata#users/$entity`,
    businessPhones: [],
    displayName: user.displayName,
    givenName,
    surname: rest.join(' ') || null,
    jobTitle: user.kind === 'work' ? 'Product Manager' : null,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    userPrincipalName: user.upn,
    id: user.id,
  };
  if (user.kind === 'personal') return ok(body);
  const select = parseSelect(selectParam, USER_PROPERTIES, 'microsoft.graph.user');
  if (!select) return ok(body);
  if (user.proxyAddresses) body.proxyAddresses = [...user.proxyAddresses];
  return ok(applySelect(body, select));
}

export function photoMetadata(user: SimUser, baseUrl: string, version: string): GraphResult {
  return ok({
    '@odata.context': `${baseUrl}/${version}/$metadata#users('${user.id}')/photo/$entity`,
    '@odata.mediaContentType': 'image/png',
    '@odata.mediaEtag': `W/"${user.id.slice(0, 8)}"`,
    id: '1X1',
    height: 1,
    width: 1,
  });
}

export function photoValue(): GraphResult {
  return { status: 200, headers: { 'Content-Type': 'image/png' }, body: PHOTO_PNG };
}
