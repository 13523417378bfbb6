// Crash-safe file replacement: write a temp file in the same directory, fsync it, rename it
// over the target, then fsync the directory so the rename itself is durable. A crash at any
// point leaves either the old file or the new one, never a half-written mix. rename(2) is
// atomic only within one file system, hence the temp file next to the target.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Suffix of in-flight temp files; a leftover one is debris from a crash and safe to delete. */
export const TEMP_SUFFIX = '.tmp';

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const directory = path.dirname(target);
  await fs.mkdir(directory, { recursive: true });
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'w', 0o600);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

async function syncDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory for fsync (EPERM/EISDIR); NTFS journals the rename anyway.
  if (process.platform === 'win32') return;
  const handle = await fs.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes temp files left by a crash mid-write for `target` (they never hold the live state). */
export async function removeStaleTempFiles(target: string): Promise<string[]> {
  const directory = path.dirname(target);
  const prefix = `${path.basename(target)}.`;
  let names: string[];
  try {
    names = await fs.readdir(directory);
  } catch {
    return [];
  }
  const stale = names.filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX));
  await Promise.all(stale.map((name) => fs.rm(path.join(directory, name), { force: true })));
  return stale;
}
