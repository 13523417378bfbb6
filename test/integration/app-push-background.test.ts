// Push inside the app never holds the app up: start-up and settings.update resolve while Graph's
// validation of the user's tunnel is still pending (the tunnel here holds it until released),
// push then ends off with the reason; saving the same settings again once the tunnel works
// retries; and sign-out deletes the account's subscriptions and its push state.
import { access } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pushStateKey } from '../../main/core/push/subscription-state.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/** The user's tunnel: holds requests, answers 502 like a tunnel whose origin is down, or forwards. */
interface Tunnel {
  url: string;
  mode: 'hold' | 'down' | 'forward';
  /** Requests held so far (mode 'hold'). */
  readonly held: ServerResponse[];
  /** Ends every held request by dropping its connection. */
  release(): void;
  close(): Promise<void>;
}

async function startTunnel(targetPort: number): Promise<Tunnel> {
  const held: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (tunnel.mode === 'hold') return void held.push(res);
    if (tunnel.mode === 'down') return void res.writeHead(502, { 'content-type': 'text/plain' }).end('origin down');
    const upstream = request({ host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const tunnel: Tunnel = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode: 'hold',
    held,
    release() {
      for (const res of held.splice(0)) res.socket?.destroy();
    },
    async close() {
      tunnel.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return tunnel;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function until(predicate: () => boolean | Promise<boolean>, what: string, lastSeen?: () => unknown): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastSeen ? `; last seen ${JSON.stringify(lastSeen())}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the value, or fails naming what did not happen; the limit only bounds a hang. */
async function settlesWhileHeld<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not resolve while Graph's validation was held by the tunnel: it waits for push`)), 20_000);
  });
  try {
    return await Promise.race([work, hang]);
  } finally {
    clearTimeout(timer);
  }
}

let h: AppHarness | undefined;
let tunnel: Tunnel | undefined;
afterEach(async () => {
  await tunnel?.close();
  await h?.close();
  tunnel = undefined;
  h = undefined;
});

async function signedInApp(): Promise<{ h: AppHarness; receiverPort: number }> {
  const receiverPort = await freePort();
  const app = await startAppHarness({ pushReceiverPort: receiverPort });
  h = app;
  // Longer than the test's own limit: if anything waited for the validation, the test fails.
  await app.admin.setPushConfig({ validationTimeoutMs: 60_000 });
  await app.app.start();
  await app.signIn(app.fx.work.upn);
  await app.check();
  return { h: app, receiverPort };
}

const statusOf = async (app: AppHarness) => app.ok('push.status', {});

describe('app: push runs in the background', () => {
  it('settings.update and app.start() resolve while the validation is pending; push then ends off with the reason', async () => {
    const { h: app, receiverPort } = await signedInApp();
    tunnel = await startTunnel(receiverPort);
    const t = tunnel;

    const saved = app.ok('settings.update', { patch: { push: { enabled: true, publicUrl: t.url } } });
    await until(() => t.held.length > 0, "Graph's validation POST to reach the tunnel");
    const settings = await settlesWhileHeld(saved, 'settings.update');
    expect(settings.push).toEqual({ enabled: true, publicUrl: t.url });
    expect((await statusOf(app)).state).toBe('validating');
    t.release();
    await until(async () => (await statusOf(app)).state === 'off', 'push to end off', () => app.app.pushStatus());
    expect((await statusOf(app)).reason).toMatch(/could not validate/);

    // A restart with push on: start-up does not wait for Graph either.
    await app.restart();
    const started = app.app.start();
    await until(() => t.held.length > 0, "the restarted app's validation POST to reach the tunnel");
    await settlesWhileHeld(started, 'app.start()');
    expect((await statusOf(app)).state).toBe('validating');
    t.release();
    await until(async () => (await statusOf(app)).state === 'off', 'push to end off after the restart', () => app.app.pushStatus());
    expect((await statusOf(app)).reason).toMatch(/could not validate/);
  });

  it('saving the same settings again retries once the tunnel works, and goes live', async () => {
    const { h: app, receiverPort } = await signedInApp();
    tunnel = await startTunnel(receiverPort);
    tunnel.mode = 'down';
    const patch = { push: { enabled: true, publicUrl: tunnel.url } };
    await app.ok('settings.update', { patch });
    await until(async () => (await statusOf(app)).state === 'off' && (await statusOf(app)).reason !== null, 'push off with a reason', () => app.app.pushStatus());
    expect((await statusOf(app)).reason).toMatch(/could not validate/);

    // The user starts the tunnel. Nothing changes by itself (push was off: no retry timer)...
    tunnel.mode = 'forward';
    await app.app.checkNow();
    expect((await statusOf(app)).state).toBe('off');
    // ...until the same settings are saved again.
    await app.ok('settings.update', { patch });
    await until(async () => (await statusOf(app)).state === 'live', 'push to go live after saving again', () => app.app.pushStatus());
    expect(await statusOf(app)).toMatchObject({ state: 'live', reason: null, publicUrl: tunnel.url });
    const active = (await app.admin.subscriptions()).filter((s) => s.active);
    expect(active).toHaveLength(2);
    for (const sub of active) expect(sub.notificationUrl.startsWith(tunnel.url)).toBe(true);
  });

  it('sign-out deletes the account’s subscriptions at Graph and its push state', async () => {
    const { h: app, receiverPort } = await signedInApp();
    const publicUrl = `http://127.0.0.1:${receiverPort}`;
    await app.ok('settings.update', { patch: { push: { enabled: true, publicUrl } } });
    await until(async () => (await statusOf(app)).state === 'live', 'push to go live', () => app.app.pushStatus());
    const [account] = await app.ok('accounts.list', {});
    if (!account) throw new Error('no account after sign-in');
    expect((await app.admin.subscriptions()).filter((s) => s.active)).toHaveLength(2);
    const stateFile = new SyncStateStore({ directory: app.profileDir, clock: app.clock }).fileFor(pushStateKey(account.id));
    await access(stateFile); // throws if push state was never written

    await app.ok('accounts.remove', { accountId: account.id });
    expect((await app.admin.subscriptions()).filter((s) => s.active)).toEqual([]);
    await expect(access(stateFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
