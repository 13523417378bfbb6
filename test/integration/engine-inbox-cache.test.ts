// The inbox cache is written lazily (engine/inbox-cache-policy.ts) while every decision is
// written at once: a crash leaves the cache behind the decisions, and the relaunched engine
// replays the inbox changes since the cache without notifying anything twice or losing a
// message. A clean stop writes it; a corrupt cache is relisted; a version-1 state migrates.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { inboxCacheKey } from '../../main/core/engine/account-sync-state.ts';
import { INBOX_CACHE_MAX_AGE_MS } from '../../main/core/engine/inbox-cache-policy.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';

const ADA = 'ada@contoso.example';
const MINUTE = 60_000;

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

async function withAda(): Promise<EngineHarness> {
  h = await startEngineHarness();
  await h.admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
  return h;
}

/** The payload of one of the account's files, as the store wrote it. */
async function payloadOf(key: string): Promise<Record<string, unknown>> {
  const file = new SyncStateStore({ directory: h.profileDir }).fileFor(key);
  const envelope = JSON.parse(await readFile(file, 'utf8')) as { payload: Record<string, unknown> };
  return envelope.payload;
}

async function cachedIds(): Promise<string[]> {
  const payload = (await payloadOf(inboxCacheKey(ADA))) as { inbox: { known: Record<string, unknown> } };
  return Object.keys(payload.inbox.known);
}

/**
 * The message of each distinct mail intent, in order. A host replaces a notification shown
 * again under the same intent id (the outbox re-emits an undelivered one after a crash); a
 * double notification would be a second intent id for the same message.
 */
function mailShown(): string[] {
  const byIntent = new Map<string, string>();
  for (const intent of h.sink.ofType('mail')) if (!byIntent.has(intent.id)) byIntent.set(intent.id, intent.messageId);
  return [...byIntent.values()];
}

/** Signs Ada in, takes the baseline, notifies one new message, and stops cleanly. */
async function oneNotifiedThenStopped(): Promise<string> {
  await withAda();
  await h.addAccount(ADA, 'Ada Lovelace');
  await h.cycle();
  await h.clock.advance(MINUTE);
  const notified = await h.deliver(ADA, { subject: 'Notified' });
  await h.cycle();
  expect(mailShown()).toEqual([notified]);
  await h.engine.stop();
  return notified;
}

describe('engine: the inbox cache', () => {
  it('lags behind the decisions, and a crash replays it without a double or a lost notification', async () => {
    await withAda();
    for (let i = 0; i < 20; i += 1) await h.deliver(ADA, { subject: `Old ${i}` });
    await h.clock.advance(1_000);
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle(); // baseline: the first round is written (a round moved)
    expect(await cachedIds()).toHaveLength(20);

    const arrived: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await h.clock.advance(MINUTE);
      arrived.push(await h.deliver(ADA, { subject: `New ${i}` }));
      await h.cycle();
    }
    expect(mailShown()).toEqual(arrived);
    // The decisions are on disk at once (the ledger has decided each new message) ...
    const decisions = (await payloadOf(ADA)) as { ledger: { seen: Record<string, number> } };
    for (const id of arrived) expect(Object.hasOwn(decisions.ledger.seen, id)).toBe(true);
    // ... the inbox cache is not yet (3 minutes < INBOX_CACHE_MAX_AGE_MS).
    expect(INBOX_CACHE_MAX_AGE_MS).toBeGreaterThan(3 * MINUTE);
    expect(await cachedIds()).toHaveLength(20);

    // One more arrives but is not synced before the crash.
    await h.clock.advance(MINUTE);
    const unseen = await h.deliver(ADA, { subject: 'Arrived while crashing' });
    await h.crashRestart();
    await h.cycle();
    // The replay brings the three decided messages again (nothing shown twice) and the unseen one.
    expect(mailShown()).toEqual([...arrived, unseen]);
    expect(h.engine.account(ADA)?.items).toHaveLength(24);

    await h.clock.advance(MINUTE);
    const after = await h.deliver(ADA, { subject: 'After the crash' });
    await h.cycle();
    expect(mailShown()).toEqual([...arrived, unseen, after]);
  });

  it('is written once it is old enough, and by a clean stop', async () => {
    await withAda();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    await h.clock.advance(MINUTE);
    const first = await h.deliver(ADA, { subject: 'First' });
    await h.cycle();
    expect(await cachedIds()).toEqual([]);
    await h.clock.advance(INBOX_CACHE_MAX_AGE_MS);
    await h.cycle(); // idle, but the pending change is now old enough
    expect(await cachedIds()).toEqual([first]);

    await h.clock.advance(MINUTE);
    const second = await h.deliver(ADA, { subject: 'Second' });
    await h.cycle();
    expect(await cachedIds()).toEqual([first]);
    await h.engine.stop();
    expect((await cachedIds()).sort()).toEqual([first, second].sort());
    await h.restart();
    await h.cycle();
    expect(mailShown()).toEqual([first, second]);
  });

  it('relists the inbox when the cache is corrupt, re-notifying nothing', async () => {
    const notified = await oneNotifiedThenStopped();
    const cacheFile = new SyncStateStore({ directory: h.profileDir }).fileFor(inboxCacheKey(ADA));
    await writeFile(cacheFile, '{"version":1,"accountId":"ada@contoso.example#inbox","payload":{"vers');
    await h.admin.clearRequests();
    await h.restart();
    await h.cycle();
    expect((await readdir(h.profileDir)).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
    // A new initial round (the windowed listing), not the lost delta link.
    const inner = (await h.admin.requests()).filter((r) => r.path.includes('messages/delta'));
    expect(inner[0]?.path).toContain('$filter=');
    expect(h.engine.account(ADA)?.items.map((m) => m.id)).toEqual([notified]);
    expect(mailShown()).toEqual([notified]);

    await h.clock.advance(MINUTE);
    const later = await h.deliver(ADA, { subject: 'Later' });
    await h.cycle();
    expect(mailShown()).toEqual([notified, later]);
  });

  it('migrates a version-1 state (the inbox inside) without relisting or re-notifying', async () => {
    const notified = await oneNotifiedThenStopped();

    // Rebuild what version 1 wrote: one file, the inbox inside, no cache file.
    const store = new SyncStateStore({ directory: h.profileDir });
    const decisions = await payloadOf(ADA);
    const cache = (await payloadOf(inboxCacheKey(ADA))) as { inbox: unknown };
    await store.save(ADA, { ...decisions, version: 1, inbox: cache.inbox });
    await store.remove(inboxCacheKey(ADA));
    await store.flush();
    expect((await readdir(h.profileDir)).filter((f) => f.startsWith('sync-'))).toHaveLength(1);

    await h.admin.clearRequests();
    await h.restart();
    expect(h.engine.account(ADA)?.items.map((m) => m.id)).toEqual([notified]);
    await h.clock.advance(MINUTE);
    const later = await h.deliver(ADA, { subject: 'Later' });
    await h.cycle();
    const inner = (await h.admin.requests()).filter((r) => r.path.includes('messages/delta'));
    expect(inner[0]?.path).not.toContain('$filter=');
    expect(mailShown()).toEqual([notified, later]);
    // The next write moved the inbox to its own file and the account state to version 2.
    expect((await payloadOf(ADA)).version).toBe(2);
    expect(Object.hasOwn(await payloadOf(ADA), 'inbox')).toBe(false);
    expect((await cachedIds()).sort()).toEqual([notified, later].sort());
  });
});
