// Finds an installed Electron binary WITHOUT loading the `electron` module: requiring it from
// plain Node downloads the binary on first use, which fails on machines without network access.
// Mirrors node_modules/electron/index.js: `path.txt` names the executable under `dist/`, and
// ELECTRON_OVERRIDE_DIST_PATH replaces `dist/`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function findElectronBinary(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const moduleDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(moduleDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, executable || 'electron') : executable ? path.join(moduleDir, 'dist', executable) : null;
  return candidate !== null && existsSync(candidate) ? candidate : null;
}
