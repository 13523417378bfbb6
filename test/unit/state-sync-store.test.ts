// SyncStateStore on real files in a temp dir: round trip, atomic write debris, truncated and
// corrupted files, schema-invalid payloads, another account's file, serialized + coalesced
// saves, unserializable state.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { createLogger } from '../../main/core/log.ts';
import { writeFileAtomic } from '../../main/core/state/atomic-write.ts';
import { SyncStateError, SyncStateStore } from '../../main/core/state/sync-state-store.ts';

const payloadSchema = z.object({ deltaLink: z.string().nullable(), watermark: z.number() });
type Payload = z.infer<typeof payloadSchema>;
const fresh = (): Payload => ({ deltaLink: null, watermark: 0 });

let dir: string;
let lines: Array<Record<string, unknown>>;
let clock: FakeClock;
let store: SyncStateStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'herald-sync-'));
  lines = [];
  clock = new FakeClock();
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      callback();
    },
  });
  store = new SyncStateStore({ directory: dir, clock, log: createLogger({ destination, level: 'debug' }) });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SyncStateStore', () => {
  it('a missing file gives a fresh state, not flagged recovered', async () => {
    expect(await store.load('acc', payloadSchema, fresh)).toEqual({ state: fresh(), fresh: true, recovered: false });
  });

  it('round-trips a payload inside a versioned envelope, one hashed file per account', async () => {
    await store.save('acc', { deltaLink: 'https://graph/delta?token=1', watermark: 5 });
    await store.save('other', { deltaLink: null, watermark: 9 });
    const loaded = await store.load('acc', payloadSchema, fresh);
    expect(loaded).toEqual({ state: { deltaLink: 'https://graph/delta?token=1', watermark: 5 }, fresh: false, recovered: false });
    expect(path.basename(store.fileFor('acc'))).toMatch(/^sync-[0-9a-f]{24}\.json$/);
    expect(store.fileFor('acc')).not.toBe(store.fileFor('other'));
    const envelope = JSON.parse(await readFile(store.fileFor('acc'), 'utf8')) as Record<string, unknown>;
    expect(envelope).toMatchObject({ version: 1, accountId: 'acc', savedAt: clock.now() });
  });

  it.runIf(process.platform !== 'win32')('writes files readable by their owner only (0600): they hold mail metadata', async () => {
    await store.save('acc', { deltaLink: null, watermark: 1 });
    expect((await stat(store.fileFor('acc'))).mode & 0o777).toBe(0o600);
  });

  it('a crash mid-write (temp file left behind) leaves the old state, and the debris is removed', async () => {
    await store.save('acc', { deltaLink: 'old', watermark: 1 });
    const file = store.fileFor('acc');
    const debris = `${file}.4242.deadbeef.tmp`;
    await writeFile(debris, '{"version":1,"accountId":"acc","savedAt":1,"payload":{"deltaLink":"ne');
    const loaded = await store.load('acc', payloadSchema, fresh);
    expect(loaded).toMatchObject({ state: { deltaLink: 'old', watermark: 1 }, recovered: false });
    expect(await readdir(dir)).toEqual([path.basename(file)]);
  });

  it('a truncated file is backed up and replaced by a fresh state flagged recovered', async () => {
    await store.save('acc', { deltaLink: 'old', watermark: 1 });
    const file = store.fileFor('acc');
    const full = await readFile(file, 'utf8');
    await writeFile(file, full.slice(0, full.length / 2));
    const loaded = await store.load('acc', payloadSchema, fresh);
    expect(loaded.state).toEqual(fresh());
    expect(loaded.recovered).toBe(true);
    expect(loaded.backupPath).toBe(`${file}.corrupt-2026-11-02T09-00-00-000Z`);
    expect(await readFile(loaded.backupPath!, 'utf8')).toBe(full.slice(0, full.length / 2));
    expect(lines.some((line) => line['level'] === 40 && String(line['msg']).includes('starting fresh'))).toBe(true);
    // The next load (nothing saved since) is a plain first run, not another recovery.
    expect(await store.load('acc', payloadSchema, fresh)).toMatchObject({ fresh: true, recovered: false });
  });

  it('an empty file and garbage bytes recover the same way', async () => {
    await writeFile(store.fileFor('a'), '');
    await writeFile(store.fileFor('b'), Buffer.from([0xff, 0x00, 0x7b]));
    expect((await store.load('a', payloadSchema, fresh)).recovered).toBe(true);
    expect((await store.load('b', payloadSchema, fresh)).recovered).toBe(true);
  });

  it('valid JSON failing the envelope or the caller schema is backed up too', async () => {
    await writeFile(store.fileFor('a'), JSON.stringify({ hello: 'world' }));
    await writeFile(
      store.fileFor('b'),
      JSON.stringify({ version: 1, accountId: 'b', savedAt: 1, payload: { deltaLink: 42, watermark: 'x' } }),
    );
    await writeFile(store.fileFor('c'), JSON.stringify({ version: 99, accountId: 'c', savedAt: 1, payload: fresh() }));
    for (const account of ['a', 'b', 'c']) {
      const loaded = await store.load(account, payloadSchema, fresh);
      expect(loaded).toMatchObject({ state: fresh(), recovered: true });
      expect(loaded.backupPath).toMatch(/\.corrupt-/);
    }
    const warnings = lines.filter((line) => line['level'] === 40).map((line) => String(line['reason']));
    expect(warnings).toEqual([
      expect.stringContaining('bad envelope'),
      expect.stringContaining('bad payload: deltaLink'),
      expect.stringContaining('bad envelope'),
    ]);
  });

  it("another account's file under this account's name is not trusted", async () => {
    await writeFile(store.fileFor('a'), JSON.stringify({ version: 1, accountId: 'z', savedAt: 1, payload: fresh() }));
    expect(await store.load('a', payloadSchema, fresh)).toMatchObject({ recovered: true });
  });

  it('two recoveries in the same millisecond keep both backups', async () => {
    await writeFile(store.fileFor('a'), '{');
    const first = await store.load('a', payloadSchema, fresh);
    await writeFile(store.fileFor('a'), '[');
    const second = await store.load('a', payloadSchema, fresh);
    expect(second.backupPath).not.toBe(first.backupPath);
    expect(await readFile(second.backupPath!, 'utf8')).toBe('[');
  });

  it('saves issued together are coalesced into one write of the last state', async () => {
    const saves = Array.from({ length: 20 }, (_, n) => store.save('acc', { deltaLink: null, watermark: n }));
    await Promise.all(saves);
    expect(store.writes).toBe(1);
    expect((await store.load('acc', payloadSchema, fresh)).state.watermark).toBe(19);
  });

  it('saves during a write wait for it, and the last one wins', async () => {
    const first = store.save('acc', { deltaLink: null, watermark: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((n) => store.save('acc', { deltaLink: null, watermark: n }));
    await Promise.all([first, ...later]);
    expect(store.writes).toBeLessThanOrEqual(2);
    expect((await store.load('acc', payloadSchema, fresh)).state.watermark).toBe(4);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('different accounts do not wait for each other and do not mix', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, n) => store.save(`acc-${n % 3}`, { deltaLink: `d${n}`, watermark: n })),
    );
    expect((await store.load('acc-0', payloadSchema, fresh)).state.deltaLink).toBe('d9');
    expect((await store.load('acc-1', payloadSchema, fresh)).state.deltaLink).toBe('d7');
    expect((await store.load('acc-2', payloadSchema, fresh)).state.deltaLink).toBe('d8');
  });

  it('an unserializable state is a typed error and the old file stays', async () => {
    await store.save('acc', { deltaLink: 'keep', watermark: 1 });
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    await expect(store.save('acc', cyclic)).rejects.toBeInstanceOf(SyncStateError);
    await expect(store.save('acc', { n: 10n })).rejects.toThrow(/not serializable/);
    expect((await store.load('acc', payloadSchema, fresh)).state.deltaLink).toBe('keep');
  });

  it('a write that fails (directory is a file) rejects with a typed error', async () => {
    const blocked = new SyncStateStore({ directory: path.join(dir, 'file'), clock });
    await writeFile(path.join(dir, 'file'), 'not a directory');
    await expect(blocked.save('acc', fresh())).rejects.toBeInstanceOf(SyncStateError);
  });

  it('remove() deletes the account state', async () => {
    await store.save('acc', fresh());
    await store.remove('acc');
    expect((await store.load('acc', payloadSchema, fresh)).fresh).toBe(true);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp file', async () => {
    const target = path.join(dir, 'nested', 'x.json');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(await readdir(path.dirname(target))).toEqual(['x.json']);
  });
});
