// bench/results.json holds every figure any issue names. Each benchmark run merges its own
// figures in, so the desktop-app and streaming figures survive a core-only run and vice versa.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Figure {
  value: number;
  unit: string;
  target?: string;
  /** The same quantity for the baseline run in the same process, where there is one. */
  baseline?: number;
  met?: boolean;
  note?: string;
}

export interface ResultsFile {
  updatedAt: string;
  machine: { node: string; platform: string; cpus: number };
  figures: Record<string, Figure>;
}

export async function mergeResults(path: string, figures: Record<string, Figure>): Promise<ResultsFile> {
  let existing: ResultsFile | undefined;
  try {
    existing = JSON.parse(await readFile(path, 'utf8')) as ResultsFile;
  } catch {
    existing = undefined;
  }
  const { cpus } = await import('node:os');
  const next: ResultsFile = {
    updatedAt: new Date().toISOString(),
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length },
    figures: { ...(existing?.figures ?? {}), ...figures },
  };
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`);
  await rename(tmp, path);
  return next;
}
