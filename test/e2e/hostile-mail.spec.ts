// Mail HTML is hostile input: scripts, event handlers and javascript: links run nothing, and no
// remote resource (image, stylesheet, CSS background, font, frame, refresh) is fetched until the
// user asks with "Show images". The remote URLs point at a loopback server that counts hits.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, mail, row, test, WORK_USER } from './fixtures.ts';

function hostileHtml(base: string): string {
  return `<html><head>
<meta http-equiv="refresh" content="0;url=${base}/refresh">
<base href="${base}/base/">
<link rel="stylesheet" href="${base}/sheet.css">
<style>@import url("${base}/import.css"); @font-face { font-family: Evil; src: url("${base}/font.woff2"); } body { font-family: Evil; background: url("${base}/body-bg.png"); }</style>
</head><body>
<p id="content">Quarterly report attached.</p>
<script>window.__pwned = 'script'; parent.__pwned = 'script'; alert('script');</script>
<img src="${base}/pixel.png" alt="tracker">
<img src="does-not-exist" onerror="parent.__pwned = 'onerror'; alert('onerror')">
<img srcset="${base}/srcset.png 2x">
<svg><script>parent.__pwned = 'svg'</script><image href="${base}/svg-image.png" /></svg>
<div style="background-image: url('${base}/inline-bg.png')">styled</div>
<a id="js-link" href="javascript:parent.__pwned='link';alert('link')">Click me</a>
<iframe src="${base}/frame.html"></iframe>
<object data="${base}/object.swf"></object>
<form action="${base}/form"><input name="q"><button>Go</button></form>
<video poster="${base}/poster.png"></video>
</body></html>`;
}

let server: Server;
let hits: string[] = [];
let base = '';

test.beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('hostile mail runs nothing and loads nothing remote until "Show images"', async ({ herald, openPopup }) => {
  hits = [];
  const { id } = await herald.admin.addMessage(WORK_USER.upn, mail('Quarterly report', { bodyHtml: hostileHtml(base) }));
  await herald.signIn(WORK_USER.upn);
  const page = await openPopup();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  await row(page, id).click();
  const view = page.getByTestId('message-view');
  const body = page.frameLocator('iframe[title="Message body"]');
  await expect(body.locator('#content')).toHaveText('Quarterly report attached.');
  await expect(view.getByRole('button', { name: 'Show images' })).toBeVisible();

  // Clicking the javascript: link neither runs it nor navigates anything.
  await body.getByText('Click me').click();

  // Every remote fetch would have started by the time the frame's document has loaded.
  const frame = await (await page.locator('iframe[title="Message body"]').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no message frame');
  await expect.poll(() => frame.evaluate('document.readyState')).toBe('complete');
  expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
  expect(await frame.evaluate('typeof window.__pwned')).toBe('undefined');
  // Page-side code is source text: the Node tsconfig has no DOM types.
  expect(await frame.evaluate(`document.querySelectorAll('script, iframe, object, embed, form, base, meta[http-equiv]:not([http-equiv="Content-Security-Policy" i])').length`)).toBe(0);
  expect(dialogs).toEqual([]);
  expect(hits).toEqual([]);
  expect(herald.opened).toEqual([]);
  // The page never navigated away from the popup.
  expect(page.url()).toBe(`${herald.host.origin}/`);

  // "Show images" re-renders the frame with remote images allowed: still nothing runs.
  await view.getByRole('button', { name: 'Show images' }).click();
  await expect(view.getByRole('button', { name: 'Show images' })).toHaveCount(0);
  await expect(body.locator('#content')).toHaveText('Quarterly report attached.');
  const shown = await (await page.locator('iframe[title="Message body"]').elementHandle())?.contentFrame();
  await expect.poll(() => shown?.evaluate('document.readyState')).toBe('complete');
  expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
  expect(dialogs).toEqual([]);
});
