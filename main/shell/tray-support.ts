// Will the user see a tray icon? Electron's Tray on Linux is a StatusNotifierItem; GNOME Shell
// shows none without the "AppIndicator and KStatusNotifierItem Support" extension, and creating
// the Tray does not fail there — the icon is just invisible. That cannot be known for sure, so
// this is a hint from the desktop name and the extension's usual install folders: when the tray is
// probably hidden, Herald also opens its window at launch (and `--no-tray` forces window mode).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Folder names the AppIndicator extension is installed under (upstream, Ubuntu, Debian/Fedora). */
export const APPINDICATOR_EXTENSION_IDS = ['appindicatorsupport@rgcjonas.gmail.com', 'ubuntu-appindicators@ubuntu.com'] as const;

export interface TraySupportInput {
  platform: NodeJS.Platform | string;
  env: NodeJS.ProcessEnv;
  exists(path: string): boolean;
  home?: string;
}

export type TrayVisibility = 'visible' | 'probablyHidden';

export function extensionDirs(env: NodeJS.ProcessEnv, home = homedir()): string[] {
  const dataHome = env.XDG_DATA_HOME?.trim() || join(home, '.local', 'share');
  const roots = [join(dataHome, 'gnome-shell', 'extensions'), '/usr/share/gnome-shell/extensions', '/usr/local/share/gnome-shell/extensions'];
  return roots.flatMap((root) => APPINDICATOR_EXTENSION_IDS.map((id) => join(root, id)));
}

export function trayVisibility(input: TraySupportInput): TrayVisibility {
  if (input.platform !== 'linux') return 'visible';
  const desktop = (input.env.XDG_CURRENT_DESKTOP ?? '').toUpperCase().split(':');
  if (!desktop.includes('GNOME')) return 'visible'; // KDE, XFCE, Cinnamon, MATE… show StatusNotifier items
  return extensionDirs(input.env, input.home).some((dir) => input.exists(dir)) ? 'visible' : 'probablyHidden';
}
