// The web host from a browser's point of view: without the secret the page is refused, and a
// page from another origin (another loopback port) can neither read the host nor open its bridge.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures.ts';

let foreign: Server;
let foreignOrigin = '';

test.beforeAll(async () => {
  foreign = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Elsewhere</title><p>a foreign page</p>');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => foreign.close(() => resolve()));
});

test('refuses the popup without the secret or with a wrong one', async ({ herald, page }) => {
  const bare = await page.goto(`${herald.host.origin}/`);
  expect(bare?.status()).toBe(403);
  const wrong = await page.goto(`${herald.host.origin}/?secret=not-the-secret`);
  expect(wrong?.status()).toBe(403);
  await expect(page.getByTestId('message-list')).toHaveCount(0);
});

test('a page from another origin can neither fetch from the host nor open its WebSocket', async ({ herald, openPopup, page }) => {
  // Even with the session cookie in this browser (same site: cookies ignore ports) …
  await openPopup();
  await page.goto(foreignOrigin);
  // What the host answered, seen on the network (a CORS failure alone would hide it from the
  // page: only the host's own Origin check makes these 403s).
  const answers: { method: string; url: string; status: number; setCookie: string | null }[] = [];
  page.on('response', (response) => {
    if (!response.url().startsWith(herald.host.origin)) return;
    answers.push({ method: response.request().method(), url: response.url(), status: response.status(), setCookie: response.headers()['set-cookie'] ?? null });
  });
  const outcome = await page.evaluate(
    async ({ target, secret }) => {
      const results: Record<string, string> = {};
      try {
        const res = await fetch(`${target}/`, { credentials: 'include' });
        results.fetch = `status ${res.status}`;
      } catch (err) {
        results.fetch = `failed: ${String(err)}`;
      }
      // A write the page cannot read the answer of: a no-cors POST carrying the secret, which
      // would exchange it for a session if the host trusted any Origin.
      try {
        await fetch(`${target}/?secret=${encodeURIComponent(secret)}`, { method: 'POST', mode: 'no-cors', credentials: 'include', body: 'x' });
        results.post = 'opaque';
      } catch (err) {
        results.post = `failed: ${String(err)}`;
      }
      results.ws = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${target.replace('http', 'ws')}/bridge`);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('error');
        setTimeout(() => resolve('timeout'), 10_000);
      });
      return results;
    },
    { target: herald.host.origin, secret: new URL(herald.host.popupUrl).searchParams.get('secret') ?? '' },
  );
  expect(outcome.fetch).toMatch(/^failed/);
  expect(outcome.post).toBe('opaque');
  expect(outcome.ws).toBe('error');
  // The read failing proves little (CORS alone blocks it, and Chromium reports no response for
  // it). The write does: the host itself refused it with 403 (without its Origin check it would
  // answer 405), and no session cookie was handed out.
  await expect.poll(() => answers.filter((a) => a.method === 'POST').map((a) => a.status)).toEqual([403]);
  expect(answers.filter((a) => a.setCookie !== null)).toEqual([]);
});
