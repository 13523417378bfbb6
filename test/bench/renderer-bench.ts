// Renderer benchmarks in Debian's Chromium against the real web host on the simulator:
// - popup_ready_ms: navigation → the inbox's first rows painted (`performance.mark('herald:inbox-painted')`,
//   read as its startTime, i.e. relative to navigation start) with 200 messages; baseline: a static page
//   with 200 plain rows served by the same server, marking after its first frame.
// - list_scroll_p95_frame_ms: scroll a list of 10,000 messages 120 px per animation frame (600 frames) and take the
//   95th percentile frame interval, with vsync off (--disable-gpu-vsync --disable-frame-rate-limit)
//   so the interval is the time to produce a frame, not the display's 16.7 ms; baseline: the same
//   measurement on a static list of 10,000 plain rows.
// - renderer_gzip_kb: the built JS + CSS, each file gzip -9, summed.
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_RENDERER_DIR } from '../../main/webhost/main.ts';
import { PERSONAL_USER, startWebHostFixture, WORK_USER, type WebHostFixture } from '../support/webhost-fixture.ts';
import type { Figure } from './results-file.ts';

const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Static baseline pages next to the real renderer, served by the same server (same headers, same CSP). */
async function rendererWithBaselines(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'herald-bench-renderer-'));
  await cp(DEFAULT_RENDERER_DIR, dir, { recursive: true });
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => `<div class="row"><b>Sender ${i}</b> <span>Subject line number ${i}</span><p>Preview text of message ${i}</p></div>`).join('\n');
  const page = (n: number, scroll: boolean) =>
    `<!doctype html><html><head><meta charset="utf-8"><style>.row{height:68px;box-sizing:border-box;padding:6px;border-bottom:1px solid #ddd;font:14px system-ui}.row p{margin:2px 0;color:#666}${scroll ? '#list{height:100vh;overflow:auto}' : ''}</style></head><body><div id="list" data-testid="message-list">${rows(n)}</div><script src="baseline.js"></script></body></html>`;
  await writeFile(path.join(dir, 'baseline-200.html'), page(200, false));
  await writeFile(path.join(dir, 'baseline-10000.html'), page(10_000, true));
  await writeFile(path.join(dir, 'baseline.js'), "requestAnimationFrame(() => { performance.mark('herald:inbox-painted'); document.documentElement.dataset.inboxReady = 'true'; });\n");
  return dir;
}

/** The little of the page's globals the predicates read (the Node tsconfig has no DOM types).
 * Predicates are functions, not strings: the page's CSP forbids eval, which string predicates need. */
interface PageGlobals {
  document: { documentElement: { dataset: Record<string, string | undefined> }; querySelector(selector: string): { scrollHeight: number } | null };
}
const inboxReady = () => (globalThis as unknown as PageGlobals).document.documentElement.dataset.inboxReady === 'true';
const listFullyLoaded = () => ((globalThis as unknown as PageGlobals).document.querySelector('[data-testid="message-list"]')?.scrollHeight ?? 0) > 68 * 9000;

async function paintedAt(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(inboxReady, undefined, { timeout: 30_000 });
  const at: unknown = await page.evaluate("performance.getEntriesByName('herald:inbox-painted')[0]?.startTime");
  if (typeof at !== 'number') throw new Error('no herald:inbox-painted mark');
  return at;
}

/**
 * Scrolls the list one step per frame and returns the p95 frame interval (ms). Passed as source
 * text: tsx (esbuild keepNames) would wrap named functions in a helper the page does not have.
 */
const SCROLL_SCRIPT = `(async () => {
  const list = document.querySelector('[data-testid="message-list"]');
  if (!list) throw new Error('no message list');
  const intervals = [];
  // A fast wheel flick: 120 px (almost two rows) per frame for 600 frames.
  const frames = 600;
  const step = 120;
  await new Promise((resolve) => {
    let last = 0;
    let count = 0;
    const onFrame = (t) => {
      if (last > 0) intervals.push(t - last);
      last = t;
      list.scrollTop += step;
      if (++count < frames) requestAnimationFrame(onFrame);
      else resolve();
    };
    requestAnimationFrame(onFrame);
  });
  intervals.sort((a, b) => a - b);
  return intervals[Math.floor(intervals.length * 0.95)];
})()`;

async function scrollP95(page: Page): Promise<number> {
  const p95: unknown = await page.evaluate(SCROLL_SCRIPT);
  if (typeof p95 !== 'number') throw new Error('scroll measurement failed');
  return p95;
}

/** Per account the engine keeps at most 5,000 messages, so big lists are split over two accounts
 * and shown merged ("All accounts"), as a user with two busy mailboxes would see them. */
async function withHost<T>(messages: number, run: (fx: WebHostFixture, rendererDir: string) => Promise<T>): Promise<T> {
  const rendererDir = await rendererWithBaselines();
  const users = messages > 5000 ? [WORK_USER, PERSONAL_USER] : [WORK_USER];
  const fx = await startWebHostFixture({ rendererDir, users });
  try {
    // Within the engine's sync window (14 days), so every message is listed.
    const now = Date.now();
    for (const [i, user] of users.entries()) {
      await fx.admin.bulkMessages(user.upn, {
        count: messages / users.length,
        seed: 7 + i,
        unreadRatio: 0.3,
        startDateTime: new Date(now - 5 * 86_400_000).toISOString(),
        endDateTime: new Date(now).toISOString(),
      });
      await fx.signIn(user.upn);
    }
    // A cycle fetches at most 40 delta pages (account-sync.ts): a big first sync takes a few.
    let total = 0;
    for (let cycle = 0; cycle < 20 && total < messages; cycle++) {
      await fx.host.app.checkNow();
      const listed = await fx.host.app.dispatch('messages.list', { accountId: null, limit: 1 });
      total = listed.ok ? (listed.value as { total: number }).total : 0;
    }
    if (total !== messages) throw new Error(`bench: ${total} of ${messages} messages synced`);
    return await run(fx, rendererDir);
  } finally {
    await fx.close();
    await rm(rendererDir, { recursive: true, force: true });
  }
}

async function session(browser: Browser, fx: WebHostFixture): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 380, height: 600 } });
  const page = await context.newPage();
  await page.goto(fx.host.popupUrl); // sets the session cookie; later navigations measure from a warm server
  await page.waitForFunction(inboxReady, undefined, { timeout: 60_000 });
  return page;
}

export async function popupReadyFigures(): Promise<Record<string, Figure>> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    return await withHost(200, async (fx) => {
      const page = await session(browser, fx);
      const ours: number[] = [];
      const base: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        ours.push(await paintedAt(page, `${fx.host.origin}/`));
        base.push(await paintedAt(page, `${fx.host.origin}/baseline-200.html`));
      }
      const value = Math.round(median(ours));
      return {
        popup_ready_ms: { value, unit: 'ms', target: '<= 150', baseline: Math.round(median(base)), met: value <= 150, note: `median of ${RUNS} navigations to 200 messages painted; baseline = static page of 200 plain rows from the same server` },
      };
    });
  } finally {
    await browser.close();
  }
}

export async function scrollFigures(): Promise<Record<string, Figure>> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--disable-gpu-vsync', '--disable-frame-rate-limit'] });
  try {
    return await withHost(10_000, async (fx) => {
      const page = await session(browser, fx);
      await page.waitForFunction(listFullyLoaded, undefined, { timeout: 60_000 });
      const ours = await scrollP95(page);
      await page.goto(`${fx.host.origin}/baseline-10000.html`);
      const base = await scrollP95(page);
      const value = round1(ours);
      return {
        list_scroll_p95_frame_ms: { value, unit: 'ms', target: '<= 16', baseline: round1(base), met: value <= 16, note: 'p95 rAF interval scrolling 10,000 messages (two accounts, All) 120 px per frame, vsync off; baseline = static list of 10,000 plain rows' },
      };
    });
  } finally {
    await browser.close();
  }
}

export async function bundleFigures(rendererDir = DEFAULT_RENDERER_DIR): Promise<Record<string, Figure>> {
  const assets = path.join(rendererDir, 'assets');
  const files = (await readdir(assets)).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  let bytes = 0;
  for (const file of files) bytes += gzipSync(await readFile(path.join(assets, file)), { level: 9 }).length;
  const value = round1(bytes / 1024);
  return { renderer_gzip_kb: { value, unit: 'KB', target: '<= 150', met: value <= 150, note: `${files.length} files (JS + CSS) in out/renderer/assets, gzip -9 each` } };
}

/** The popup has been built into out/renderer. */
export function rendererBuilt(): boolean {
  return existsSync(path.join(DEFAULT_RENDERER_DIR, 'index.html'));
}

export async function rendererFigures(): Promise<Record<string, Figure>> {
  return { ...(await bundleFigures()), ...(await popupReadyFigures()), ...(await scrollFigures()) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  rendererFigures().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
