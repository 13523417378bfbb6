// The simulator's directory: who exists in the tenant. Identity (sign-in, tokens) and Graph
// (mailboxes) both key off these records.
import { randomUUID } from 'node:crypto';

export type AccountKind = 'work' | 'personal';
/** 'notEnabled' / 'notSupported' answer Graph calls with MailboxNotEnabledForRESTAPI / MailboxNotSupportedForRESTAPI. */
export type MailboxState = 'enabled' | 'notEnabled' | 'notSupported';

/** The consumer tenant id Microsoft uses for personal accounts. */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
export const DEFAULT_WORK_TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';

export interface SimUser {
  id: string;
  upn: string;
  displayName: string;
  tenantId: string;
  kind: AccountKind;
  mailboxState: MailboxState;
  /** The primary SMTP address (`/me` `mail`); the UPN unless it was given apart. */
  mail: string;
  /**
   * `/me` `proxyAddresses` (https://learn.microsoft.com/graph/api/resources/user): `SMTP:` the
   * primary, `smtp:` aliases. Work accounts get `SMTP:{mail}` unless given; personal accounts
   * have none (the property is absent from their `/me`).
   */
  proxyAddresses: string[] | null;
}

export class UserDirectory {
  private readonly byId = new Map<string, SimUser>();

  add(input: { upn: string; displayName: string; kind?: AccountKind; tenantId?: string; id?: string; mail?: string; proxyAddresses?: string[] }): SimUser {
    const existing = this.findByUpn(input.upn);
    if (existing) return existing;
    const kind = input.kind ?? (/@(outlook|hotmail|live)\./i.test(input.upn) ? 'personal' : 'work');
    const user: SimUser = {
      id: input.id ?? randomUUID(),
      upn: input.upn.toLowerCase(),
      displayName: input.displayName,
      tenantId: input.tenantId ?? (kind === 'personal' ? CONSUMER_TENANT_ID : DEFAULT_WORK_TENANT_ID),
      kind,
      mailboxState: 'enabled',
      mail: (input.mail ?? input.upn).toLowerCase(),
      proxyAddresses: null,
    };
    user.proxyAddresses = input.proxyAddresses ?? (kind === 'work' ? [`SMTP:${user.mail}`] : null);
    this.byId.set(user.id, user);
    return user;
  }

  list(): SimUser[] {
    return [...this.byId.values()];
  }

  findById(id: string): SimUser | undefined {
    return this.byId.get(id);
  }

  findByUpn(upn: string): SimUser | undefined {
    const wanted = upn.toLowerCase();
    return this.list().find((u) => u.upn === wanted);
  }

  /** The user who receives mail at this address: the UPN, the primary SMTP address or an SMTP alias. */
  findByAddress(address: string): SimUser | undefined {
    const wanted = address.trim().toLowerCase();
    return this.list().find(
      (u) => u.upn === wanted || u.mail === wanted || (u.proxyAddresses ?? []).some((p) => /^smtp:/i.test(p) && p.slice(5).trim().toLowerCase() === wanted),
    );
  }

  /** `users/{id}` accepts the object id or the UPN, as Graph does. */
  resolve(idOrUpn: string): SimUser | undefined {
    return this.findById(idOrUpn) ?? this.findByUpn(decodeURIComponent(idOrUpn));
  }
}
