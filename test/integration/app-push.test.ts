// Push inside the app: turning it on in settings creates the subscriptions through the
// validation handshake, a new message then arrives without waiting for a poll, the status is
// shown (state + URL), and quitting deletes the subscriptions.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function until(predicate: () => boolean | Promise<boolean>, what: string, limitMs = 10_000, lastSeen?: () => string): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastSeen ? `; last seen ${lastSeen()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('app: push through Graph change notifications', () => {
  it('goes live from settings, notifies without a poll, and deletes its subscriptions on quit', async () => {
    const port = await freePort();
    h = await startAppHarness({ pushReceiverPort: port });
    await h.app.start();
    const account = await h.signIn(h.fx.work.upn);
    await h.check(); // baseline
    expect((await h.ok('push.status', {})).state).toBe('off');

    const publicUrl = `http://127.0.0.1:${port}`;
    await h.ok('settings.update', { patch: { push: { enabled: true, publicUrl } } });
    let lastStatus: unknown = null;
    await until(async () => {
      const current = await h.ok('push.status', {});
      lastStatus = current;
      return current.state === 'live';
    }, 'push to go live', 10_000, () => `${JSON.stringify(lastStatus)}, fake clock ahead of real by ${h.clock.now() - Date.now()} ms`);
    const status = await h.ok('push.status', {});
    expect(status).toMatchObject({ state: 'live', publicUrl, reason: null });
    expect(h.ports.emitted('push.status').length > 0).toBe(true);

    const subscriptions = (await (await fetch(`${h.fx.sim.url}/_admin/subscriptions`)).json()) as unknown[];
    expect(subscriptions).toHaveLength(2);

    // No fake time passes: the poll timer cannot fire, only the push can bring this in.
    const before = h.clock.now();
    const id = await h.deliver(h.fx.work.upn, { subject: 'Pushed to you' });
    await until(() => h.ports.sink.shown.some((i) => i.type === 'mail' && i.messageId === id), 'the pushed message to be notified');
    expect(h.clock.now()).toBe(before);
    expect(h.ports.sink.shown.filter((i) => i.type === 'mail')).toHaveLength(1);
    expect(h.ports.sink.shown[0]?.accountId).toBe(account.id);

    await h.app.stop();
    const after = (await (await fetch(`${h.fx.sim.url}/_admin/subscriptions`)).json()) as unknown[];
    expect(after).toHaveLength(0);
  });

  it('stays off with the reason when the public URL does not answer the validation handshake', async () => {
    h = await startAppHarness({ pushReceiverPort: await freePort() });
    await h.app.start();
    await h.signIn(h.fx.work.upn);
    await h.check();
    // Nothing listens here: Graph's validation POST fails, so the create answers 400.
    const dead = `http://127.0.0.1:${await freePort()}`;
    await h.ok('settings.update', { patch: { push: { enabled: true, publicUrl: dead } } });
    await until(async () => (await h.ok('push.status', {})).reason !== null, 'a reason');
    const status = await h.ok('push.status', {});
    expect(['off', 'failing']).toContain(status.state);
    expect(status.reason).toMatch(/validat/i);
  });

  it('words the reason in the app language: Russian when the user chose it', async () => {
    h = await startAppHarness({ pushReceiverPort: await freePort() });
    await h.app.start();
    await h.signIn(h.fx.work.upn);
    await h.check();
    await h.ok('settings.update', { patch: { locale: 'ru' } });
    const dead = `http://127.0.0.1:${await freePort()}`;
    await h.ok('settings.update', { patch: { push: { enabled: true, publicUrl: dead } } });
    await until(async () => (await h.ok('push.status', {})).reason !== null, 'a reason');
    expect((await h.ok('push.status', {})).reason).toBe('Microsoft Graph не смог проверить публичный адрес: убедитесь, что туннель запущен и ведёт к Herald.');
  });

  it('rejects a public URL that is not https (outside loopback)', async () => {
    h = await startAppHarness();
    await h.app.start();
    const outcome = await h.call('settings.update', { patch: { push: { enabled: true, publicUrl: 'http://example.com/hook' } } });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('invalidInput');
  });
});
