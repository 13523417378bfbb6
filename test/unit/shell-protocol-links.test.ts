// The herald:// scheme: strict parsing of untrusted URLs, finding one on a Windows command line,
// and the registration calls per OS (Electron's app faked; the binary cannot run here).
import { EventEmitter } from 'node:events';
import { win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/log.ts';
import {
  HERALD_LINK_ACTIONS,
  MAX_HERALD_URL_LENGTH,
  MAX_INTENT_ID_LENGTH,
  findHeraldUrl,
  heraldNotificationUrl,
  parseHeraldUrl,
  registerProtocol,
  shouldClaimScheme,
  type ProtocolApp,
  type RegisterProtocolOptions,
} from '../../main/shell/protocol-links.ts';

describe('parseHeraldUrl', () => {
  it('round-trips intent ids with ":" and other reserved characters, for every action', () => {
    const ids = ['mail:acc:m1', 'reminder:0f1e-42:AAMkAD/x+y==:1764320400000', 'summary:a b:%41', 'mail:ünï:😀'];
    for (const intentId of ids) {
      for (const action of HERALD_LINK_ACTIONS) {
        const url = heraldNotificationUrl(intentId, action);
        expect(url).not.toContain(':acc:');
        expect(parseHeraldUrl(url)).toEqual({ kind: 'notification', intentId, action });
      }
    }
  });

  it('accepts the scheme and host in any case and one trailing slash (Windows adds it)', () => {
    expect(parseHeraldUrl('HERALD://Notification/mail%3Aacc%3Am1/markRead/')).toEqual({ kind: 'notification', intentId: 'mail:acc:m1', action: 'markRead' });
  });

  it('rejects other schemes, hosts, unknown actions and missing parts', () => {
    for (const url of [
      'https://notification/mail%3Aa%3Am/markRead',
      'heraldx://notification/mail%3Aa%3Am/markRead',
      'herald:notification/mail%3Aa%3Am/markRead',
      'herald://notifications/mail%3Aa%3Am/markRead',
      'herald://evil.example/mail%3Aa%3Am/markRead',
      'herald://user@notification/mail%3Aa%3Am/markRead',
      'herald://notification:80/mail%3Aa%3Am/markRead',
      'herald://notification/mail%3Aa%3Am/delete',
      'herald://notification/mail%3Aa%3Am/MARKREAD',
      'herald://notification/mail%3Aa%3Am/fixAccount',
      'herald://notification/mail%3Aa%3Am/',
      'herald://notification/mail%3Aa%3Am',
      'herald://notification//markRead',
      'herald://notification/',
      'herald://',
      'herald://notification/a/b/markRead',
      'herald://notification/mail%3Aa%3Am/markRead?x=1',
      'herald://notification/mail%3Aa%3Am/markRead#x',
      'herald://notification/mail%3Aa%3Am/markRead//',
      ' herald://notification/mail%3Aa%3Am/markRead',
      'herald://notification/mail a/markRead',
      'herald://notification/mail%5Ca/markRead\n',
      '',
    ]) {
      expect(parseHeraldUrl(url), url).toBeNull();
    }
  });

  it('rejects malformed escapes, control characters and overlong input without throwing', () => {
    expect(parseHeraldUrl('herald://notification/%E0%A4%A/markRead')).toBeNull();
    expect(parseHeraldUrl('herald://notification/%ZZ/markRead')).toBeNull();
    expect(parseHeraldUrl('herald://notification/mail%00x/markRead')).toBeNull();
    expect(parseHeraldUrl('herald://notification/mail%0Ax/markRead')).toBeNull();
    const longId = 'x'.repeat(MAX_HERALD_URL_LENGTH);
    expect(parseHeraldUrl(`herald://notification/${longId}/markRead`)).toBeNull();
    expect(parseHeraldUrl(`herald://notification/${'%41'.repeat(500)}/markRead`)?.intentId).toBe('A'.repeat(500));
    // The URL is under its limit, the id over its own.
    expect(parseHeraldUrl(`herald://notification/${'x'.repeat(MAX_INTENT_ID_LENGTH + 1)}/markRead`)).toBeNull();
    expect(parseHeraldUrl(`herald://notification/${'x'.repeat(MAX_INTENT_ID_LENGTH)}/markRead`)?.intentId).toHaveLength(MAX_INTENT_ID_LENGTH);
  });

  it('never throws on non-strings', () => {
    for (const value of [undefined, null, 42, {}, ['herald://notification/a/markRead'], Symbol('x')]) {
      expect(parseHeraldUrl(value)).toBeNull();
    }
  });
});

describe('findHeraldUrl', () => {
  it('finds the URL among Chromium switches on a Windows second-instance argv', () => {
    const url = heraldNotificationUrl('mail:acc:m1', 'archive');
    const argv = ['C:\\Users\\Megan\\AppData\\Local\\Programs\\Herald\\Herald.exe', '--allow-file-access-from-files', '--original-process-start-time=1337', url];
    expect(findHeraldUrl(argv)).toBe(url);
    // Development: electron.exe <script> <url>
    expect(findHeraldUrl(['C:\\dev\\node_modules\\electron\\dist\\electron.exe', 'C:\\dev\\out\\main\\index.js', url])).toBe(url);
  });

  it('the last one wins; none → null; overlong ones are skipped', () => {
    expect(findHeraldUrl(['Herald.exe', 'herald://notification/a/default', 'HERALD://notification/b/markRead'])).toBe('HERALD://notification/b/markRead');
    expect(findHeraldUrl(['Herald.exe', '--hidden'])).toBeNull();
    expect(findHeraldUrl([])).toBeNull();
    expect(findHeraldUrl(['Herald.exe', `herald://notification/${'x'.repeat(MAX_HERALD_URL_LENGTH)}/default`])).toBeNull();
    expect(findHeraldUrl(['Herald.exe', 'https://herald.example', 'xherald://notification/a/default'])).toBeNull();
  });
});

class FakeApp extends EventEmitter {
  readonly claims: unknown[][] = [];
  constructor(private readonly answer: boolean | Error = true) {
    super();
  }
  setAsDefaultProtocolClient(...args: unknown[]): boolean {
    this.claims.push(args);
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

function register(platform: string, overrides: Partial<RegisterProtocolOptions> = {}, app = new FakeApp()) {
  const urls: string[] = [];
  const registration = registerProtocol({
    app: app as unknown as ProtocolApp,
    platform,
    onUrl: (url) => urls.push(url),
    claimScheme: true,
    defaultApp: false,
    execPath: 'C:\\Herald\\Herald.exe',
    argv: ['C:\\Herald\\Herald.exe'],
    resolvePath: (path) => win32.resolve('C:\\dev', path),
    logger: silentLogger,
    ...overrides,
  });
  return { app, urls, registration };
}

function openUrlEvent() {
  const event = { prevented: 0, preventDefault: () => void (event.prevented += 1) };
  return event;
}

describe('registerProtocol', () => {
  it('packaged, every OS: claims "herald" with no path; macOS alone listens to open-url', () => {
    for (const platform of ['win32', 'darwin', 'linux']) {
      const { app, registration } = register(platform);
      expect(app.claims).toEqual([['herald']]);
      expect(registration.registered).toBe(true);
      expect(app.listenerCount('open-url')).toBe(platform === 'darwin' ? 1 : 0);
    }
  });

  it('Windows development (process.defaultApp): the Electron binary plus the resolved script path', () => {
    const { app } = register('win32', { defaultApp: true, execPath: 'C:\\dev\\electron.exe', argv: ['C:\\dev\\electron.exe', 'out\\main\\index.js'] });
    expect(app.claims).toEqual([['herald', 'C:\\dev\\electron.exe', ['C:\\dev\\out\\main\\index.js']]]);
  });

  it('macOS: open-url is handled (preventDefault) and handed over', () => {
    const { app, urls } = register('darwin');
    const event = openUrlEvent();
    app.emit('open-url', event, 'herald://notification/a/markRead');
    expect(event.prevented).toBe(1);
    expect(urls).toEqual(['herald://notification/a/markRead']);
  });

  it('second-instance / first-launch argv: a herald:// URL goes to onUrl; other command lines do not', () => {
    const { urls, registration } = register('win32');
    expect(registration.handleArgv(['Herald.exe', '--hidden'])).toBe(false);
    expect(registration.handleArgv(['Herald.exe', 'herald://notification/mail%3Aa%3Am/archive'])).toBe(true);
    expect(urls).toEqual(['herald://notification/mail%3Aa%3Am/archive']);
  });

  it('claimScheme false (tests, Linux/macOS development): nothing registered, links still handled', () => {
    const { app, urls, registration } = register('darwin', { claimScheme: false });
    expect(app.claims).toEqual([]);
    expect(registration.registered).toBe(false);
    app.emit('open-url', openUrlEvent(), 'herald://notification/a/default');
    expect(urls).toHaveLength(1);
  });

  it('a refused or throwing registration does not break start-up', () => {
    expect(register('linux', {}, new FakeApp(false)).registration.registered).toBe(false);
    const failing = register('win32', {}, new FakeApp(new Error('registry locked')));
    expect(failing.registration.registered).toBe(false);
    expect(failing.registration.handleArgv(['Herald.exe', 'herald://notification/a/default'])).toBe(true);
  });
});

describe('shouldClaimScheme', () => {
  it('packaged builds and Windows development; never a test run', () => {
    expect(shouldClaimScheme({ packaged: true, platform: 'linux', testRun: false })).toBe(true);
    expect(shouldClaimScheme({ packaged: true, platform: 'darwin', testRun: false })).toBe(true);
    expect(shouldClaimScheme({ packaged: false, platform: 'win32', testRun: false })).toBe(true);
    expect(shouldClaimScheme({ packaged: false, platform: 'linux', testRun: false })).toBe(false);
    expect(shouldClaimScheme({ packaged: false, platform: 'darwin', testRun: false })).toBe(false);
    expect(shouldClaimScheme({ packaged: true, platform: 'win32', testRun: true })).toBe(false);
  });
});
