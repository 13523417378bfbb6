// MailActions against the simulator: bodies on open, read/flag/archive/delete/reply, and the
// read-only account's typed refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { systemClock } from '../../main/core/clock.ts';
import { GraphClient } from '../../main/core/graph/graph-client.ts';
import { GraphError } from '../../main/core/graph/graph-errors.ts';
import { MailActions, NeedsWritePermissionError, webLink } from '../../main/core/mail/mail-actions.ts';
import { SimTokenProvider } from '../support/graph-token-provider.ts';
import { SimAdmin } from '../support/graph-sim-admin.ts';

const UPN = 'ada@contoso.com';
let sim: RunningSimulator;
let admin: SimAdmin;

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdmin(sim.url);
  await admin.addUser(UPN, 'Ada Lovelace');
});
afterAll(async () => {
  await sim.close();
});

function actions(readOnly = false, scopes?: string[]) {
  const client = new GraphClient({ accountId: UPN, tokens: new SimTokenProvider(sim.url, scopes ? { scopes } : {}), baseUrl: sim.url, clock: systemClock });
  return new MailActions({ client, readOnly });
}

const adminMessage = (id: string) => admin.call<Record<string, unknown>>('GET', `/users/${UPN}/messages/${encodeURIComponent(id)}`);

describe('MailActions against the simulator', () => {
  it('opens a message with its (unsanitized) HTML body and recipients', async () => {
    const id = await admin.addMessage(UPN, { from: { name: 'Grace', address: 'grace@contoso.com' }, subject: 'Body test', bodyHtml: '<p>Hello <b>there</b></p>' });
    const opened = await actions().getMessage(id);
    expect(opened.item).toMatchObject({ id, subject: 'Body test', from: { name: 'Grace', address: 'grace@contoso.com' } });
    expect(opened.body.contentType).toBe('html');
    expect(opened.body.content).toContain('<b>there</b>');
    expect(webLink(opened.item)).toMatch(/^https?:\/\//);
  });

  it('marks read, flags, archives, replies and deletes through Graph', async () => {
    const a = actions();
    const id = await admin.addMessage(UPN, { from: { name: 'Grace', address: 'grace@contoso.com' }, subject: 'Act on me', bodyHtml: '' });
    await a.markRead(id, true);
    expect(await adminMessage(id)).toMatchObject({ isRead: true });
    await a.setFlag(id, true);
    expect(await adminMessage(id)).toMatchObject({ flag: { flagStatus: 'flagged' } });
    await a.reply(id, 'Thanks!');
    await a.archive(id);
    expect((await a.getMessage(id)).item.id).toBe(id);
    await a.delete(id);
    const folders = await admin.call<{ wellKnownName?: string; totalItemCount: number }[]>('GET', `/users/${UPN}/messages`);
    expect(folders.find((f) => f.wellKnownName === 'deleteditems')?.totalItemCount).toBeGreaterThanOrEqual(1);
  });

  it('refuses writes on a read-only account with a typed error, without calling Graph', async () => {
    const id = await admin.addMessage(UPN, { from: { name: 'Grace', address: 'grace@contoso.com' }, subject: 'Read only', bodyHtml: '' });
    await admin.clearRequests();
    const a = actions(true);
    for (const write of [() => a.markRead(id, true), () => a.setFlag(id, true), () => a.archive(id), () => a.delete(id), () => a.reply(id, 'x')]) {
      const error = await write().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NeedsWritePermissionError);
      expect(error).toMatchObject({ kind: 'needsWritePermission' });
      expect((error as Error).message).toMatch(/read-only/);
    }
    expect((await admin.requests()).filter((r) => !r.path.startsWith('/_admin'))).toEqual([]);
    expect((await a.getMessage(id)).item.subject).toBe('Read only');
  });

  it('a token without Mail.ReadWrite gets the same typed error from Graph', async () => {
    const id = await admin.addMessage(UPN, { from: { name: 'Grace', address: 'grace@contoso.com' }, subject: 'Scope', bodyHtml: '' });
    const error = await actions(false, ['Mail.Read']).markRead(id, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeedsWritePermissionError);
    expect(await adminMessage(id)).toMatchObject({ isRead: false });
  });

  it('an unknown message is a typed 404, not a crash', async () => {
    await expect(actions().getMessage('does-not-exist')).rejects.toBeInstanceOf(GraphError);
    await expect(actions().getMessage('does-not-exist')).rejects.toMatchObject({ status: 404 });
  });
});
