// windowModeFor: the tray popup only where a tray icon can be clicked to bring it back.
import { describe, expect, it } from 'vitest';
import { silentLogger, type LogMethod } from '../../main/core/log.ts';
import { onlyWhenInstalled, type LaunchAtLogin } from '../../main/shell/launch-at-login.ts';
import { trayVisibility, windowModeFor } from '../../main/shell/tray-support.ts';

describe('windowModeFor', () => {
  it('popup only with a created tray that is probably visible and no --no-tray', () => {
    expect(windowModeFor({ noTray: false, trayCreated: true, visibility: 'visible' })).toBe('popup');
    expect(windowModeFor({ noTray: false, trayCreated: true, visibility: 'probablyHidden' })).toBe('window');
    expect(windowModeFor({ noTray: false, trayCreated: false, visibility: 'visible' })).toBe('window');
    expect(windowModeFor({ noTray: true, trayCreated: false, visibility: 'visible' })).toBe('window');
  });

  it('from the detection: GNOME without the extension → window; with it → popup', () => {
    const gnome = { platform: 'linux', env: { XDG_CURRENT_DESKTOP: 'GNOME' }, home: '/home/me' };
    const plain = trayVisibility({ ...gnome, exists: () => false });
    const withExtension = trayVisibility({ ...gnome, exists: (p) => p.endsWith('appindicatorsupport@rgcjonas.gmail.com') });
    expect(windowModeFor({ noTray: false, trayCreated: true, visibility: plain })).toBe('window');
    expect(windowModeFor({ noTray: false, trayCreated: true, visibility: withExtension })).toBe('popup');
  });
});

describe('onlyWhenInstalled (launch at login)', () => {
  function recordingPort(): LaunchAtLogin & { calls: boolean[] } {
    const calls: boolean[] = [];
    return { supported: true, calls, set: async (enabled) => void calls.push(enabled) };
  }

  it('installed: the platform port itself', () => {
    const port = recordingPort();
    expect(onlyWhenInstalled(port, { installed: true, logger: silentLogger })).toBe(port);
  });

  it('a dev or test run: set() writes nothing, logs once, and the setting stays offered', async () => {
    const port = recordingPort();
    const logged: unknown[][] = [];
    const info: LogMethod = (...args: unknown[]) => void logged.push(args);
    const guarded = onlyWhenInstalled(port, { installed: false, logger: { info } });
    expect(guarded.supported).toBe(true);
    await guarded.set(true);
    await guarded.set(false);
    await guarded.set(true);
    expect(port.calls).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(String(logged[0]?.[1])).toMatch(/only in the installed app/);
  });
});
