// Will the user see a tray icon? Electron's Tray on Linux is a StatusNotifierItem; GNOME Shell
// shows none without the "AppIndicator and KStatusNotifierItem Support" extension, and creating
// the Tray does not fail there — the icon is just invisible. That cannot be known for sure, so
// this is a hint from the desktop name and the extension's usual install folders: when the tray is
// probably hidden, Herald is a normal window in the taskbar (windowModeFor), as with `--no-tray`.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PopupMode } from './popup-window.ts';

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

export interface WindowModeInput {
  /** `--no-tray` / HERALD_NO_TRAY=1. */
  noTray: boolean;
  /** Whether `TrayService.create()` succeeded (it was not tried under `noTray`). */
  trayCreated: boolean;
  visibility: TrayVisibility;
}

/**
 * The popup (frameless, no taskbar entry, hides on blur) only where the user can click a tray icon
 * to bring it back. Without one — no tray, `--no-tray`, or an icon that is probably invisible
 * (GNOME without the AppIndicator extension, where creating the Tray still succeeds) — Herald is a
 * normal window in the taskbar that stays when it loses focus; otherwise, after the first click
 * elsewhere, nothing but a second launch would bring it back.
 */
export function windowModeFor(input: WindowModeInput): PopupMode {
  return !input.noTray && input.trayCreated && input.visibility === 'visible' ? 'popup' : 'window';
}
