// The new-mail detector remembers each notified message (so a replay never notifies it twice),
// but only while the message is inside the synced window: older ones cannot be listed as added
// again. Without pruning, the account's state file grew with every notification, for good.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_DAYS } from '../../main/core/mail/inbox-sync-state.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';

const ADA = 'ada@contoso.example';
const DAY = 86_400_000;

let h: EngineHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function notifiedIds(harness: EngineHarness): Promise<string[]> {
  const file = new SyncStateStore({ directory: harness.profileDir }).fileFor(ADA);
  const envelope = JSON.parse(await readFile(file, 'utf8')) as { payload: { newMail: { notified: Record<string, number> } } };
  return Object.keys(envelope.payload.newMail.notified);
}

describe('new-mail detector state stays bounded', () => {
  it('forgets a notified message once it is older than the synced window (plus a day), and keeps a recent one', async () => {
    h = await startEngineHarness();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle(); // the baseline
    const old = await h.deliver(ADA, { subject: 'Long ago' });
    await h.cycle();
    expect(await notifiedIds(h)).toEqual([old]);

    // Past the window and the margin: one poll later the old message is forgotten.
    await h.clock.advance((DEFAULT_WINDOW_DAYS + 2) * DAY);
    const recent = await h.deliver(ADA, { subject: 'Just now' });
    await h.cycle();
    expect(h.sink.ofType('mail').map((intent) => intent.messageId)).toEqual([old, recent]);
    expect(await notifiedIds(h)).toEqual([recent]);
  });
});
