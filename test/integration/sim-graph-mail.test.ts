// Graph mail routes: entity key forms, me vs users/{upn}, v1.0 vs beta, write operations,
// scope checks, authentication errors and the not-enabled mailbox errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';

let sim: RunningSimulator;
let admin: SimAdminClient;
let graph: SimGraphClient;
let userId: string;
const upn = 'megan@contoso.example';
const from = { name: 'Adele Vance', address: 'adelev@contoso.example' };

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  userId = (await admin.addUser({ upn, displayName: 'Megan Bowen' })).id;
  await admin.addUser({ upn: 'alex@contoso.example', displayName: 'Alex Wilber' });
  graph = new SimGraphClient(sim.url, (await admin.token(upn)).accessToken);
});
afterAll(() => sim.close());

describe('entity access', () => {
  it("reads a message as /messages/{id} and /messages('{id}'), under me and users/{id|upn}, v1.0 and beta", async () => {
    const { id } = await admin.addMessage(upn, { from, subject: 'Forms', bodyHtml: '<p>Hello <b>there</b></p>' });
    const paths = [`/me/messages/${id}`, `/me/messages('${id}')`, `/users/${upn}/messages/${id}`, `/users('${userId}')/messages('${id}')`, `/me/mailFolders/inbox/messages/${id}`];
    for (const path of paths) {
      const res = await graph.get(path);
      expect(res.status, path).toBe(200);
      expect(res.body).toMatchObject({ id, subject: 'Forms', body: { contentType: 'html' }, bodyPreview: 'Hello there', from: { emailAddress: from } });
    }
    const beta = await new SimGraphClient(sim.url, graph.accessToken, 'beta').get(`/me/messages/${id}?$select=subject`);
    expect(beta.body).toEqual({ '@odata.etag': expect.any(String), id, subject: 'Forms' });
    expect(beta.headers.get('request-id')).toEqual(expect.any(String));
  });

  it('serves the inbox folder by name and by id with counts', async () => {
    const byName = await graph.get("/me/mailFolders('inbox')");
    const byId = await graph.get(`/me/mailFolders/${byName.body['id'] as string}`);
    expect(byId.body).toEqual(byName.body);
    expect(byName.body).toMatchObject({ displayName: 'Inbox', unreadItemCount: expect.any(Number), totalItemCount: expect.any(Number) });
    expect((await graph.get('/me/mailFolders/nope')).status).toBe(404);
  });

  it('lists messages newest first with $top, $skip and a nextLink', async () => {
    const box = 'lister@contoso.example';
    await admin.addUser({ upn: box, displayName: 'Lister' });
    const client = new SimGraphClient(sim.url, (await admin.token(box)).accessToken);
    for (let i = 0; i < 3; i++) await admin.addMessage(box, { from, subject: `L${i}`, receivedDateTime: new Date(Date.now() - (3 - i) * 1000).toISOString() });
    const page = await client.get('/me/mailFolders/inbox/messages?$top=2&$select=subject&$orderby=receivedDateTime desc');
    expect((page.body['value'] as { subject: string }[]).map((m) => m.subject)).toEqual(['L2', 'L1']);
    const next = await client.get(page.body['@odata.nextLink'] as string);
    expect((next.body['value'] as { subject: string }[]).map((m) => m.subject)).toEqual(['L0']);
  });

  it('honours Prefer: IdType="ImmutableId" and says so', async () => {
    const res = await graph.get('/me/mailFolders/inbox/messages?$top=1', { prefer: 'IdType="ImmutableId"' });
    expect(res.headers.get('preference-applied')).toBe('IdType="ImmutableId"');
  });

  it('serves /me and the photo', async () => {
    expect((await graph.get('/me')).body).toMatchObject({ id: userId, userPrincipalName: upn, displayName: 'Megan Bowen' });
    expect((await graph.get('/me/photo')).body).toMatchObject({ '@odata.mediaContentType': 'image/png' });
    const photo = await fetch(`${sim.url}/v1.0/me/photo/$value`, { headers: { authorization: `Bearer ${graph.accessToken}` } });
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('writes', () => {
  it('marks read, flags and categorises with PATCH; the folder count follows', async () => {
    const { id } = await admin.addMessage(upn, { from, subject: 'Patch me' });
    const before = (await graph.get('/me/mailFolders/inbox')).body['unreadItemCount'] as number;
    const res = await graph.request('PATCH', `/me/messages('${id}')`, { body: { isRead: true, flag: { flagStatus: 'flagged' }, categories: ['Blue'] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ isRead: true, flag: { flagStatus: 'flagged' }, categories: ['Blue'] });
    expect((await graph.get('/me/mailFolders/inbox')).body['unreadItemCount']).toBe(before - 1);
    const bad = await graph.request('PATCH', `/me/messages/${id}`, { body: { isRead: 'yes' } });
    expect(bad.status).toBe(400);
  });

  it('moves with 201 and keeps the immutable id; DELETE goes to Deleted Items', async () => {
    const { id } = await admin.addMessage(upn, { from, subject: 'Move me' });
    const moved = await graph.request('POST', `/me/messages/${id}/move`, { body: { destinationId: 'archive' } });
    expect(moved.status).toBe(201);
    expect(moved.body['id']).toBe(id);
    const archive = await graph.get('/me/mailFolders/archive');
    expect(moved.body['parentFolderId']).toBe(archive.body['id']);
    expect((await graph.request('DELETE', `/me/messages/${id}`)).status).toBe(204);
    const deleted = await graph.get('/me/mailFolders/deleteditems');
    expect((await graph.get(`/me/messages/${id}`)).body['parentFolderId']).toBe(deleted.body['id']);
    expect((await graph.request('POST', `/me/messages/${id}/move`, { body: {} })).status).toBe(400);
  });

  it('replies and sends mail with 202; both land in Sent Items and tenant recipients receive it', async () => {
    const { id } = await admin.addMessage(upn, { from, subject: 'Question' });
    const sentBefore = (await graph.get('/me/mailFolders/sentitems')).body['totalItemCount'] as number;
    expect((await graph.request('POST', `/me/messages/${id}/reply`, { body: { comment: 'Yes.' } })).status).toBe(202);
    const send = await graph.request('POST', '/me/sendMail', {
      body: { message: { subject: 'Hi Alex', body: { contentType: 'HTML', content: '<p>hi</p>' }, toRecipients: [{ emailAddress: { address: 'alex@contoso.example' } }] } },
    });
    expect(send.status).toBe(202);
    expect((await graph.get('/me/mailFolders/sentitems')).body['totalItemCount']).toBe(sentBefore + 2);
    const sent = await graph.get('/me/mailFolders/sentitems/messages?$select=subject');
    expect((sent.body['value'] as { subject: string }[]).map((m) => m.subject)).toEqual(expect.arrayContaining(['RE: Question', 'Hi Alex']));
    expect((await admin.folders('alex@contoso.example')).find((f) => f.wellKnownName === 'inbox')?.totalItemCount).toBe(1);
    expect((await graph.request('POST', '/me/sendMail', { body: { message: { subject: 'x', toRecipients: [] } } })).status).toBe(400);
  });
});

describe('authorization', () => {
  it('answers 403 ErrorAccessDenied when the token lacks the write scope', async () => {
    const readOnly = new SimGraphClient(sim.url, (await admin.token(upn, { scopes: ['User.Read', 'Mail.Read', 'Calendars.Read'] })).accessToken);
    const { id } = await admin.addMessage(upn, { from, subject: 'RO' });
    expect((await readOnly.get(`/me/messages/${id}`)).status).toBe(200);
    for (const [method, path, body] of [
      ['PATCH', `/me/messages/${id}`, { isRead: true }],
      ['DELETE', `/me/messages/${id}`, undefined],
      ['POST', `/me/messages/${id}/move`, { destinationId: 'archive' }],
      ['POST', `/me/messages/${id}/reply`, { comment: 'x' }],
      ['POST', '/me/sendMail', { message: { subject: 'x', toRecipients: [{ emailAddress: { address: 'a@b.example' } }] } }],
    ] as const) {
      const res = await readOnly.request(method, path, body === undefined ? {} : { body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'ErrorAccessDenied' } });
    }
    const noMail = new SimGraphClient(sim.url, (await admin.token(upn, { scopes: ['User.Read'] })).accessToken);
    expect((await noMail.get('/me/mailFolders/inbox')).status).toBe(403);
  });

  it('answers 401 InvalidAuthenticationToken for a missing, invalid or expired token', async () => {
    const missing = await fetch(`${sim.url}/v1.0/me`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect((await new SimGraphClient(sim.url, 'garbage').get('/me')).body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    const short = await admin.token(upn, { lifetimeSeconds: 0 });
    const expired = await new SimGraphClient(sim.url, short.accessToken).get('/me');
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it("refuses another user's mailbox with a delegated token, and an unknown user", async () => {
    expect((await graph.get('/users/alex@contoso.example/messages')).status).toBe(403);
    expect((await graph.get('/users/nobody@contoso.example/messages')).status).toBe(404);
  });

  it('answers MailboxNotEnabledForRESTAPI / MailboxNotSupportedForRESTAPI for such mailboxes, /me still works', async () => {
    const box = 'onprem@contoso.example';
    await admin.addUser({ upn: box, displayName: 'On Prem' });
    const client = new SimGraphClient(sim.url, (await admin.token(box)).accessToken);
    await admin.setMailboxState(box, 'notEnabled');
    expect((await client.get('/me/mailFolders/inbox')).body).toMatchObject({ error: { code: 'MailboxNotEnabledForRESTAPI' } });
    await admin.setMailboxState(box, 'notSupported');
    const res = await client.get('/me/calendarView?startDateTime=2026-01-01T00:00:00Z&endDateTime=2026-01-02T00:00:00Z');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'MailboxNotSupportedForRESTAPI' } });
    expect((await client.get('/me')).status).toBe(200);
    await admin.setMailboxState(box, 'enabled');
    expect((await client.get('/me/mailFolders/inbox')).status).toBe(200);
  });

  it('answers 400 for unknown segments and 405 for wrong methods', async () => {
    expect((await graph.get('/me/nonsense')).status).toBe(400);
    expect((await graph.request('DELETE', '/me/mailFolders/inbox')).status).toBe(405);
    const badJson = await fetch(`${sim.url}/v1.0/me/sendMail`, { method: 'POST', headers: { authorization: `Bearer ${graph.accessToken}`, 'content-type': 'application/json' }, body: '{oops' });
    expect(badJson.status).toBe(400);
  });
});
