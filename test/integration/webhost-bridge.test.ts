// The WebSocket bridge of a real web host (HeraldApp on the simulator): calls are answered with
// the same id, bad frames never crash the host (typed invalidInput, or close 1008), events reach
// every connected page, and shutdown closes sockets cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, AppInfo } from '../../preload/contract.ts';
import { startWebHostFixture, WORK_USER, type WebHostFixture } from '../support/webhost-fixture.ts';

describe('web host bridge socket', () => {
  let fx: WebHostFixture;

  beforeAll(async () => {
    fx = await startWebHostFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  it('answers a call with its result under the same id', async () => {
    const page = await fx.connect();
    const outcome = await page.call('app.info', {});
    expect(outcome.ok).toBe(true);
    expect((outcome as { value: AppInfo }).value.host).toBe('web');
    expect((outcome as { value: AppInfo }).value.capabilities.launchAtLogin).toBe(false);
    const both = await Promise.all([page.call('accounts.list', {}), page.call('settings.get', {})]);
    expect(both[0]).toEqual({ ok: true, value: [] });
    expect(both[1].ok).toBe(true);
    page.close();
  });

  it('answers an unknown call, bad input and a malformed call frame with typed invalidInput', async () => {
    const page = await fx.connect();
    const unknown = await page.call('accounts.steal', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    const bad = await page.call('messages.markRead', { accountId: 'a', messageId: 'm', isRead: 'yes', extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    const polluted = await page.call('settings.get', JSON.parse('{"__proto__":{"admin":true}}'));
    expect(polluted.ok).toBe(false);
    // An id but not a call: answered, not dropped.
    const answered = new Promise<unknown>((resolve) => page.ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    page.sendRaw(JSON.stringify({ type: 'result', id: 77, outcome: { ok: true, value: 1 } }));
    expect(await answered).toMatchObject({ type: 'result', id: 77, outcome: { ok: false, error: { code: 'invalidInput' } } });
    // The socket is still usable after all of that.
    expect((await page.call('accounts.list', {})).ok).toBe(true);
    page.close();
  });

  it('closes the socket with 1008 on frames it cannot answer, and keeps serving others', async () => {
    for (const hostile of ['not json', '[1,2,3]', '{"type":"call","name":"app.info","input":{}}', '{"type":"call","id":-1,"name":"app.info"}', 'null']) {
      const page = await fx.connect();
      page.sendRaw(hostile);
      expect((await page.closed).code, hostile).toBe(1008);
    }
    const binary = await fx.connect();
    binary.sendRaw(Buffer.from([1, 2, 3]));
    expect((await binary.closed).code).toBe(1008);
    const big = await fx.connect();
    big.sendRaw(JSON.stringify({ type: 'call', id: 1, name: 'links.open', input: { url: 'x'.repeat(1024 * 1024 + 10) } }));
    expect((await big.closed).code).toBe(1009);
    const healthy = await fx.connect();
    expect((await healthy.call('app.info', {})).ok).toBe(true);
    healthy.close();
  });

  it('broadcasts events to every connected page', async () => {
    const first = await fx.connect();
    const second = await fx.connect();
    const accountId = await fx.signIn(WORK_USER.upn);
    for (const page of [first, second]) {
      const accounts = await page.waitForEvent('accounts.changed', (list) => list.some((a) => a.id === accountId));
      expect(accounts.find((a: AccountView) => a.id === accountId)?.username).toBe(WORK_USER.upn);
    }
    first.close();
    second.close();
  });

  it('refuses links that are not http(s)/mailto and opens the rest with the OS opener, no shell', async () => {
    const page = await fx.connect();
    expect(await page.call('links.open', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false });
    expect(await page.call('links.open', { url: 'file:///etc/passwd' })).toMatchObject({ ok: false });
    expect(fx.opened).toEqual([]);
    expect(await page.call('links.open', { url: 'https://example.com/a?b=c' })).toEqual({ ok: true, value: null });
    expect(fx.opened).toEqual([{ command: process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open', args: ['https://example.com/a?b=c'] }]);
    page.close();
  });

  it('closes every socket with 1001 when the host shuts down, and comes back on restart', async () => {
    const page = await fx.connect();
    await fx.restart();
    expect((await page.closed).code).toBe(1001);
    const again = await fx.connect();
    const accounts = await again.call('accounts.list', {});
    expect(accounts.ok).toBe(true);
    expect((accounts as { value: AccountView[] }).value.map((a) => a.username)).toEqual([WORK_USER.upn]);
    again.close();
  });
});
