// Moving an unusable file aside as `<file>.corrupt-<timestamp>` instead of deleting it: the
// user (or a bug report) can still look at it, and the app starts clean.
import { existsSync, renameSync } from 'node:fs';
import { promises as fs } from 'node:fs';

export function corruptBackupName(file: string, now: number, attempt = 0): string {
  // ISO time without ':' so the name is valid on Windows too.
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return `${file}.corrupt-${stamp}${attempt > 0 ? `-${attempt}` : ''}`;
}

/** Renames `file` to a fresh `*.corrupt-<ts>` name and returns that name. */
export async function quarantineFile(file: string, now: number): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const backup = corruptBackupName(file, now, attempt);
    const taken = await fs
      .access(backup)
      .then(() => true)
      .catch(() => false);
    if (taken) continue;
    await fs.rename(file, backup);
    return backup;
  }
}

/** Synchronous twin for the settings store, whose underlying library (conf) is synchronous. */
export function quarantineFileSync(file: string, now: number): string {
  for (let attempt = 0; ; attempt++) {
    const backup = corruptBackupName(file, now, attempt);
    if (existsSync(backup)) continue;
    renameSync(file, backup);
    return backup;
  }
}
