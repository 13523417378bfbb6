// Which users may sign in through which authority segment, as Entra decides it:
// common = anyone, organizations = work/school only, consumers = personal only,
// a tenant id or domain = members of that tenant.
// https://learn.microsoft.com/entra/identity-platform/msal-client-application-configuration#authority
import type { SimUser } from '../users.ts';

export function userFitsTenant(user: SimUser, tenant: string): boolean {
  const t = tenant.toLowerCase();
  if (t === 'common') return true;
  if (t === 'organizations') return user.kind === 'work';
  if (t === 'consumers') return user.kind === 'personal';
  if (t === user.tenantId.toLowerCase()) return true;
  const domain = user.upn.split('@')[1];
  return domain !== undefined && domain === t;
}

/** Tenant segments the routes accept: the three aliases, a GUID, or a domain name. */
export function isTenantSegment(value: string): boolean {
  return /^(common|organizations|consumers)$/i.test(value) || /^[0-9a-f-]{36}$/i.test(value) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value);
}
