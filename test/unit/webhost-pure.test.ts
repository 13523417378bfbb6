// The web host's pure helpers: path checks, cookie parsing, constant-time compare, notification
// actions, URL opener choice, CLI arguments, and Electron binary detection for the demo.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../main/demo/electron-binary.ts';
import type { MailIntent, ReminderIntent } from '../../main/core/notify/notification-intent.ts';
import { parseWebHostArgs } from '../../main/webhost/cli.ts';
import { escapeMarkup, notificationActions } from '../../main/freedesktop/dbus-notifier.ts';
import { randomToken, readCookie, sameSecret } from '../../main/webhost/request-guard.ts';
import { contentSecurityPolicy } from '../../main/webhost/server.ts';
import { safeRelativePath } from '../../main/webhost/static-files.ts';
import { navigateTarget } from '../../main/core/app/app-views.ts';
import { openerFor } from '../../main/webhost/web-host-ports.ts';

describe('safeRelativePath', () => {
  it('maps ordinary paths and the root', () => {
    expect(safeRelativePath('/')).toBe('index.html');
    expect(safeRelativePath('/assets/index-abc.js')).toBe('assets/index-abc.js');
    expect(safeRelativePath('/assets//x.css')).toBe('assets/x.css');
    expect(safeRelativePath('/a%20b.txt')).toBe('a b.txt');
  });
  it.each(['/../x', '/a/../../x', '/%2e%2e/x', '/a%2fb', '/a%2Fb', '/a%5cb', '/a\\b', '/a%00b', '/%', '/./x'])('refuses %s', (hostile) => {
    expect(safeRelativePath(hostile)).toBeNull();
  });
});

describe('request guard helpers', () => {
  it('makes 32-byte base64url tokens', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(token);
  });
  it('compares secrets exactly', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('ab', 'abc')).toBe(false);
    expect(sameSecret('', 'abc')).toBe(false);
  });
  it('reads one cookie and ignores look-alikes', () => {
    expect(readCookie('a=1; herald_session_5=xyz; b=2', 'herald_session_5')).toBe('xyz');
    expect(readCookie('herald_session_50=xyz', 'herald_session_5')).toBeNull();
    expect(readCookie(undefined, 'x')).toBeNull();
    expect(readCookie('garbage', 'x')).toBeNull();
  });
  it('builds a CSP that allows only our own scripts and socket', () => {
    const csp = contentSecurityPolicy(4321);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain('connect-src \'self\' ws://127.0.0.1:4321 ws://localhost:4321');
  });
});

const mail: MailIntent = {
  type: 'mail',
  id: 'mail:a:m',
  accountId: 'a',
  messageId: 'm',
  title: 'Adele',
  body: 'Hi <b>&',
  sender: 'Adele',
  vip: false,
  actions: [
    { kind: 'markRead', label: 'Mark as read' },
    { kind: 'archive', label: 'Archive' },
  ],
  target: { kind: 'message', accountId: 'a', messageId: 'm' },
  createdAt: 0,
  silent: false,
};

describe('notification helpers', () => {
  it('lists default first, then the intent actions as key/label pairs', () => {
    expect(notificationActions(mail)).toEqual(['default', 'Open', 'markRead', 'Mark as read', 'archive', 'Archive']);
    const reminder: ReminderIntent = {
      ...mail,
      type: 'reminder',
      id: 'reminder:a:e:1',
      eventId: 'e',
      fireAt: 1,
      startsAt: '2026-01-01T00:00:00Z',
      target: { kind: 'event', accountId: 'a', eventId: 'e' },
      actions: [
        { kind: 'join', label: 'Join', url: 'https://teams.example/x' },
        { kind: 'snooze', label: 'Snooze', minutes: 5 },
        { kind: 'dismiss', label: 'Dismiss' },
        { kind: 'fixAccount', label: 'Fix' },
      ],
    };
    expect(notificationActions(reminder)).toEqual(['default', 'Open', 'join', 'Join', 'snooze', 'Snooze', 'dismiss', 'Dismiss']);
  });
  it('escapes body markup', () => {
    expect(escapeMarkup('a <b> & c')).toBe('a &lt;b&gt; &amp; c');
  });
  it('maps intent targets to navigate targets', () => {
    expect(navigateTarget({ kind: 'message', accountId: 'a', messageId: 'm' })).toEqual({ kind: 'message', accountId: 'a', messageId: 'm' });
    expect(navigateTarget({ kind: 'account', accountId: 'a' })).toEqual({ kind: 'settings' });
  });
  it('opens URLs with the platform opener', () => {
    expect(openerFor('linux').command).toBe('xdg-open');
    expect(openerFor('darwin').command).toBe('open');
    expect(openerFor('win32').command).toBe('explorer');
    expect(openerFor('linux').args('https://x.example/?a=1;b')).toEqual(['https://x.example/?a=1;b']);
  });
});

describe('web host CLI arguments', () => {
  it('parses port, profile and a loopback simulator URL', () => {
    expect(parseWebHostArgs(['--port', '8080', '--profile', '/srv/herald/profile', '--sim', 'http://127.0.0.1:9000/'])).toEqual({ port: 8080, profileDir: '/srv/herald/profile', simulatorUrl: 'http://127.0.0.1:9000' });
  });
  it.each([['--port', 'x'], ['--port', '70000'], ['--sim', 'http://evil.example'], ['--nope']])('refuses %s %s', (...argv) => {
    expect(parseWebHostArgs(argv)).toHaveProperty('error');
  });
});

describe('findElectronBinary', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'herald-electron-detect-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds nothing without path.txt, or when the file it names is missing', async () => {
    expect(findElectronBinary(root, {})).toBeNull();
    await mkdir(path.join(root, 'node_modules', 'electron'), { recursive: true });
    await writeFile(path.join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(findElectronBinary(root, {})).toBeNull();
  });
  it('finds dist/<path.txt> and honours ELECTRON_OVERRIDE_DIST_PATH', async () => {
    await mkdir(path.join(root, 'node_modules', 'electron', 'dist'), { recursive: true });
    await writeFile(path.join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(findElectronBinary(root, {})).toBe(path.join(root, 'node_modules', 'electron', 'dist', 'electron'));
    const override = path.join(root, 'custom');
    await mkdir(override);
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBeNull();
    await writeFile(path.join(override, 'electron'), '');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(path.join(override, 'electron'));
  });
});
