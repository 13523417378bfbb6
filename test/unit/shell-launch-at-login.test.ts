import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from 'electron';
import {
  AUTOSTART_FILE_NAME,
  autostartDir,
  autostartEntry,
  autostartExecutable,
  createLaunchAtLogin,
  quoteExecArgument,
} from '../../main/shell/launch-at-login.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function fakeApp() {
  const calls: Settings[] = [];
  return { app: { setLoginItemSettings: (settings: Settings) => void calls.push(settings) }, calls };
}

describe('XDG autostart entry', () => {
  it('quotes Exec arguments per the Desktop Entry spec', () => {
    expect(quoteExecArgument('/opt/Herald/herald')).toBe('"/opt/Herald/herald"');
    expect(quoteExecArgument('/home/me/Apps/Herald 1.0.AppImage')).toBe('"/home/me/Apps/Herald 1.0.AppImage"');
    expect(quoteExecArgument('/a/"b"$c`d')).toBe('"/a/\\\\"b\\\\"\\\\$c\\\\`d"');
    expect(quoteExecArgument('/a\\b')).toBe('"/a\\\\\\\\b"');
    expect(quoteExecArgument('100%')).toBe('"100%%"');
  });

  it('content: a hidden start of the AppImage file', () => {
    const content = autostartEntry({ executable: '/home/me/Apps/Herald 1.0.AppImage', args: ['--hidden'] });
    expect(content.split('\n')).toEqual([
      '[Desktop Entry]',
      'Type=Application',
      'Version=1.0',
      'Name=Herald',
      'Comment=Mail and calendar in the tray',
      'Exec="/home/me/Apps/Herald 1.0.AppImage" "--hidden"',
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ]);
  });

  it('a newline in a path cannot add a line to the entry', () => {
    const content = autostartEntry({ executable: '/x\nHidden=true' });
    expect(content).not.toMatch(/^Hidden=/m);
  });

  it('uses APPIMAGE when running from one, else the executable', () => {
    expect(autostartExecutable({ APPIMAGE: '/home/me/Herald.AppImage' }, '/tmp/.mount_x/herald')).toBe('/home/me/Herald.AppImage');
    expect(autostartExecutable({}, '/usr/bin/herald')).toBe('/usr/bin/herald');
    expect(autostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe('/cfg/autostart');
    expect(autostartDir({}, '/home/me')).toBe('/home/me/.config/autostart');
  });

  it('Linux: creates and removes ~/.config/autostart/herald.desktop', async () => {
    const home = await mkdtemp(join(tmpdir(), 'herald-autostart-'));
    dirs.push(home);
    const { app, calls } = fakeApp();
    const launch = createLaunchAtLogin({ platform: 'linux', app, env: { APPIMAGE: '/home/me/Herald.AppImage' }, execPath: '/tmp/.mount/herald', home });
    expect(launch.supported).toBe(true);
    const file = join(home, '.config', 'autostart', AUTOSTART_FILE_NAME);
    await launch.set(true);
    expect(await readFile(file, 'utf8')).toContain('Exec="/home/me/Herald.AppImage" "--hidden"');
    await launch.set(true); // idempotent
    await launch.set(false);
    await expect(stat(file)).rejects.toThrow();
    await launch.set(false); // removing twice is fine
    expect(calls).toEqual([]);
  });
});

describe('login items (Windows, macOS)', () => {
  for (const platform of ['win32', 'darwin']) {
    it(`${platform}: setLoginItemSettings on and off`, async () => {
      const { app, calls } = fakeApp();
      const launch = createLaunchAtLogin({ platform, app, env: {}, execPath: '/x' });
      await launch.set(true);
      await launch.set(false);
      expect(calls).toEqual([
        { openAtLogin: true, args: ['--hidden'] },
        { openAtLogin: false, args: ['--hidden'] },
      ]);
    });
  }

  it('other platforms: not supported, with a clear error', async () => {
    const launch = createLaunchAtLogin({ platform: 'freebsd', app: fakeApp().app, env: {}, execPath: '/x' });
    expect(launch.supported).toBe(false);
    await expect(launch.set(true)).rejects.toThrow(/not supported on freebsd/);
  });
});
