import { describe, expect, it } from 'vitest';
import { extensionDirs, trayVisibility } from '../../main/shell/tray-support.ts';

const none = () => false;

describe('trayVisibility', () => {
  it('Windows and macOS always have a tray', () => {
    expect(trayVisibility({ platform: 'win32', env: {}, exists: none })).toBe('visible');
    expect(trayVisibility({ platform: 'darwin', env: { XDG_CURRENT_DESKTOP: 'GNOME' }, exists: none })).toBe('visible');
  });

  it('Linux desktops with a StatusNotifier host', () => {
    for (const desktop of ['KDE', 'XFCE', 'X-Cinnamon', 'MATE', '']) {
      expect(trayVisibility({ platform: 'linux', env: { XDG_CURRENT_DESKTOP: desktop }, exists: none }), desktop).toBe('visible');
    }
  });

  it('GNOME without the AppIndicator extension: probably hidden', () => {
    expect(trayVisibility({ platform: 'linux', env: { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }, exists: none, home: '/home/me' })).toBe('probablyHidden');
  });

  it('GNOME with the extension installed for the user or system-wide: visible', () => {
    const user = '/home/me/.local/share/gnome-shell/extensions/appindicatorsupport@rgcjonas.gmail.com';
    const ubuntu = '/usr/share/gnome-shell/extensions/ubuntu-appindicators@ubuntu.com';
    for (const path of [user, ubuntu]) {
      expect(trayVisibility({ platform: 'linux', env: { XDG_CURRENT_DESKTOP: 'GNOME' }, exists: (p) => p === path, home: '/home/me' })).toBe('visible');
    }
    expect(extensionDirs({ XDG_DATA_HOME: '/data' }, '/home/me')[0]).toBe('/data/gnome-shell/extensions/appindicatorsupport@rgcjonas.gmail.com');
  });
});
