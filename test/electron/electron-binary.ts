// Is there an Electron binary to run the real app with? Answered WITHOUT loading the `electron`
// module (requiring it from plain Node tries to download the binary): node_modules/electron/path.txt
// names the executable under dist/, and ELECTRON_OVERRIDE_DIST_PATH replaces dist/ — the same
// lookup node_modules/electron/index.js does. Also needs the built app (npm run build).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronAvailability = { ok: true; binary: string; entry: string } | { ok: false; reason: string };

export function electronAvailability(repoRoot: string, env: NodeJS.ProcessEnv = process.env): ElectronAvailability {
  const moduleDir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(moduleDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  let binary: string;
  if (override) {
    binary = join(override, executable || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
  } else if (executable) {
    binary = join(moduleDir, 'dist', executable);
  } else {
    return { ok: false, reason: `Electron binary not installed: ${pathFile} is missing and ELECTRON_OVERRIDE_DIST_PATH is not set` };
  }
  if (!existsSync(binary)) return { ok: false, reason: `Electron binary not installed: ${binary} does not exist` };
  const entry = join(repoRoot, 'out', 'main', 'index.js');
  if (!existsSync(entry)) return { ok: false, reason: `the Electron app is not built: ${entry} is missing (run npm run build)` };
  if (!existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) return { ok: false, reason: 'the renderer is not built (run npm run build)' };
  return { ok: true, binary, entry };
}
