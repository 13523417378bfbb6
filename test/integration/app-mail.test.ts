// Mail through the bridge: views and paging across two accounts, bodies on open, actions that
// reach the simulator and show in the list at once, and links that must not leave the app.
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView } from '../../preload/contract.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

async function twoAccounts(): Promise<{ work: AccountView; personal: AccountView }> {
  h = await startAppHarness();
  const work = await h.signIn(h.fx.work.upn);
  const personal = await h.signIn(h.fx.personal.upn);
  await h.check();
  return { work, personal };
}

const minutesAgo = (h: AppHarness, minutes: number) => new Date(h.clock.now() - minutes * 60_000).toISOString();

describe('messages over the bridge', () => {
  it('messages.list merges accounts newest first, filters Focused / Other, and pages', async () => {
    const { work, personal } = await twoAccounts();
    await h.deliver(h.fx.work.upn, { subject: 'w1', receivedDateTime: minutesAgo(h, 50) });
    await h.deliver(h.fx.personal.upn, { subject: 'p1', receivedDateTime: minutesAgo(h, 40), inferenceClassification: 'other' });
    await h.deliver(h.fx.work.upn, { subject: 'w2', receivedDateTime: minutesAgo(h, 30), inferenceClassification: 'other' });
    await h.deliver(h.fx.personal.upn, { subject: 'p2', receivedDateTime: minutesAgo(h, 20) });
    await h.deliver(h.fx.work.upn, { subject: 'w3', receivedDateTime: minutesAgo(h, 10) });
    await h.check();

    const all = await h.ok('messages.list', {});
    expect(all.total).toBe(5);
    expect(all.items.map((m) => m.subject)).toEqual(['w3', 'p2', 'w2', 'p1', 'w1']);
    expect(all.items.map((m) => m.accountId)).toEqual([work.id, personal.id, work.id, personal.id, work.id]);

    expect((await h.ok('messages.list', { view: 'focused' })).items.map((m) => m.subject)).toEqual(['w3', 'p2', 'w1']);
    expect((await h.ok('messages.list', { view: 'other' })).items.map((m) => m.subject)).toEqual(['w2', 'p1']);
    expect((await h.ok('messages.list', { accountId: personal.id })).items.map((m) => m.subject)).toEqual(['p2', 'p1']);
    expect((await h.ok('messages.list', { accountId: work.id, view: 'focused' })).items.map((m) => m.subject)).toEqual(['w3', 'w1']);

    const page2 = await h.ok('messages.list', { offset: 2, limit: 2 });
    expect(page2).toMatchObject({ total: 5 });
    expect(page2.items.map((m) => m.subject)).toEqual(['w2', 'p1']);
    expect((await h.ok('messages.list', { offset: 10 })).items).toEqual([]);
  });

  it('messages.get fetches the body raw (untrusted HTML is the renderer’s to sanitize)', async () => {
    const { work } = await twoAccounts();
    const hostile = '<p>Hi</p><img src="https://tracker.example/p.gif"><script>alert(1)</script>';
    const id = await h.deliver(h.fx.work.upn, { subject: 'Body test', bodyHtml: hostile });
    await h.check();
    const [summary] = (await h.ok('messages.list', {})).items;
    expect(summary).not.toHaveProperty('body');
    const detail = await h.ok('messages.get', { accountId: work.id, messageId: id });
    expect(detail.subject).toBe('Body test');
    expect(detail.body.contentType).toBe('html');
    expect(detail.body.content).toContain('<script>alert(1)</script>');
    expect(detail.toRecipients.map((r) => r.address)).toContain(h.fx.work.upn);
    expect(await h.call('messages.get', { accountId: work.id, messageId: 'no-such-message' })).toMatchObject({ ok: false, error: { code: 'notFound' } });
  });

  it('mark read, flag, archive, delete and reply reach the simulator, and the list changes at once', async () => {
    const { work } = await twoAccounts();
    const ids = {
      read: await h.deliver(h.fx.work.upn, { subject: 'read me' }),
      flag: await h.deliver(h.fx.work.upn, { subject: 'flag me' }),
      archive: await h.deliver(h.fx.work.upn, { subject: 'archive me' }),
      remove: await h.deliver(h.fx.work.upn, { subject: 'delete me' }),
      reply: await h.deliver(h.fx.work.upn, { subject: 'reply to me' }),
    };
    await h.check();
    const ref = (messageId: string) => ({ accountId: work.id, messageId });
    const unreadBefore = (await h.ok('accounts.list', {})).find((a) => a.id === work.id)?.unreadCount;
    expect(unreadBefore).toBe(5);

    const inboxEvents = h.ports.emitted('inbox.changed').length;
    await h.ok('messages.markRead', { ...ref(ids.read), isRead: true });
    await h.ok('messages.flag', { ...ref(ids.flag), flagged: true });
    await h.ok('messages.archive', ref(ids.archive));
    await h.ok('messages.delete', ref(ids.remove));
    await h.ok('messages.reply', { ...ref(ids.reply), comment: 'Thanks!' });
    expect(h.ports.emitted('inbox.changed').length - inboxEvents).toBe(5);
    expect(h.ports.emitted('inbox.changed').at(-1)).toEqual({ accountId: work.id, unreadCount: 2 });

    // Reached Graph.
    expect((await h.admin.getMessage(h.fx.work.upn, ids.read)).isRead).toBe(true);
    expect((await h.admin.getMessage(h.fx.work.upn, ids.flag)).flag).toMatchObject({ flagStatus: 'flagged' });
    const folders = await h.admin.folders(h.fx.work.upn);
    const folderOf = async (id: string) => {
      const parent = (await h.admin.getMessage(h.fx.work.upn, id)).parentFolderId;
      return folders.find((f) => f.id === parent)?.wellKnownName;
    };
    expect(await folderOf(ids.archive)).toBe('archive');
    expect(await folderOf(ids.remove)).toBe('deleteditems');
    expect(folders.find((f) => f.wellKnownName === 'sentitems')?.totalItemCount).toBe(1);

    // Shown at once, before any sync.
    const listed = (await h.ok('messages.list', {})).items;
    expect(listed.map((m) => m.subject).sort()).toEqual(['flag me', 'read me', 'reply to me']);
    expect(listed.find((m) => m.id === ids.read)?.isRead).toBe(true);
    expect(listed.find((m) => m.id === ids.flag)?.flagStatus).toBe('flagged');

    // The next delta confirms: same view, and the server's unread count agrees.
    await h.check();
    const confirmed = (await h.ok('messages.list', {})).items;
    expect(confirmed.map((m) => m.subject).sort()).toEqual(['flag me', 'read me', 'reply to me']);
    expect(confirmed.find((m) => m.id === ids.read)?.isRead).toBe(true);
    expect((await h.ok('accounts.list', {})).find((a) => a.id === work.id)?.unreadCount).toBe(2);
  });

  it('openInOutlook opens the message in Outlook on the web (https only)', async () => {
    const { work } = await twoAccounts();
    const id = await h.deliver(h.fx.work.upn, { subject: 'Open me' });
    await h.check();
    expect(await h.ok('messages.openInOutlook', { accountId: work.id, messageId: id })).toBeNull();
    expect(h.ports.opened).toHaveLength(1);
    const opened = new URL(h.ports.opened[0] ?? '');
    expect(opened.protocol).toBe('https:');
    expect(opened.searchParams.get('ItemID')).toBe(id);
  });

  it('links.open hands only http, https and mailto to the host', async () => {
    h = await startAppHarness();
    expect(await h.ok('links.open', { url: 'https://contoso.example/a?b=c' })).toBeNull();
    expect(await h.ok('links.open', { url: 'mailto:adele@contoso.example' })).toBeNull();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'ms-settings:privacy', 'not a url']) {
      expect(await h.call('links.open', { url })).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    }
    expect(h.ports.opened).toEqual(['https://contoso.example/a?b=c', 'mailto:adele@contoso.example']);
  });
});
