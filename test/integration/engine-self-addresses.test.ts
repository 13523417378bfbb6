// "Not sent by the account itself" means any of the mailbox's addresses, not only the sign-in
// name: the engine reads /me (mail, userPrincipalName, proxyAddresses) once, keeps the answer in
// the account's state, and refreshes it daily. Real engine and simulator over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { SELF_ADDRESSES_REFRESH_MS, SELF_ADDRESSES_RETRY_MS } from '../../main/core/mail/self-addresses.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';

const UPN = 'ada@contoso.onmicrosoft.example';
const PRIMARY = 'ada.lovelace@contoso.example';
const ALIAS = 'countess@contoso.example';
const OTHER = { name: 'Grace Hopper', address: 'grace@fabrikam.example' };

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

async function adaWithAliases(): Promise<void> {
  h = await startEngineHarness();
  const user = await h.admin.addUser({ upn: UPN, displayName: 'Ada Lovelace', mail: PRIMARY, proxyAddresses: [`SMTP:${PRIMARY}`, `smtp:${ALIAS}`, 'X500:/o=Contoso/cn=ada'] });
  expect(user).toMatchObject({ upn: UPN, mail: PRIMARY });
  await h.addAccount(UPN, 'Ada Lovelace');
}

const mailShownIds = () => h.sink.ofType('mail').map((i) => i.messageId);
const meRequests = async () => (await h.admin.requests()).filter((r) => r.path.startsWith('/v1.0/me?'));

describe('engine: mail the account sent itself never notifies', () => {
  it("mail from the mailbox's primary address or an alias (not its UPN) does not notify; mail from others does", async () => {
    await adaWithAliases();
    await h.cycle();
    await h.clock.advance(30_000);
    await h.deliver(UPN, { subject: 'Note to self', from: { name: 'Ada Lovelace', address: ALIAS.toUpperCase() } });
    await h.deliver(UPN, { subject: 'Cc myself', from: { name: 'Ada Lovelace', address: PRIMARY } });
    await h.deliver(UPN, { subject: 'From my sign-in name', from: { name: 'Ada Lovelace', address: UPN } });
    const fromOther = await h.deliver(UPN, { subject: 'Lunch?', from: OTHER });
    await h.cycle();
    expect(mailShownIds()).toEqual([fromOther]);
  });

  it('mail sent through Graph to oneself (from = the primary address) does not notify', async () => {
    await adaWithAliases();
    await h.cycle();
    const { accessToken } = await h.admin.token(UPN);
    const graph = new SimGraphClient(h.sim.url, accessToken);
    const sent = await graph.request('POST', '/me/sendMail', {
      body: { message: { subject: 'Reminder to self', body: { contentType: 'HTML', content: '<p>milk</p>' }, toRecipients: [{ emailAddress: { address: ALIAS } }] } },
    });
    expect(sent.status).toBe(202);
    await h.clock.advance(30_000);
    await h.cycle();
    expect(h.engine.account(UPN)?.items.map((m) => m.subject)).toContain('Reminder to self');
    expect(h.sink.shown).toEqual([]);
  });

  it('a personal account signed in with a non-Outlook address: mail from its Outlook address does not notify', async () => {
    h = await startEngineHarness();
    const signIn = 'ada@gmail.example';
    const outlook = 'ada.l@outlook.example';
    await h.admin.addUser({ upn: signIn, displayName: 'Ada', kind: 'personal', mail: outlook });
    await h.addAccount(signIn, 'Ada');
    await h.cycle();
    await h.clock.advance(30_000);
    await h.deliver(signIn, { subject: 'Sent from my phone to myself', from: { name: 'Ada', address: outlook } });
    const fromOther = await h.deliver(signIn, { subject: 'Hello', from: OTHER });
    await h.cycle();
    expect(mailShownIds()).toEqual([fromOther]);
  });

  it('asks /me once a day, not every poll', async () => {
    await adaWithAliases();
    await h.admin.clearRequests();
    for (let i = 0; i < 3; i += 1) {
      await h.cycle();
      await h.clock.advance(60_000);
    }
    expect((await meRequests()).length, 'three polls').toBe(1);
    await h.clock.advance(SELF_ADDRESSES_REFRESH_MS);
    await h.cycle();
    await h.cycle();
    expect((await meRequests()).length, 'a day later').toBe(2);
  });

  it('keeps the addresses across a restart without asking /me again', async () => {
    await adaWithAliases();
    await h.cycle();
    await h.admin.clearRequests();
    await h.restart();
    // Offline for /me: a restart must still know the aliases.
    await h.admin.addFault({ kind: '503', pathRegex: '/me\\?', retryAfterSeconds: 1 });
    await h.clock.advance(30_000);
    await h.deliver(UPN, { subject: 'Alias after restart', from: { name: 'Ada', address: ALIAS } });
    const fromOther = await h.deliver(UPN, { subject: 'Other after restart', from: OTHER });
    await h.cycle();
    expect(await meRequests()).toEqual([]);
    expect(mailShownIds()).toEqual([fromOther]);
  });

  it('runs on the UPN while /me fails (503) at start, and reads /me later', async () => {
    h = await startEngineHarness();
    await h.admin.addUser({ upn: UPN, displayName: 'Ada Lovelace', mail: PRIMARY, proxyAddresses: [`SMTP:${PRIMARY}`, `smtp:${ALIAS}`] });
    const fault = await h.admin.addFault({ kind: '503', pathRegex: '/me\\?', retryAfterSeconds: 1 });
    await h.addAccount(UPN, 'Ada Lovelace');
    const [baseline] = await h.cycle();
    expect(baseline?.state.kind, '/me failing must not fail the cycle').toBe('ok');
    expect((await h.admin.faults()).find((f) => f.id === fault.id)?.hits, 'the fault never hit /me').toBeGreaterThan(0);

    await h.clock.advance(30_000);
    await h.deliver(UPN, { subject: 'From the UPN', from: { name: 'Ada', address: UPN } });
    const fromOther = await h.deliver(UPN, { subject: 'From someone else', from: OTHER });
    await h.admin.clearRequests();
    await h.cycle();
    expect(mailShownIds()).toEqual([fromOther]);
    expect(await meRequests(), '/me is asked again only after a pause, not every poll').toEqual([]);

    await h.admin.clearFaults();
    await h.clock.advance(SELF_ADDRESSES_RETRY_MS);
    await h.cycle();
    expect((await meRequests()).map((r) => r.status)).toEqual([200]);
    await h.clock.advance(30_000);
    await h.deliver(UPN, { subject: 'From the alias, now known', from: { name: 'Ada', address: ALIAS } });
    await h.cycle();
    expect(mailShownIds()).toEqual([fromOther]);
  });
});

describe('simulator: /me addresses', () => {
  it('answers mail, userPrincipalName and proxyAddresses per $select; personal accounts have no proxyAddresses', async () => {
    h = await startEngineHarness();
    await h.admin.addUser({ upn: UPN, displayName: 'Ada Lovelace', mail: PRIMARY, proxyAddresses: [`SMTP:${PRIMARY}`, `smtp:${ALIAS}`] });
    await h.admin.addUser({ upn: 'bea@outlook.example', displayName: 'Bea' });
    await h.admin.addUser({ upn: 'cy@contoso.example', displayName: 'Cy' });
    const me = async (upn: string, query: string) => {
      const graph = new SimGraphClient(h.sim.url, (await h.admin.token(upn)).accessToken);
      return graph.get(`/me${query}`);
    };

    const ada = await me(UPN, '?$select=mail,userPrincipalName,proxyAddresses');
    expect(ada.status).toBe(200);
    expect(ada.body).toMatchObject({ mail: PRIMARY, userPrincipalName: UPN, proxyAddresses: [`SMTP:${PRIMARY}`, `smtp:${ALIAS}`] });
    const plain = await me(UPN, '');
    expect(plain.body).toMatchObject({ mail: PRIMARY, userPrincipalName: UPN });
    expect(plain.body).not.toHaveProperty('proxyAddresses');

    // A personal account: v1.0 ignores $select on /me and answers the default set.
    const bea = await me('bea@outlook.example', '?$select=mail,userPrincipalName,proxyAddresses');
    expect(bea.body).toMatchObject({ mail: 'bea@outlook.example', userPrincipalName: 'bea@outlook.example', displayName: 'Bea' });
    expect(bea.body).not.toHaveProperty('proxyAddresses');
    // A work account given no addresses: mail = UPN, one primary proxy address.
    expect((await me('cy@contoso.example', '?$select=proxyAddresses')).body).toMatchObject({ proxyAddresses: ['SMTP:cy@contoso.example'] });

    expect((await me(UPN, '?$select=mail,shoeSize')).status).toBe(400);
  });

  it('rejects a user whose mail or proxy addresses are not addresses, naming the field', async () => {
    h = await startEngineHarness();
    const post = (body: unknown) => fetch(`${h.sim.url}/_admin/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const badMail = await post({ upn: 'dee@contoso.example', displayName: 'Dee', mail: 'not an address' });
    expect(badMail.status).toBe(400);
    expect(JSON.stringify(await badMail.json())).toContain('mail');
    const badProxy = await post({ upn: 'dee@contoso.example', displayName: 'Dee', proxyAddresses: ['dee@contoso.example'] });
    expect(badProxy.status).toBe(400);
    expect(JSON.stringify(await badProxy.json())).toContain('proxyAddresses');
  });
});
