// A static check of Electron settings that backs up Electronegativity where it cannot see across
// files (docs/security.md, "Electronegativity findings"): no insecure webPreferences anywhere in
// main/ or preload/, every BrowserWindow built from popupWindowOptions(), shell.openExternal only
// behind the scheme allow-list, and window.open always denied.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isSafeExternalUrl } from '../../main/core/app/host-ports.ts';
import { silentLogger } from '../../main/core/log.ts';
import { popupWindowOptions } from '../../main/shell/popup-window.ts';
import { windowOpenDecision } from '../../main/shell/window-security.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|js|mjs|cjs|html)$/.test(name)) out.push({ file: rel, text: readFileSync(path.join(ROOT, rel), 'utf8') });
  }
  return out;
}

const CODE = [...sources('main'), ...sources('preload')];

/** webPreferences that turn an Electron security default off (Electron security checklist). */
const INSECURE_SETTINGS: readonly RegExp[] = [
  /nodeIntegration\s*:\s*true/,
  /nodeIntegrationInWorker\s*:\s*true/,
  /nodeIntegrationInSubFrames\s*:\s*true/,
  /contextIsolation\s*:\s*false/,
  /sandbox\s*:\s*false/,
  /webSecurity\s*:\s*false/,
  /allowRunningInsecureContent\s*:\s*true/,
  /experimentalFeatures\s*:\s*true/,
  /enableBlinkFeatures/,
  /webviewTag\s*:\s*true/,
  /enableRemoteModule/,
  /@electron\/remote/,
  /--no-sandbox|disable-web-security|ignore-certificate-errors/,
  /setCertificateVerifyProc|certificate-error/,
];

describe('static check: Electron settings in main/ and preload/', () => {
  it('reads the code it claims to check', () => {
    expect(CODE.length).toBeGreaterThan(50);
    expect(CODE.some((c) => c.file === path.join('main', 'shell', 'popup-window.ts'))).toBe(true);
  });

  it.each(INSECURE_SETTINGS.map((re) => [re.source, re] as const))('nothing sets %s', (_label, pattern) => {
    expect(CODE.filter((c) => pattern.test(c.text)).map((c) => c.file)).toEqual([]);
  });

  it('builds every BrowserWindow from popupWindowOptions(), whose preferences are the secure ones', () => {
    // The one construction restates the security-critical preferences over whatever it is given.
    const constructions = CODE.flatMap((c) => [...c.text.matchAll(/new BrowserWindow\(([^)]*)\)/g)].map((m) => ({ file: c.file, args: (m[1] ?? '').replace(/\s+/g, ' ').trim() })));
    expect(constructions.map((c) => c.file)).toEqual([path.join('main', 'shell', 'main.ts')]);
    expect(constructions[0]?.args).toBe(
      "{ ...options, webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' }, }",
    );
    const factoryCalls = CODE.flatMap((c) => [...c.text.matchAll(/\.createBrowserWindow\(([^)]*\)?)\)/g)].map((m) => m[1] ?? ''));
    expect(factoryCalls.length).toBeGreaterThan(0);
    for (const call of factoryCalls) expect(call).toMatch(/^popupWindowOptions\(/);

    for (const mode of ['popup', 'window'] as const) {
      const prefs = popupWindowOptions('/app/preload.cjs', mode).webPreferences;
      expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' });
      expect(prefs?.preload).toBe('/app/preload.cjs');
    }
  });

  it('calls shell.openExternal only behind the http/https/mailto allow-list (or for MSAL\'s sign-in page)', () => {
    const calls = CODE.flatMap((c) =>
      c.text.split('\n').flatMap((line, i, lines) => (line.includes('shell.openExternal(') ? [{ file: c.file, line, before: lines.slice(Math.max(0, i - 3), i).join('\n') }] : [])),
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const guarded = /isSafeExternalUrl\(/.test(call.before);
      const signInPage = /openSignInPage:/.test(call.line);
      expect({ file: call.file, line: call.line.trim(), guarded: guarded || signInPage }).toMatchObject({ guarded: true });
    }
  });

  it('denies window.open always, and hands only http/https/mailto to the OS', async () => {
    const opened: string[] = [];
    const o = { openInBrowser: vi.fn(async (url: string) => void opened.push(url)), logger: silentLogger };
    for (const url of ['https://example.com/', 'mailto:a@b.example', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'vbscript:x', 'herald://x', 'ms-msdt:/id', 'not a url']) {
      expect(windowOpenDecision({ url }, o)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://example.com/', 'mailto:a@b.example']);
  });

  it('isSafeExternalUrl accepts only http, https and mailto', () => {
    for (const url of ['https://a.example/x', 'http://a.example', 'mailto:x@y.example']) expect(isSafeExternalUrl(url), url).toBe(true);
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'file:///c:/windows', 'data:,x', 'smb://host/share', 'ms-settings:', 'chrome://settings', '//evil.example', '', ' https://a.example', 'https://a.example\n', 'https://a.\u0000example']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});
