// Writes the packaging icons into resources/: the 512 px app icon electron-builder converts for
// each OS, and the tray PNGs (colour and macOS template, @1x and @2x). Run by `npm run build:electron`;
// the outputs are deterministic, so running it again changes nothing.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrayStateKind } from '../core/app/tray-state.ts';
import { encodePng } from './png-encoder.ts';
import { renderAppIcon, renderTrayIcon, type IconStyle } from './tray-icon-raster.ts';

const KINDS: readonly TrayStateKind[] = ['signedOut', 'allRead', 'unread', 'offline', 'problem', 'paused'];

/** File name → PNG bytes for every icon the package carries. */
export function iconFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  files.set('icon.png', encodePng(renderAppIcon(512)));
  for (const kind of KINDS) {
    for (const style of ['color', 'template'] as const satisfies readonly IconStyle[]) {
      // Electron picks "@2x" files up by name; macOS needs "Template" in the name for template images.
      const base = `tray/${kind}${style === 'template' ? 'Template' : ''}`;
      const unreadTotal = kind === 'unread' ? 1 : 0;
      files.set(`${base}.png`, encodePng(renderTrayIcon({ kind, unreadTotal, size: 16, style })));
      files.set(`${base}@2x.png`, encodePng(renderTrayIcon({ kind, unreadTotal, size: 32, style })));
    }
  }
  return files;
}

export async function writeIcons(resourcesDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [name, bytes] of iconFiles()) {
    const path = join(resourcesDir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    written.push(path);
  }
  return written;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const written = await writeIcons(join(root, 'resources'));
  console.log(`generate-icons: wrote ${written.length} files into resources/`);
}
