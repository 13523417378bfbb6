// A real crash: a child process saves sync state in a tight loop and is killed with SIGKILL
// at an arbitrary point. Whatever moment the kill lands on, the next load must find the old
// or the new state, whole, never a half-written file (and so never a `recovered` flag).
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';

const storeModule = fileURLToPath(new URL('../../main/core/state/sync-state-store.ts', import.meta.url));
const payloadSchema = z
  .object({ n: z.number().int(), blob: z.string() })
  .refine((payload) => payload.blob.endsWith(`#${payload.n}`), 'blob does not belong to n');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'herald-crash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts a writer, waits until it has saved `savesBeforeKill` times, then SIGKILLs it. */
async function crashWriter(savesBeforeKill: number): Promise<number> {
  const script = `
    const { SyncStateStore } = await import(${JSON.stringify(storeModule)});
    const store = new SyncStateStore({ directory: ${JSON.stringify(dir)} });
    const start = Number(process.env.START_N);
    for (let n = start; ; n++) {
      await store.save('acc', { n, blob: 'x'.repeat(256 * 1024) + '#' + n });
      if (n - start + 1 === ${savesBeforeKill}) process.stdout.write('ready\\n');
    }
  `;
  const existing = await new SyncStateStore({ directory: dir }).load('acc', payloadSchema, () => ({ n: 0, blob: '#0' }));
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, START_N: String(existing.state.n + 1) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
  return existing.state.n;
}

describe('SyncStateStore under a real crash', () => {
  it('always loads a whole state after the writer is killed mid-loop', async () => {
    let previous = 0;
    for (let round = 0; round < 5; round++) {
      await crashWriter(3 + round);
      const store = new SyncStateStore({ directory: dir });
      const loaded = await store.load('acc', payloadSchema, () => ({ n: 0, blob: '#0' }));
      expect(loaded.recovered).toBe(false);
      expect(loaded.fresh).toBe(false);
      // At least the saves it announced are durable, and the state never goes backwards.
      expect(loaded.state.n).toBeGreaterThanOrEqual(previous + 3 + round);
      previous = loaded.state.n;
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    }
  });
});
