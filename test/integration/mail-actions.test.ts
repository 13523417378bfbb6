// MailActions against the simulator: bodies on open, read/flag/archive/delete/reply, and the
// read-only account's typed refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { systemClock } from '../../main/core/clock.ts';
import { GraphClient } from '../../main/core/graph/graph-client.ts';
import { GraphError } from '../../main/core/graph/graph-errors.ts';
import { WritePermissionRequiredError } from '../../main/core/accounts/auth-errors.ts';
import { MailActions, webLink } from '../../main/core/mail/mail-actions.ts';
import { SimTokenProvider } from '../support/graph-token-provider.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';

const UPN = 'ada@contoso.com';
let sim: RunningSimulator;
let admin: SimAdminClient;

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn: UPN, displayName: 'Ada Lovelace' });
});
afterAll(async () => {
  await sim.close();
});

function actions(readOnly = false, scopes?: string[]) {
  const client = new GraphClient({ accountId: UPN, tokens: new SimTokenProvider(sim.url, scopes ? { scopes } : {}), baseUrl: sim.url, clock: systemClock });
  return new MailActions({ client, readOnly });
}

const adminMessage = (id: string) => admin.getMessage(UPN, id);
const addMessage = async (subject: string, bodyHtml = '') => (await admin.addMessage(UPN, { from: { name: 'Grace', address: 'grace@contoso.com' }, subject, bodyHtml })).id;

describe('MailActions against the simulator', () => {
  it('opens a message with its (unsanitized) HTML body and recipients', async () => {
    const id = await addMessage('Body test', '<p>Hello <b>there</b></p>');
    const opened = await actions().getMessage(id);
    expect(opened.item).toMatchObject({ id, subject: 'Body test', from: { name: 'Grace', address: 'grace@contoso.com' } });
    expect(opened.body.contentType).toBe('html');
    expect(opened.body.content).toContain('<b>there</b>');
    expect(webLink(opened.item)).toMatch(/^https?:\/\//);
  });

  it('marks read, flags, archives, replies and deletes through Graph', async () => {
    const a = actions();
    const id = await addMessage('Act on me');
    await a.markRead(id, true);
    expect(await adminMessage(id)).toMatchObject({ isRead: true });
    await a.setFlag(id, true);
    expect(await adminMessage(id)).toMatchObject({ flag: { flagStatus: 'flagged' } });
    await a.reply(id, 'Thanks!');
    await a.archive(id);
    expect((await a.getMessage(id)).item.id).toBe(id);
    await a.delete(id);
    const folders = await admin.folders(UPN);
    expect(folders.find((f) => f.wellKnownName === 'deleteditems')?.totalItemCount).toBeGreaterThanOrEqual(1);
  });

  it('refuses writes on a read-only account with a typed error, without calling Graph', async () => {
    const id = await addMessage('Read only');
    await admin.clearRequests();
    const a = actions(true);
    const writes = [
      ['markRead', 'Mail.ReadWrite', () => a.markRead(id, true)],
      ['setFlag', 'Mail.ReadWrite', () => a.setFlag(id, true)],
      ['archive', 'Mail.ReadWrite', () => a.archive(id)],
      ['delete', 'Mail.ReadWrite', () => a.delete(id)],
      ['reply', 'Mail.Send', () => a.reply(id, 'x')],
    ] as const;
    for (const [action, permission, write] of writes) {
      const error = await write().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WritePermissionRequiredError);
      expect(error).toMatchObject({ kind: 'needsWritePermission', accountId: UPN, action, permission });
      expect((error as Error).message).toMatch(/read-only/);
      expect((error as Error).message).toContain(permission);
    }
    expect((await admin.requests()).filter((r) => !r.path.startsWith('/_admin'))).toEqual([]);
    expect((await a.getMessage(id)).item.subject).toBe('Read only');
  });

  it('a token without Mail.ReadWrite gets the same typed error from Graph', async () => {
    const id = await addMessage('Scope');
    const error = await actions(false, ['Mail.Read']).markRead(id, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WritePermissionRequiredError);
    expect(error).toMatchObject({ kind: 'needsWritePermission', action: 'markRead', permission: 'Mail.ReadWrite' });
    expect(await adminMessage(id)).toMatchObject({ isRead: false });
  });

  it('an unknown message is a typed 404, not a crash', async () => {
    await expect(actions().getMessage('does-not-exist')).rejects.toBeInstanceOf(GraphError);
    await expect(actions().getMessage('does-not-exist')).rejects.toMatchObject({ status: 404 });
  });
});
