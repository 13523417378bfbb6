import { describe, expect, it } from 'vitest';
import { GraphError } from '../../main/core/graph/graph-errors.ts';
import type { GraphResponse } from '../../main/core/graph/graph-request.ts';
import { SELF_ADDRESSES_PATH, SELF_ADDRESSES_REFRESH_MS, SELF_ADDRESSES_RETRY_MS, normalizeAddresses, parseSelfAddresses, selfAddressesRequest } from '../../main/core/mail/self-addresses.ts';
import { SelfAddressBook } from '../../main/core/mail/self-address-book.ts';
import { accountSyncStateSchema } from '../../main/core/engine/account-sync-state.ts';
import { freshAccountSyncState } from '../../main/core/engine/account-sync.ts';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const ok = (body: unknown): GraphResponse => ({ status: 200, headers: {}, body });

describe('parseSelfAddresses', () => {
  it('asks /me for exactly the three address properties', () => {
    expect(selfAddressesRequest()).toEqual({ method: 'GET', url: SELF_ADDRESSES_PATH });
    expect(SELF_ADDRESSES_PATH).toBe('/me?$select=mail,userPrincipalName,proxyAddresses');
  });

  it('takes mail, the UPN and every SMTP proxy address (primary and aliases), lower-cased, once each', () => {
    const addresses = parseSelfAddresses(
      ok({
        mail: 'Ada.Lovelace@Contoso.example',
        userPrincipalName: 'ada@contoso.onmicrosoft.example',
        proxyAddresses: ['SMTP:ada.lovelace@contoso.example', 'smtp:ada@contoso.example', ' smtp: countess@contoso.example', 'X500:/o=Contoso/ou=Exchange/cn=ada', 'SIP:ada@contoso.example'],
      }),
      NOW,
    );
    expect(addresses.sort()).toEqual(['ada.lovelace@contoso.example', 'ada@contoso.example', 'ada@contoso.onmicrosoft.example', 'countess@contoso.example'].sort());
  });

  it('copes with a personal account: no proxyAddresses, mail null', () => {
    expect(parseSelfAddresses(ok({ mail: null, userPrincipalName: 'ada@gmail.example' }), NOW)).toEqual(['ada@gmail.example']);
    expect(parseSelfAddresses(ok({ id: 'x' }), NOW)).toEqual([]);
    expect(parseSelfAddresses(ok({ mail: 'ada@outlook.example', proxyAddresses: null }), NOW)).toEqual(['ada@outlook.example']);
  });

  it('throws the GraphError of a failed answer', () => {
    const res: GraphResponse = { status: 503, headers: { 'retry-after': '5' }, body: { error: { code: 'ServiceNotAvailable', message: 'down' } } };
    expect(() => parseSelfAddresses(res, NOW)).toThrow(GraphError);
  });

  it('throws malformedResponse for a body that is not a user', () => {
    let caught: unknown;
    try {
      parseSelfAddresses(ok({ mail: 42 }), NOW);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GraphError);
    expect((caught as GraphError).code).toBe('malformedResponse');
    expect(() => parseSelfAddresses(ok('not json'), NOW)).toThrow(GraphError);
  });

  it('normalizeAddresses drops blanks and what is not an address', () => {
    expect(normalizeAddresses([' A@B.example ', 'a@b.example', '', null, undefined, 'no-at-sign', 'two words@x.example'])).toEqual(['a@b.example']);
  });
});

describe('SelfAddressBook', () => {
  const me = ok({ mail: 'ada.lovelace@contoso.example', userPrincipalName: 'ada@contoso.example', proxyAddresses: ['SMTP:ada.lovelace@contoso.example', 'smtp:countess@contoso.example'] });

  it('asks /me until it answers, then once a day; the sign-in name always counts', () => {
    const book = new SelfAddressBook(['Ada@Contoso.example']);
    expect(book.addresses).toEqual(['ada@contoso.example']);
    expect(book.requestIfDue(NOW)).toEqual(selfAddressesRequest());
    expect(book.apply(me, NOW)).toEqual({ ok: true });
    expect(book.addresses.sort()).toEqual(['ada.lovelace@contoso.example', 'ada@contoso.example', 'countess@contoso.example']);
    expect(book.requestIfDue(NOW + 60_000)).toBeNull();
    expect(book.requestIfDue(NOW + SELF_ADDRESSES_REFRESH_MS - 1)).toBeNull();
    expect(book.requestIfDue(NOW + SELF_ADDRESSES_REFRESH_MS)).not.toBeNull();
    // The clock went back past the answer (NTP, the user): ask again rather than wait a year.
    expect(book.requestIfDue(NOW - 60 * 60_000)).not.toBeNull();
  });

  it('after a failure keeps what it knew and waits before asking again', () => {
    const book = new SelfAddressBook(['ada@contoso.example'], { addresses: ['countess@contoso.example'], fetchedAt: NOW - SELF_ADDRESSES_REFRESH_MS });
    expect(book.requestIfDue(NOW)).not.toBeNull();
    const failed = book.apply({ status: 503, headers: {}, body: { error: { code: 'ServiceNotAvailable', message: 'down' } } }, NOW);
    expect(failed.ok).toBe(false);
    expect(book.addresses.sort()).toEqual(['ada@contoso.example', 'countess@contoso.example']);
    expect(book.requestIfDue(NOW + SELF_ADDRESSES_RETRY_MS - 1)).toBeNull();
    expect(book.requestIfDue(NOW + SELF_ADDRESSES_RETRY_MS)).not.toBeNull();
  });

  it('its state round-trips through the account state schema, and a file without it still loads', () => {
    const book = new SelfAddressBook(['ada@contoso.example']);
    book.apply(me, NOW);
    const withIt = accountSyncStateSchema.parse({ ...freshAccountSyncState(), selfAddresses: JSON.parse(JSON.stringify(book.state)) });
    expect(new SelfAddressBook(['ada@contoso.example'], withIt.selfAddresses).addresses).toEqual(book.addresses);
    expect(accountSyncStateSchema.parse(freshAccountSyncState()).selfAddresses).toBeUndefined();
    expect(accountSyncStateSchema.safeParse({ ...freshAccountSyncState(), selfAddresses: { addresses: 'ada' } }).success).toBe(false);
  });
});
