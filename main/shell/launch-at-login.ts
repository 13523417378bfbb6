// Launch at login. Windows and macOS: the OS login items through Electron
// (https://www.electronjs.org/docs/latest/api/app#appsetloginitemsettingssettings-macos-windows).
// Linux: an XDG autostart entry, ~/.config/autostart/herald.desktop
// (https://specifications.freedesktop.org/autostart-spec/latest/), pointing at the AppImage when
// running from one (APPIMAGE is the image's path; process.execPath is a temporary mount).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';
import type { Logger } from '../core/log.ts';

export const AUTOSTART_FILE_NAME = 'herald.desktop';

/**
 * Quotes one argument for a desktop entry's Exec key: inside double quotes, `"`, `` ` ``, `$` and
 * `\` are escaped with a backslash, and then every backslash is doubled again because the value
 * is a string value (Desktop Entry spec, "The Exec key"). A literal `%` is written `%%`.
 */
export function quoteExecArgument(argument: string): string {
  const quoted = `"${argument.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export interface AutostartEntryInput {
  /** The executable: `APPIMAGE` when set, else `process.execPath`. */
  executable: string;
  args?: string[];
  name?: string;
}

/** Strips characters that would end a key=value line. */
function singleLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

export function autostartEntry(input: AutostartEntryInput): string {
  const exec = [input.executable, ...(input.args ?? [])].map((part) => quoteExecArgument(singleLine(part))).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${singleLine(input.name ?? 'Herald')}`,
    'Comment=Mail and calendar in the tray',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The executable to start at login (the AppImage file itself when running from one). */
export function autostartExecutable(env: NodeJS.ProcessEnv, execPath: string): string {
  const appImage = env.APPIMAGE?.trim();
  return appImage ? appImage : execPath;
}

export function autostartDir(env: NodeJS.ProcessEnv, home = homedir()): string {
  const configHome = env.XDG_CONFIG_HOME?.trim();
  return join(configHome ? configHome : join(home, '.config'), 'autostart');
}

export interface LaunchAtLogin {
  supported: boolean;
  set(enabled: boolean): Promise<void>;
}

export interface LaunchAtLoginOptions {
  platform: NodeJS.Platform | string;
  app: Pick<App, 'setLoginItemSettings'>;
  env: NodeJS.ProcessEnv;
  execPath: string;
  /** Arguments that tell Herald it was started at login (start hidden in the tray). */
  args?: string[];
  home?: string;
}

export const HIDDEN_ARG = '--hidden';

export function createLaunchAtLogin(o: LaunchAtLoginOptions): LaunchAtLogin {
  const args = o.args ?? [HIDDEN_ARG];
  if (o.platform === 'linux') {
    const dir = autostartDir(o.env, o.home);
    const file = join(dir, AUTOSTART_FILE_NAME);
    return {
      supported: true,
      async set(enabled) {
        if (!enabled) {
          await rm(file, { force: true });
          return;
        }
        await mkdir(dir, { recursive: true });
        await writeFile(file, autostartEntry({ executable: autostartExecutable(o.env, o.execPath), args }), { mode: 0o644 });
      },
    };
  }
  if (o.platform === 'win32' || o.platform === 'darwin') {
    return {
      supported: true,
      async set(enabled) {
        // Electron 45's typings no longer carry `openAsHidden` (deprecated with macOS 13's login
        // items); Herald starts hidden anyway (a tray app), and --hidden says so explicitly.
        o.app.setLoginItemSettings({ openAtLogin: enabled, args });
      },
    };
  }
  return {
    supported: false,
    async set() {
      throw new Error(`Launch at login is not supported on ${o.platform}.`);
    },
  };
}

/**
 * Only the installed app touches login items. A dev or test run would register the bare Electron
 * binary (and write the developer's real autostart folder) every time the setting changes, so
 * there `set()` stores nothing outside the settings: it logs once, saying so, and resolves. The
 * setting itself is still saved; the installed app applies it at its next start (main.ts).
 */
export function onlyWhenInstalled(port: LaunchAtLogin, o: { installed: boolean; logger: Pick<Logger, 'info'> }): LaunchAtLogin {
  if (o.installed) return port;
  let logged = false;
  return {
    supported: port.supported,
    async set(enabled) {
      if (logged) return;
      logged = true;
      o.logger.info({ enabled }, 'launch at login: only in the installed app — a dev or test run writes no login item or autostart entry');
    },
  };
}
