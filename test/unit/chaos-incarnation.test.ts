// The in-process kill: after it, the dead incarnation's timers, sleeps, responses, writes and
// notifications go nowhere; a mid-write kill leaves a torn temp file and the old state intact.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock } from '../../main/core/fake-clock.ts';
import type { AccountProblemIntent } from '../../main/core/notify/notification-intent.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { CoverageSink } from '../chaos/coverage.ts';
import { IncarnationClock, KillableSink, KillableStateStore, KillSwitch, killableFetch } from '../chaos/incarnation.ts';

/** Settles when p does, or reports 'pending' after a few turns of the event loop. */
async function settledWithin<T>(p: Promise<T>): Promise<T | 'pending'> {
  const tick = new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 50));
  return Promise.race([p, tick]);
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'herald-chaos-unit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('IncarnationClock', () => {
  it('drops its timers and never resolves its sleeps after the kill', async () => {
    const fake = new FakeClock(0);
    const kill = new KillSwitch();
    const clock = new IncarnationClock(fake, kill);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('before'), 1_000);
    const sleep = clock.sleep(2_000);
    expect(clock.nextDue()).toBe(1_000);
    kill.kill('idle');
    clock.setTimeout(() => fired.push('after'), 10);
    await fake.advance(5_000);
    expect(fired).toEqual([]);
    expect(clock.nextDue()).toBeNull();
    expect(await settledWithin(sleep)).toBe('pending');
    expect(fake.pending).toBe(0);
  });
});

describe('KillableStateStore', () => {
  const schema = z.object({ n: z.number() });

  it('a mid-write kill leaves a torn temp file, the previous state intact, and writes nothing more', async () => {
    const kill = new KillSwitch();
    const store = new KillableStateStore({ directory: dir }, kill);
    await store.save('acct', { n: 1 });
    kill.armed = 'midWrite';
    expect(await settledWithin(store.save('acct', { n: 2 }))).toBe('pending');
    expect(kill.killedAt).toBe('midWrite');
    expect(await settledWithin(store.save('acct', { n: 3 }))).toBe('pending');
    const files = await readdir(dir);
    const temp = files.filter((f) => f.endsWith('.tmp'));
    expect(temp).toHaveLength(1);
    await expect(readFile(path.join(dir, temp[0] as string), 'utf8').then((t) => JSON.parse(t))).rejects.toThrow();

    // The next life loads the last complete state and clears the debris.
    const next = new SyncStateStore({ directory: dir });
    const loaded = await next.load('acct', schema, () => ({ n: 0 }));
    expect(loaded).toMatchObject({ state: { n: 1 }, recovered: false });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an after-save kill makes the write durable and then dies', async () => {
    const kill = new KillSwitch();
    const store = new KillableStateStore({ directory: dir }, kill);
    kill.armed = 'afterSave';
    expect(await settledWithin(store.save('acct', { n: 7 }))).toBe('pending');
    expect(kill.killedAt).toBe('afterSave');
    const loaded = await new SyncStateStore({ directory: dir }).load('acct', schema, () => ({ n: 0 }));
    expect(loaded.state).toEqual({ n: 7 });
  });
});

describe('KillableSink', () => {
  it('a mid-show kill keeps what was shown and shows nothing after', async () => {
    const target = new CoverageSink(() => 0);
    const kill = new KillSwitch();
    const sink = new KillableSink(target, kill);
    kill.armed = 'midShow';
    const intent: AccountProblemIntent = {
      id: 'account:a:needsSignIn',
      type: 'accountProblem',
      stateKind: 'needsSignIn',
      accountId: 'a',
      title: '',
      body: '',
      actions: [],
      createdAt: 0,
      silent: true,
      target: { kind: 'account', accountId: 'a' },
    };
    expect(await settledWithin(sink.show(intent))).toBe('pending');
    expect(await settledWithin(sink.show({ ...intent, id: 'account:a:other' }))).toBe('pending');
    expect(await settledWithin(sink.retract({ intentId: intent.id, reason: 'resolved' }))).toBe('pending');
    expect(target.history.map((e) => e.kind)).toEqual(['show']);
  });
});

describe('killableFetch', () => {
  let server: Server;
  let url: string;
  beforeEach(async () => {
    server = createServer((_req, res) => res.end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('passes responses through while alive, drops the armed one, and sends nothing once dead', async () => {
    const kill = new KillSwitch();
    const fetch = killableFetch(kill);
    expect(await (await fetch(url)).json()).toEqual({ ok: true });
    expect(kill.busy).toBe(0);
    kill.armed = 'afterFetch';
    expect(await settledWithin(fetch(url))).toBe('pending');
    expect(kill.killedAt).toBe('afterFetch');
    let requests = 0;
    server.on('request', () => (requests += 1));
    expect(await settledWithin(fetch(url))).toBe('pending');
    expect(requests).toBe(0);
  });
});
