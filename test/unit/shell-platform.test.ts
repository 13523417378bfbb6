import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ICachePlugin } from '@azure/msal-node';
import { SecretStoreUnavailableError, type CachePersistenceOptions } from '../../main/core/accounts/cache-persistence.ts';
import { APP_USER_MODEL_ID, setupPlatform, type PlatformApp } from '../../main/shell/platform-setup.ts';
import { registerProtocol, type ProtocolApp } from '../../main/shell/protocol-links.ts';
import { setupSingleInstance, type SingleInstanceApp } from '../../main/shell/single-instance.ts';
import { silentLogger } from '../../main/core/log.ts';
import { SECRET_STORE_CHOICES, openTokenCache, secretStoreDialog } from '../../main/shell/token-cache.ts';

class FakeApp extends EventEmitter {
  quits = 0;
  constructor(private readonly lock: boolean) {
    super();
  }
  requestSingleInstanceLock() {
    return this.lock;
  }
  quit() {
    this.quits += 1;
  }
}

describe('single instance', () => {
  it('first instance: keeps running; a second launch shows the popup', () => {
    const app = new FakeApp(true);
    const launches: string[][] = [];
    expect(setupSingleInstance(app as unknown as SingleInstanceApp, (argv) => launches.push(argv))).toBe(true);
    app.emit('second-instance', {}, ['herald', '--hidden'], '/');
    expect(launches).toEqual([['herald', '--hidden']]);
    expect(app.quits).toBe(0);
  });

  it('a second launch carrying a herald:// URL (a Windows toast button) goes to the protocol, not the popup', () => {
    const app = Object.assign(new FakeApp(true), { setAsDefaultProtocolClient: () => true });
    const urls: string[] = [];
    const popups: string[][] = [];
    const protocol = registerProtocol({
      app: app as unknown as ProtocolApp,
      platform: 'win32',
      onUrl: (url) => urls.push(url),
      claimScheme: false,
      defaultApp: false,
      execPath: 'Herald.exe',
      argv: ['Herald.exe'],
      resolvePath: (path) => path,
      logger: silentLogger,
    });
    // The routing main.ts wires.
    setupSingleInstance(app as unknown as SingleInstanceApp, (argv) => {
      if (!protocol.handleArgv(argv)) popups.push(argv);
    });
    app.emit('second-instance', {}, ['C:\\Herald\\Herald.exe', '--original-process-start-time=1', 'herald://notification/mail%3Aa%3Am/markRead'], 'C:\\');
    app.emit('second-instance', {}, ['C:\\Herald\\Herald.exe'], 'C:\\');
    expect(urls).toEqual(['herald://notification/mail%3Aa%3Am/markRead']);
    expect(popups).toEqual([['C:\\Herald\\Herald.exe']]);
    expect(app.quits).toBe(0);
  });

  it('second instance: quits without wiring anything', () => {
    const app = new FakeApp(false);
    expect(setupSingleInstance(app as unknown as SingleInstanceApp, () => undefined)).toBe(false);
    expect(app.quits).toBe(1);
    expect(app.listenerCount('second-instance')).toBe(0);
  });
});

describe('platform setup', () => {
  function fake() {
    const calls: string[] = [];
    const app: PlatformApp = { setAppUserModelId: (id: string) => void calls.push(`aumid:${id}`), dock: { hide: () => void calls.push('dock.hide') } };
    return { app, calls };
  }

  it('macOS hides the Dock icon; Windows sets the AppUserModelID; Linux does neither', () => {
    for (const [platform, expected] of [
      ['darwin', ['dock.hide']],
      ['win32', [`aumid:${APP_USER_MODEL_ID}`]],
      ['linux', []],
    ] as const) {
      const { app, calls } = fake();
      setupPlatform(app, platform);
      expect(calls).toEqual(expected);
    }
    expect(APP_USER_MODEL_ID).toBe('app.herald.desktop');
  });
});

describe('token cache at start-up', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function setup(secretStore: boolean, choice: (typeof SECRET_STORE_CHOICES)[number]) {
    const dir = await mkdtemp(join(tmpdir(), 'herald-cache-'));
    dirs.push(dir);
    const plugin = {} as ICachePlugin;
    const requests: CachePersistenceOptions[] = [];
    const asked: string[] = [];
    const options = {
      cacheDir: join(dir, 'auth'),
      plaintextOptInFile: join(dir, 'allow-plaintext-token-cache'),
      createCachePlugin: async (o: CachePersistenceOptions) => {
        requests.push(o);
        if (!secretStore && !o.allowPlaintext) throw new SecretStoreUnavailableError('No Secret Service.', 'Install gnome-keyring.');
        return plugin;
      },
      askUser: async (error: SecretStoreUnavailableError) => {
        asked.push(error.message);
        return choice;
      },
    };
    return { options, plugin, requests, asked };
  }

  it('a secret store: the plugin, no question', async () => {
    const { options, plugin, asked } = await setup(true, 'quit');
    expect(await openTokenCache(options)).toEqual({ kind: 'plugin', plugin, plaintext: false });
    expect(asked).toEqual([]);
  });

  it('no secret store: quit or memory only, as the user chooses; nothing written', async () => {
    for (const choice of ['quit', 'memoryOnly'] as const) {
      const { options, asked } = await setup(false, choice);
      expect((await openTokenCache(options)).kind).toBe(choice);
      expect(asked).toEqual(['No Secret Service.']);
      expect(existsSync(options.plaintextOptInFile)).toBe(false);
    }
  });

  it('plaintext only as an explicit opt-in, remembered for the next start', async () => {
    const { options, plugin, requests, asked } = await setup(false, 'plaintext');
    expect(await openTokenCache(options)).toEqual({ kind: 'plugin', plugin, plaintext: true });
    expect(existsSync(options.plaintextOptInFile)).toBe(true);
    expect(await openTokenCache(options)).toEqual({ kind: 'plugin', plugin, plaintext: true });
    expect(asked).toHaveLength(1);
    expect(requests.map((r) => r.allowPlaintext)).toEqual([false, true, true]);
  });

  it('other errors are not swallowed', async () => {
    const { options } = await setup(true, 'quit');
    await expect(openTokenCache({ ...options, createCachePlugin: async () => Promise.reject(new Error('disk full')) })).rejects.toThrow('disk full');
  });

  it('the dialog says what to install and offers the three choices in order', () => {
    const dialog = secretStoreDialog(new SecretStoreUnavailableError('No Secret Service.', 'Install gnome-keyring.'));
    expect(dialog.detail).toContain('Install gnome-keyring.');
    expect(dialog.buttons).toHaveLength(SECRET_STORE_CHOICES.length);
  });
});
