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
  const outcome = await page.evaluate(async (target) => {
    const results: Record<string, string> = {};
    try {
      const res = await fetch(`${target}/`, { credentials: 'include' });
      results.fetch = `status ${res.status}`;
    } catch (err) {
      results.fetch = `failed: ${String(err)}`;
    }
    try {
      await fetch(`${target}/`, { mode: 'no-cors', credentials: 'include' });
      results.noCors = 'opaque';
    } catch (err) {
      results.noCors = `failed: ${String(err)}`;
    }
    results.ws = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${target.replace('http', 'ws')}/bridge`);
      ws.onopen = () => resolve('open');
      ws.onerror = () => resolve('error');
      setTimeout(() => resolve('timeout'), 10_000);
    });
    return results;
  }, herald.host.origin);
  expect(outcome.fetch).toMatch(/^failed/);
  expect(outcome.ws).toBe('error');
});
