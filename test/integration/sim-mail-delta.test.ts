// Inbox delta against the simulator over HTTP: initial round, paging, incremental changes,
// @removed, $filter windows, $select replay through the tokens, expiry → 410.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';

const DAY = 86_400_000;
const sender = { name: 'Adele Vance', address: 'adelev@contoso.example' };
let sim: RunningSimulator;
let admin: SimAdminClient;
let graph: SimGraphClient;
let upn: string;
let n = 0;

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
});
afterAll(() => sim.close());
beforeEach(async () => {
  upn = `delta${++n}@contoso.example`;
  await admin.addUser({ upn, displayName: `Delta User ${n}` });
  graph = new SimGraphClient(sim.url, (await admin.token(upn)).accessToken);
});

const deltaUrl = (query = '') => `/me/mailFolders('inbox')/messages/delta${query}`;
const ids = (items: Record<string, unknown>[]) => items.map((i) => i['id']);

describe('inbox delta', () => {
  it('pages the initial round newest first, honouring Prefer: odata.maxpagesize', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push((await admin.addMessage(upn, { from: sender, subject: `m${i}`, receivedDateTime: new Date(Date.now() - (5 - i) * 60_000).toISOString() })).id);
    }
    const first = await graph.get(deltaUrl(), { prefer: 'odata.maxpagesize=2' });
    expect(first.status).toBe(200);
    expect(first.headers.get('preference-applied')).toContain('odata.maxpagesize=2');
    expect(first.body['@odata.nextLink']).toMatch(/\$skiptoken=/);
    expect(first.body['@odata.deltaLink']).toBeUndefined();
    const round = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl()}`, { prefer: 'odata.maxpagesize=2' });
    expect(round.pages).toBe(3);
    expect(ids(round.items)).toEqual([...created].reverse());
    expect(round.deltaLink).toMatch(/\$deltatoken=/);
    expect(round.items[0]).toMatchObject({ '@odata.type': '#microsoft.graph.message', subject: 'm4', isRead: false });
  });

  it('returns only changes in later rounds, and @removed for moved-out and deleted messages', async () => {
    const a = await admin.addMessage(upn, { from: sender, subject: 'a' });
    const b = await admin.addMessage(upn, { from: sender, subject: 'b' });
    const c = await admin.addMessage(upn, { from: sender, subject: 'c' });
    const d = await admin.addMessage(upn, { from: sender, subject: 'd' });
    const initial = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl()}`);
    expect(initial.items).toHaveLength(4);

    const idle = await graph.deltaRound(initial.deltaLink);
    expect(idle.items).toEqual([]);

    await admin.patchMessage(upn, a.id, { isRead: true });
    await admin.patchMessage(upn, b.id, { folder: 'archive' });
    await admin.deleteMessage(upn, c.id);
    await admin.patchMessage(upn, d.id, { flagStatus: 'flagged' });
    const e = await admin.addMessage(upn, { from: sender, subject: 'e' });
    const changes = await graph.deltaRound(idle.deltaLink);
    const byId = new Map(changes.items.map((i) => [i['id'], i]));
    expect(byId.get(a.id)).toMatchObject({ isRead: true });
    expect(byId.get(b.id)).toEqual({ '@odata.type': '#microsoft.graph.message', id: b.id, '@removed': { reason: 'deleted' } });
    expect(byId.get(c.id)).toMatchObject({ '@removed': { reason: 'deleted' } });
    expect(byId.get(d.id)).toMatchObject({ flag: { flagStatus: 'flagged' } });
    expect(byId.get(e.id)).toMatchObject({ subject: 'e' });
    expect(changes.items).toHaveLength(5);

    // A message moved back into the inbox comes back as a full item; the id never changed.
    await admin.patchMessage(upn, b.id, { folder: 'inbox' });
    const back = await graph.deltaRound(changes.deltaLink);
    expect(ids(back.items)).toEqual([b.id]);
  });

  it('pages an incremental round too', async () => {
    const initial = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl()}`);
    for (let i = 0; i < 5; i++) await admin.addMessage(upn, { from: sender, subject: `new${i}` });
    const round = await graph.deltaRound(initial.deltaLink, { prefer: 'odata.maxpagesize=2' });
    expect(round.pages).toBe(3);
    expect(round.items.map((i) => i['subject']).sort()).toEqual(['new0', 'new1', 'new2', 'new3', 'new4']);
  });

  it('keeps a $filter window and a $select in its tokens', async () => {
    const now = Date.now();
    await admin.addMessage(upn, { from: sender, subject: 'old', receivedDateTime: new Date(now - 20 * DAY).toISOString() });
    const recent = await admin.addMessage(upn, { from: sender, subject: 'recent', receivedDateTime: new Date(now - 2 * DAY).toISOString() });
    const since = new Date(now - 14 * DAY).toISOString();
    const round = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl(`?$select=subject,isRead&$filter=receivedDateTime ge ${since}&$orderby=receivedDateTime desc`)}`);
    expect(ids(round.items)).toEqual([recent.id]);
    expect(Object.keys(round.items[0] ?? {}).sort()).toEqual(['@odata.etag', '@odata.type', 'id', 'isRead', 'subject']);

    await admin.addMessage(upn, { from: sender, subject: 'fresh' });
    await admin.addMessage(upn, { from: sender, subject: 'backdated', receivedDateTime: new Date(now - 30 * DAY).toISOString() });
    const next = await graph.deltaRound(round.deltaLink);
    expect(next.items.map((i) => i['subject'])).toEqual(['fresh']);
    expect(Object.keys(next.items[0] ?? {}).sort()).toEqual(['@odata.etag', '@odata.type', 'id', 'isRead', 'subject']);
  });

  it("treats 'gt' as strictly after the instant", async () => {
    const at = new Date(Date.now() - DAY).toISOString();
    const onEdge = await admin.addMessage(upn, { from: sender, subject: 'edge', receivedDateTime: at });
    const ge = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl(`?$filter=receivedDateTime ge ${at}`)}`);
    const gt = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl(`?$filter=receivedDateTime gt ${at}`)}`);
    expect(ids(ge.items)).toEqual([onEdge.id]);
    expect(gt.items).toEqual([]);
  });

  it('rejects filters, orderings and selects that Graph rejects', async () => {
    const badFilter = await graph.get(deltaUrl('?$filter=subject eq \'x\''));
    expect(badFilter.status).toBe(400);
    expect(badFilter.body).toMatchObject({ error: { code: 'ErrorInvalidUrlQueryFilter' } });
    const badDate = await graph.get(deltaUrl('?$filter=receivedDateTime ge yesterday'));
    expect(badDate.status).toBe(400);
    const badOrder = await graph.get(deltaUrl('?$orderby=subject'));
    expect(badOrder.status).toBe(400);
    const badSelect = await graph.get(deltaUrl('?$select=nonsense'));
    expect(badSelect.status).toBe(400);
    const badToken = await graph.get(deltaUrl('?$deltatoken=not-a-token'));
    expect(badToken.status).toBe(400);
    expect(badToken.body).toMatchObject({ error: { code: 'BadRequest', innerError: { 'request-id': expect.any(String) } } });
  });

  it('answers 410 syncStateNotFound for every outstanding token once expired, and a new round works', async () => {
    for (let i = 0; i < 3; i++) await admin.addMessage(upn, { from: sender, subject: `x${i}` });
    const first = await graph.get(deltaUrl('?$select=subject'), { prefer: 'odata.maxpagesize=1' });
    const skipLink = first.body['@odata.nextLink'] as string;
    const round = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl('?$select=subject')}`);
    await admin.expireDeltaTokens(upn);
    for (const link of [round.deltaLink, skipLink]) {
      const gone = await graph.get(link);
      expect(gone.status).toBe(410);
      expect(gone.body).toMatchObject({ error: { code: 'syncStateNotFound' } });
      expect(gone.headers.get('location')).toContain('$select=subject');
    }
    const again = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl()}`);
    expect(again.items).toHaveLength(3);
  });

  it('limits later rounds to one changeType when asked', async () => {
    const old = await admin.addMessage(upn, { from: sender, subject: 'old' });
    const gone = await admin.addMessage(upn, { from: sender, subject: 'gone' });
    const created = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl('?changeType=created')}`);
    const updated = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl('?changeType=updated')}`);
    const deleted = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl('?changeType=deleted')}`);
    await admin.patchMessage(upn, old.id, { isRead: true });
    await admin.deleteMessage(upn, gone.id);
    const fresh = await admin.addMessage(upn, { from: sender, subject: 'fresh' });
    expect(ids((await graph.deltaRound(created.deltaLink)).items)).toEqual([fresh.id]);
    expect(ids((await graph.deltaRound(updated.deltaLink)).items)).toEqual([old.id]);
    expect(ids((await graph.deltaRound(deleted.deltaLink)).items)).toEqual([gone.id]);
    expect((await graph.get(deltaUrl('?changeType=everything'))).status).toBe(400);
  });

  it('refuses a token from another folder', async () => {
    const round = await graph.deltaRound(`${sim.url}/v1.0${deltaUrl()}`);
    const token = new URL(round.deltaLink).searchParams.get('$deltatoken') ?? '';
    const res = await graph.get(`/me/mailFolders/archive/messages/delta?$deltatoken=${token}`);
    expect(res.status).toBe(400);
  });
});
