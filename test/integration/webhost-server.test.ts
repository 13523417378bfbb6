// The web host's HTTP front door over real loopback HTTP: the per-launch secret and session
// cookie, Host (DNS rebinding) and Origin checks, path traversal, and the WebSocket upgrade
// refused before it happens. The bridge behind the door is covered in webhost-bridge.test.ts.
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../main/core/log.ts';
import { BridgeSocket } from '../../main/webhost/bridge-socket.ts';
import { startWebHostServer, type WebHostServer } from '../../main/webhost/server.ts';
import { connectBridge, openSession } from '../support/webhost-client.ts';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, not fetch: fetch would normalize the path and refuses to set Host. */
function raw(port: number, rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host server', () => {
  let dir: string;
  let server: WebHostServer;
  let socket: BridgeSocket;
  let fastKeepalive: BridgeSocket;
  let cookie: string;
  const calls: unknown[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'herald-webhost-server-'));
    const root = path.join(dir, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Herald</title><script type="module" src="./assets/app.js"></script>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'export const ok = true;');
    await writeFile(path.join(dir, 'outside-secret.txt'), 'TOP SECRET');
    const logger = createLogger({ level: 'silent' });
    server = await startWebHostServer({ rootDir: root, port: 0, logger });
    // The dispatcher is not under test here; it records that no refused request ever reached it.
    socket = new BridgeSocket({
      logger,
      dispatcher: {
        dispatch: async (name) => {
          calls.push(name);
          return { ok: true, value: null };
        },
      },
    });
    server.onUpgrade('/bridge', socket.handleUpgrade);
    // A second socket with a fast keepalive, to see a silent client dropped.
    fastKeepalive = new BridgeSocket({ logger, keepaliveMs: 50, dispatcher: { dispatch: async () => ({ ok: true, value: null }) } });
    server.onUpgrade('/bridge-fast', fastKeepalive.handleUpgrade);
    cookie = await openSession(server.popupUrl);
  });

  afterAll(async () => {
    await fastKeepalive.close();
    await socket.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a popup URL with a 32-byte base64url secret on 127.0.0.1', () => {
    expect(server.popupUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?secret=[A-Za-z0-9_-]{43}$/);
  });

  it('exchanges the secret for an HttpOnly SameSite=Strict cookie and a 303 to /', async () => {
    const answer = await raw(server.port, new URL(server.popupUrl).pathname + new URL(server.popupUrl).search);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    const setCookie = String(answer.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toContain(new URL(server.popupUrl).searchParams.get('secret') ?? '(none)');
  });

  it('serves the page with the cookie, with a strict CSP and no-store', async () => {
    const answer = await raw(server.port, '/', { cookie });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<title>Herald</title>');
    const csp = String(answer.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`ws://127.0.0.1:${server.port}`);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['cache-control']).toBe('no-store');
    const asset = await raw(server.port, '/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses a missing or wrong secret and a missing or wrong cookie', async () => {
    expect((await raw(server.port, '/')).status).toBe(403);
    expect((await raw(server.port, '/assets/app.js')).status).toBe(403);
    expect((await raw(server.port, '/?secret=wrong')).status).toBe(403);
    const secret = new URL(server.popupUrl).searchParams.get('secret') ?? '';
    expect((await raw(server.port, `/?secret=${secret.slice(0, -1)}`)).status).toBe(403);
    expect((await raw(server.port, '/', { cookie: `${cookie.split('=')[0]}=forged` })).status).toBe(403);
  });

  it('refuses a Host that is not the server itself (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, '127.0.0.1']) {
      const answer = await raw(server.port, '/', { cookie, host });
      expect(answer.status, host).toBe(403);
    }
    expect((await raw(server.port, '/', { cookie, host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin, and a non-GET even from its own origin', async () => {
    expect((await raw(server.port, '/', { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await raw(server.port, '/', { cookie, origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await raw(server.port, '/', { cookie, origin: 'http://evil.example' }, 'POST')).status).toBe(403);
    expect((await raw(server.port, '/', { cookie, origin: server.origin }, 'POST')).status).toBe(405);
  });

  it('makes path traversal impossible', async () => {
    for (const hostile of ['/../outside-secret.txt', '/..%2foutside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%5c..%5coutside-secret.txt', '/assets%2f..%2f..%2foutside-secret.txt', '/index.html%00.js', '/%']) {
      const answer = await raw(server.port, hostile, { cookie });
      expect([403, 404], hostile).toContain(answer.status);
      expect(answer.body, hostile).not.toContain('TOP SECRET');
    }
    expect((await raw(server.port, '/nope.js', { cookie })).status).toBe(404);
  });

  it('refuses the WebSocket upgrade without the cookie, from a foreign origin or a wrong Host', async () => {
    await expect(connectBridge(server.origin, '')).rejects.toThrow(/403/);
    await expect(connectBridge(server.origin, cookie, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connectBridge(server.origin, cookie, { host: 'evil.example' })).rejects.toThrow(/403/);
    expect(calls).toEqual([]);
    const ok = await connectBridge(server.origin, cookie);
    await expect(ok.call('app.info', {})).resolves.toEqual({ ok: true, value: null });
    ok.close();
  });

  it('drops a client that stops answering pings, and keeps one that answers', async () => {
    const open = (autoPong: boolean) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/bridge-fast`, { headers: { cookie, origin: server.origin }, autoPong });
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const silent = await open(false);
    const lively = await open(true);
    const code = await new Promise<number>((resolve) => silent.once('close', (c) => resolve(c)));
    expect(code).toBe(1006); // terminated, no close frame
    expect(lively.readyState).toBe(WebSocket.OPEN);
    lively.close();
  });
});
