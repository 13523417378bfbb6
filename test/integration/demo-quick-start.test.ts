// The README's Quick start on a fresh clone: `npm run demo` with no popup build anywhere (out/ is
// not committed) must build it and serve a working popup, not a page of 404s. The demo runs as
// the user runs it (a child process through tsx, web host forced), with its popup build pointed
// at an empty scratch directory (HERALD_RENDERER_DIR) so the repository's own out/ — which other
// tests serve — is never rebuilt under them. Wall-clock limits are generous: the child builds
// with Vite on a loaded 2-core machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PopupNotBuiltError, startWebHost } from '../../main/webhost/main.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STARTUP_LIMIT_MS = 150_000;

let child: ChildProcess | null = null;
const scratch: string[] = [];

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  child = null;
  for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Resolves with the first stdout line matching `pattern`; rejects with everything printed if the child exits or the limit passes. */
function waitForLine(proc: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`demo printed no line matching ${pattern} within ${STARTUP_LIMIT_MS / 1000} s:\n${output}`)), STARTUP_LIMIT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split('\n')) {
        const match = pattern.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match);
          return;
        }
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited (${code}) before printing ${pattern}:\n${output}`));
    });
  });
}

describe('npm run demo on a fresh clone', () => {
  it('builds the popup it serves, and the popup loads (page, script and style) with the session cookie', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'herald-demo-build-'));
    scratch.push(dir);
    const rendererDir = path.join(dir, 'renderer');
    expect(existsSync(rendererDir)).toBe(false);
    child = spawn(process.execPath, ['--import', 'tsx', 'main/demo/cli.ts', '--web'], {
      cwd: REPO_ROOT,
      env: { ...process.env, HERALD_RENDERER_DIR: rendererDir, HERALD_NO_RELAUNCH: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, popupUrl] = await waitForLine(child, /^Popup: (http:\/\/127\.0\.0\.1:\d+\/\?secret=\S+)$/);
    expect(existsSync(path.join(rendererDir, 'index.html'))).toBe(true);

    const entry = await fetch(popupUrl ?? '', { redirect: 'manual' });
    expect(entry.status).toBe(303);
    const cookie = (entry.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).not.toBe('');
    const origin = new URL(popupUrl ?? '').origin;
    const page = await fetch(`${origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(assets.some((a) => a?.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a?.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const res = await fetch(`${origin}/${asset}`, { headers: { cookie } });
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
  }, STARTUP_LIMIT_MS + 30_000);

  it('the web host refuses to start without a popup build, saying how to make one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'herald-no-popup-'));
    scratch.push(dir);
    const started = startWebHost({ profileDir: dir, rendererDir: path.join(dir, 'nothing-here'), notifications: 'page', tokenCache: 'memory' });
    await expect(started).rejects.toBeInstanceOf(PopupNotBuiltError);
    await expect(started).rejects.toThrow(/index\.html is missing\. Run `npm run build:renderer`/);
  });
});
