// The ledger protocol with real files: plan → commit → persist → emit → markDelivered; a
// crash after persisting but before delivery re-emits the same ids; decided ids are never
// planned again across restarts; pruning past the window; stale plans refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock } from '../../main/core/fake-clock.ts';
import type { MailItem } from '../../main/core/mail/mail-item.ts';
import { IntentLedger, StalePlanError } from '../../main/core/notify/intent-ledger.ts';
import { ledgerStateSchema } from '../../main/core/notify/ledger-state.ts';
import type { NotificationIntent } from '../../main/core/notify/notification-intent.ts';
import { settingsSchema } from '../../main/core/state/settings-schema.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';

const ACCOUNT = { accountId: 'acc-1', address: 'ada@contoso.com' };
const settings = settingsSchema.parse({});
const engineStateSchema = z.object({ deltaLink: z.string().nullable(), ledger: ledgerStateSchema });
type EngineState = z.infer<typeof engineStateSchema>;
const freshEngineState = (): EngineState => ({ deltaLink: null, ledger: new IntentLedger().snapshot() });

function mail(id: string, receivedAt: number): MailItem {
  return {
    id,
    receivedDateTime: new Date(receivedAt).toISOString(),
    from: { name: 'Ada', address: 'ada@fabrikam.com' },
    subject: `About ${id}`,
    bodyPreview: '',
    isRead: false,
    importance: 'normal',
    inferenceClassification: 'focused',
    hasAttachments: false,
    flagStatus: 'notFlagged',
    webLink: '',
    conversationId: id,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'herald-ledger-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One engine "process": loads state from disk, and shows intents on a fake host. */
async function boot(clock: FakeClock) {
  const store = new SyncStateStore({ directory: dir, clock });
  const loaded = await store.load(ACCOUNT.accountId, engineStateSchema, freshEngineState);
  const ledger = new IntentLedger({ clock, timeZone: 'UTC', state: loaded.state.ledger });
  const shown: NotificationIntent[] = [];
  return { store, ledger, shown, loaded };
}

describe('IntentLedger', () => {
  it('plan changes nothing until commit; deliver empties the outbox', () => {
    const clock = new FakeClock();
    const ledger = new IntentLedger({ clock, timeZone: 'UTC' });
    const plan = ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('a', clock.now())] });
    expect(plan.intents.map((i) => i.id)).toEqual(['mail:acc-1:a']);
    expect(ledger.outbox().intents).toEqual([]);
    expect(ledger.hasDecided('a')).toBe(false);

    ledger.commit(plan);
    expect(ledger.hasDecided('a')).toBe(true);
    expect(ledger.outbox().intents.map((i) => i.id)).toEqual(['mail:acc-1:a']);
    ledger.markDelivered(plan.intents.map((i) => i.id));
    expect(ledger.outbox()).toEqual({ intents: [], retractions: [] });
    expect(ledger.liveIntentIds()).toEqual(['mail:acc-1:a']);
  });

  it('refuses to commit a plan made before another commit', () => {
    const clock = new FakeClock();
    const ledger = new IntentLedger({ clock, timeZone: 'UTC' });
    const stale = ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('a', clock.now())] });
    ledger.commit(ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('b', clock.now())] }));
    expect(() => ledger.commit(stale)).toThrow(StalePlanError);
  });

  it('rejects a persisted state of the wrong shape with a typed error', () => {
    expect(() => new IntentLedger({ state: { version: 1, seen: 'nope' } })).toThrow(z.ZodError);
  });

  it('a crash after persisting, before delivery, re-emits the same ids after restart, once', async () => {
    const clock = new FakeClock();
    const first = await boot(clock);
    const plan = first.ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('a', clock.now()), mail('b', clock.now())] });
    first.ledger.commit(plan);
    await first.store.save(ACCOUNT.accountId, { deltaLink: 'd1', ledger: first.ledger.snapshot() });
    // ...the process dies here, before the host showed anything or markDelivered ran.

    await clock.advance(30_000);
    const second = await boot(clock);
    expect(second.loaded.recovered).toBe(false);
    const outbox = second.ledger.outbox();
    expect(outbox.intents.map((i) => i.id)).toEqual(plan.intents.map((i) => i.id));
    expect(outbox.intents).toEqual(plan.intents); // same ids and content: hosts replace, never duplicate
    second.ledger.markDelivered(outbox.intents.map((i) => i.id));
    await second.store.save(ACCOUNT.accountId, { deltaLink: 'd1', ledger: second.ledger.snapshot() });

    // The sync after restart sees the same messages again (same delta page): nothing new.
    const again = second.ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('a', clock.now() - 30_000)] });
    expect(again.intents).toEqual([]);

    // A third start finds nothing left to emit.
    const third = await boot(clock);
    expect(third.ledger.outbox()).toEqual({ intents: [], retractions: [] });
    expect(third.ledger.hasDecided('a') && third.ledger.hasDecided('b')).toBe(true);
  });

  it('keeps undelivered retractions in the outbox too', async () => {
    const clock = new FakeClock();
    const first = await boot(clock);
    const shown = first.ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('a', clock.now())] });
    first.ledger.commit(shown);
    first.ledger.markDelivered(shown.intents.map((i) => i.id));
    const read = first.ledger.plan({ account: ACCOUNT, settings, removals: [{ messageId: 'a', reason: 'readElsewhere' }] });
    first.ledger.commit(read);
    await first.store.save(ACCOUNT.accountId, { deltaLink: null, ledger: first.ledger.snapshot() });

    const second = await boot(clock);
    expect(second.ledger.outbox()).toEqual({ intents: [], retractions: [{ intentId: 'mail:acc-1:a', reason: 'readElsewhere' }] });
  });

  it('an undelivered intent retracted before delivery leaves the outbox', () => {
    const clock = new FakeClock();
    const ledger = new IntentLedger({ clock, timeZone: 'UTC' });
    ledger.commit(ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('a', clock.now())] }));
    ledger.commit(ledger.plan({ account: ACCOUNT, settings, removals: [{ messageId: 'a', reason: 'removed' }] }));
    expect(ledger.outbox()).toEqual({ intents: [], retractions: [{ intentId: 'mail:acc-1:a', reason: 'removed' }] });
  });

  it('prunes decided ids past the 14-day window, and never re-notifies what is inside it', async () => {
    const clock = new FakeClock();
    const ledger = new IntentLedger({ clock, timeZone: 'UTC' });
    const start = clock.now();
    ledger.commit(ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('old', start)] }));
    await clock.advance(13 * 86_400_000);
    ledger.commit(ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('old', start)] }));
    expect(ledger.hasDecided('old')).toBe(true);
    expect(ledger.snapshot().live.map((l) => l.intentId)).toContain('mail:acc-1:old');

    await clock.advance(2 * 86_400_000);
    const plan = ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('old', start)] });
    ledger.commit(plan);
    expect(plan.intents).toEqual([]); // outside the window: too old to raise
    expect(ledger.hasDecided('old')).toBe(false);
    expect(ledger.snapshot().live).toEqual([]);
  });

  it('forget() drops a live intent the user dismissed, so a later read retracts nothing', () => {
    const clock = new FakeClock();
    const ledger = new IntentLedger({ clock, timeZone: 'UTC' });
    ledger.commit(ledger.plan({ account: ACCOUNT, settings, newMessages: [mail('a', clock.now())] }));
    ledger.forget('mail:acc-1:a');
    const plan = ledger.plan({ account: ACCOUNT, settings, removals: [{ messageId: 'a', reason: 'readElsewhere' }] });
    expect(plan.retractions).toEqual([]);
    expect(ledger.outbox().intents).toEqual([]);
  });
});
