// A message that was never news never becomes news: one that arrived already read (read on the
// phone before Herald polled) is remembered as decided (mail/new-mail-detector.ts), so marking it
// unread and having it listed as added again (moved out and back, a lost inbox cache) notifies
// nothing. Real engine, real HTTP, real files.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';

const ADA = 'ada@contoso.example';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

const mailShownIds = () => h.sink.ofType('mail').map((i) => i.messageId);
const inboxIds = () => h.engine.account(ADA)?.items.map((m) => m.id) ?? [];

/** Ada is synced; a message arrives and is read elsewhere before the next poll; an hour later she marks it unread. */
async function readOnArrivalThenMarkedUnread(): Promise<string> {
  h = await startEngineHarness();
  await h.addAccount(ADA, 'Ada Lovelace');
  const [baseline] = await h.cycle();
  expect(baseline?.state.kind).toBe('ok');
  await h.clock.advance(30_000);
  const id = await h.deliver(ADA, { subject: 'Read on the phone before Herald polled' });
  await h.admin.patchMessage(ADA, id, { isRead: true });
  await h.cycle();
  expect(inboxIds(), 'the message was not synced').toContain(id);
  await h.clock.advance(HOUR);
  await h.admin.patchMessage(ADA, id, { isRead: false });
  await h.cycle();
  expect(h.engine.account(ADA)?.items.find((m) => m.id === id)?.isRead, 'the message is not unread now').toBe(false);
  expect(mailShownIds()).toEqual([]);
  return id;
}

/** The pipeline still notifies real news (so the assertions above could fail). */
async function freshMailStillNotifies(): Promise<void> {
  await h.clock.advance(MINUTE);
  const fresh = await h.deliver(ADA, { subject: 'Genuinely new' });
  await h.cycle();
  expect(mailShownIds()).toEqual([fresh]);
}

describe('engine: a message that was never news never becomes news', () => {
  it('read on arrival, marked unread, moved out of the inbox and back: no notification', async () => {
    const id = await readOnArrivalThenMarkedUnread();
    await h.admin.patchMessage(ADA, id, { folder: 'archive' });
    await h.cycle();
    expect(inboxIds()).not.toContain(id);
    await h.admin.patchMessage(ADA, id, { folder: 'inbox' });
    await h.cycle();
    expect(inboxIds(), 'the message did not come back to the inbox').toContain(id);
    expect(mailShownIds(), 'a message that was never news notified').toEqual([]);
    await freshMailStillNotifies();
  });

  it('read on arrival, marked unread, inbox cache corrupted + restart: no notification', async () => {
    const id = await readOnArrivalThenMarkedUnread();
    await h.engine.stop();
    const files = (await readdir(h.profileDir)).filter((f) => f.startsWith('sync-') && f.endsWith('.json'));
    let corrupted = 0;
    for (const file of files) {
      const text = await readFile(path.join(h.profileDir, file), 'utf8');
      if (!text.includes('#inbox')) continue;
      await writeFile(path.join(h.profileDir, file), '{"version":1,"accountId":"ada@contoso.example#inbox","payl');
      corrupted += 1;
    }
    expect(corrupted, 'no inbox cache file found to corrupt').toBe(1);
    await h.restart();
    await h.cycle();
    expect((await readdir(h.profileDir)).filter((f) => f.includes('.corrupt-')), 'the inbox cache was not set aside').toHaveLength(1);
    expect(inboxIds(), 'the inbox was not listed again').toContain(id);
    expect(mailShownIds(), 'a message that was never news notified').toEqual([]);
    await freshMailStillNotifies();
  });
});
