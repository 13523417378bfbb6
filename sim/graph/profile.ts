// GET /me and the user photo (https://learn.microsoft.com/graph/api/user-get,
// https://learn.microsoft.com/graph/api/profilephoto-get).
import type { User } from '@microsoft/microsoft-graph-types';
import type { SimUser } from '../users.ts';
import { ok, type GraphResult } from './graph-call.ts';

/** A 1×1 PNG: enough for a client to show "has a photo" and decode it. */
export const PHOTO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function profile(user: SimUser, baseUrl: string, version: string): GraphResult {
  const [givenName = user.displayName, ...rest] = user.displayName.split(' ');
  const body: User & Record<string, unknown> = {
    '@odata.context': `${baseUrl}/${version}/$metadata#users/$entity`,
    businessPhones: [],
    displayName: user.displayName,
    givenName,
    surname: rest.join(' ') || null,
    jobTitle: user.kind === 'work' ? 'Product Manager' : null,
    mail: user.upn,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    userPrincipalName: user.upn,
    id: user.id,
  };
  return ok(body);
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
