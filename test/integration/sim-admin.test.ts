// The admin API: users, tokens, mailbox state, the data clock, and clear errors for bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';

let sim: RunningSimulator;
let admin: SimAdminClient;

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
});
afterAll(() => sim.close());

const post = (path: string, body: string) => fetch(`${sim.url}/_admin${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('admin users and tokens', () => {
  it('adds and lists users as {upn, displayName, id}; personal domains become personal accounts', async () => {
    const work = await admin.addUser({ upn: 'Megan@Contoso.example', displayName: 'Megan Bowen' });
    const personal = await admin.addUser({ upn: 'sam@outlook.com', displayName: 'Sam' });
    expect(work).toMatchObject({ upn: 'megan@contoso.example', kind: 'work', mailboxState: 'enabled' });
    expect(personal.kind).toBe('personal');
    const users = await admin.users();
    expect(users).toEqual(expect.arrayContaining([expect.objectContaining({ upn: 'megan@contoso.example', displayName: 'Megan Bowen', id: work.id })]));
  });

  it('issues access tokens with the asked scopes that Graph accepts', async () => {
    const { accessToken, expiresIn } = await admin.token('megan@contoso.example', { scopes: ['User.Read'], lifetimeSeconds: 600 });
    expect(expiresIn).toBe(600);
    const graph = new SimGraphClient(sim.url, accessToken);
    expect((await graph.get('/me')).status).toBe(200);
    expect((await graph.get('/me/mailFolders/inbox')).status).toBe(403);
  });

  it('rejects bad input with typed errors', async () => {
    await expect(admin.addUser({ upn: 'not-an-email', displayName: 'x' })).rejects.toMatchObject({ status: 400, code: 'InvalidRequest' });
    await expect(admin.token('ghost@contoso.example')).rejects.toMatchObject({ status: 404, code: 'UserNotFound' });
    await expect(admin.setMailboxState('megan@contoso.example', 'broken' as never)).rejects.toMatchObject({ status: 400 });
    await expect(admin.addMessage('megan@contoso.example', { subject: 'no sender' } as never)).rejects.toMatchObject({ status: 400 });
    await expect(admin.addMessage('megan@contoso.example', { from: { name: 'a', address: 'a@b.c' }, subject: 's', receivedDateTime: 'yesterday' })).rejects.toMatchObject({ status: 400 });
    await expect(admin.addMessage('megan@contoso.example', { from: { name: 'a', address: 'a@b.c' }, subject: 's', folder: 'nowhere' })).rejects.toMatchObject({ status: 400 });
    await expect(admin.patchMessage('megan@contoso.example', 'missing', { isRead: true })).rejects.toMatchObject({ status: 404 });
    await expect(admin.addEvent('megan@contoso.example', { subject: 'x', start: 'soon', end: 'later' })).rejects.toMatchObject({ status: 400 });
    await expect(admin.addEvent('megan@contoso.example', { subject: 'x', start: '2026-01-02T00:00:00Z', end: '2026-01-01T00:00:00Z' })).rejects.toMatchObject({ status: 400 });
    await expect(admin.addEvent('megan@contoso.example', { subject: 'x', start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ status: 400 });
    await expect(admin.bulkMessages('megan@contoso.example', { count: 0 })).rejects.toMatchObject({ status: 400 });
    expect((await post('/users', '{not json')).status).toBe(400);
    expect((await fetch(`${sim.url}/_admin/nothing-here`)).status).toBe(404);
  });
});

describe('admin clock and mail', () => {
  it('sets the data clock, which dates new messages, and resets it', async () => {
    await admin.setClock('2030-01-01T12:00:00Z');
    const { id } = await admin.addMessage('megan@contoso.example', { from: { name: 'A', address: 'a@x.example' }, subject: 'From the future' });
    const msg = await admin.getMessage('megan@contoso.example', id);
    expect(String(msg['receivedDateTime'])).toMatch(/^2030-01-01T12:00/);
    const reset = await admin.setClock(null);
    expect(Math.abs(Date.parse(reset.now) - Date.now())).toBeLessThan(60_000);
    expect((await post('/clock', JSON.stringify({ now: 'noon' }))).status).toBe(400);
  });

  it('acts as another client: read, flag, move, delete, hard delete', async () => {
    const upn = 'megan@contoso.example';
    const { id } = await admin.addMessage(upn, { from: { name: 'A', address: 'a@x.example' }, subject: 'Phone' });
    expect(await admin.patchMessage(upn, id, { isRead: true, flagStatus: 'complete' })).toMatchObject({ isRead: true, flag: { flagStatus: 'complete' } });
    await admin.patchMessage(upn, id, { folder: 'archive' });
    await admin.deleteMessage(upn, id);
    const folders = await admin.folders(upn);
    const deleted = folders.find((f) => f.wellKnownName === 'deleteditems');
    expect((await admin.getMessage(upn, id))['parentFolderId']).toBe(deleted?.id);
    await admin.deleteMessage(upn, id, { hard: true });
    await expect(admin.getMessage(upn, id)).rejects.toMatchObject({ status: 404 });
  });
});
