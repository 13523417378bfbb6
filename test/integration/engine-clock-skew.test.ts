// New mail is never lost to clock skew: the watermark is on Graph's clock (its Date header), not
// this machine's (mail/baseline-watermark.ts). Real engine, real HTTP, the simulator's data clock
// skewed against the fake clock the engine runs on (the harness's `graphSkewMs`).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';

const ADA = 'ada@contoso.example';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

/** Graph's "now": the harness keeps the simulator's data clock at the fake clock plus the skew. */
const graphNow = (): number => h.clock.now() + h.graphSkewMs;

const mailShownIds = () => h.sink.ofType('mail').map((i) => i.messageId);

/**
 * Ada signs in with Graph's clock `skewMs` from hers: one unread message that arrived a minute
 * before sign-in (within the watermark's grace) and one old message in the archive.
 */
async function signedInWithSkew(skewMs: number): Promise<{ listed: string; archived: string }> {
  h = await startEngineHarness();
  h.graphSkewMs = skewMs;
  await h.admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
  await h.syncGraphClock();
  const listed = await h.deliver(ADA, { subject: 'Listed at sign-in', receivedDateTime: new Date(graphNow() - MINUTE).toISOString() });
  const archived = await h.deliver(ADA, { subject: 'Old, archived', receivedDateTime: new Date(graphNow() - 3 * DAY).toISOString(), folder: 'archive' });
  await h.addAccount(ADA, 'Ada Lovelace');
  const [baseline] = await h.cycle();
  expect(baseline?.state.kind, 'the baseline cycle failed').toBe('ok');
  expect(h.sink.shown, 'the baseline notified something').toEqual([]);
  return { listed, archived };
}

describe('engine: the new-mail watermark is on Graph time', () => {
  for (const [label, skewMs] of [
    ['2 min behind', -2 * MINUTE],
    ['1 h behind', -HOUR],
    ['1 h ahead', HOUR],
  ] as const) {
    it(`Graph's clock ${label}: mail after the first sync notifies once; the first sync's and an old moved-in message never do`, async () => {
      const { listed, archived } = await signedInWithSkew(skewMs);

      await h.clock.advance(30_000);
      const fresh = await h.deliver(ADA, { subject: 'Thirty seconds after sign-in', from: { name: 'Grace Hopper', address: 'grace@fabrikam.example' } });
      await h.cycle();
      expect(mailShownIds(), 'the message that arrived after the first sync was lost').toEqual([fresh]);

      // An old message moved into the inbox is not news.
      await h.admin.patchMessage(ADA, archived, { folder: 'inbox' });
      await h.cycle();
      expect(h.engine.account(ADA)?.items.map((m) => m.id), 'the moved-in message did not reach the inbox').toContain(archived);

      // A restart changes nothing.
      await h.restart();
      await h.cycle();
      await h.cycle();
      expect(mailShownIds()).toEqual([fresh]);
      expect(mailShownIds()).not.toContain(listed);

      // And mail after the restart still notifies.
      await h.clock.advance(MINUTE);
      const later = await h.deliver(ADA, { subject: 'After the restart' });
      await h.cycle();
      expect(mailShownIds()).toEqual([fresh, later]);
    });
  }

  it('a message the first sync listed never notifies, even when a lost inbox cache lists it again', async () => {
    const { listed } = await signedInWithSkew(-2 * MINUTE);
    await h.engine.stop();
    const files = (await readdir(h.profileDir)).filter((f) => f.startsWith('sync-') && f.endsWith('.json'));
    expect(files).toHaveLength(2);
    // Only the inbox cache is lost: the decisions (watermark, baseline ids) survive.
    for (const file of files) {
      const text = await readFile(path.join(h.profileDir, file), 'utf8');
      if (text.includes('#inbox')) await writeFile(path.join(h.profileDir, file), '{"version":1,"accountId":"ada@contoso.example#inbox","payl');
    }
    await h.restart();
    await h.cycle();
    expect((await readdir(h.profileDir)).filter((f) => f.includes('.corrupt-')), 'the inbox cache was not set aside').toHaveLength(1);
    expect(h.engine.account(ADA)?.items.map((m) => m.id)).toContain(listed);
    expect(h.sink.shown).toEqual([]);
  });

  it('corrupt state → a fresh first sync, with Graph 2 min behind: the next message still notifies, once', async () => {
    await signedInWithSkew(-2 * MINUTE);
    await h.clock.advance(MINUTE);
    const before = await h.deliver(ADA, { subject: 'Before the corruption' });
    await h.cycle();
    expect(mailShownIds()).toEqual([before]);

    await h.engine.stop();
    const files = (await readdir(h.profileDir)).filter((f) => f.startsWith('sync-') && f.endsWith('.json'));
    for (const file of files) await writeFile(path.join(h.profileDir, file), '{"version":1,"accountId":"ada@contoso.example","payl');
    await h.restart();
    await h.clock.advance(MINUTE);
    await h.cycle(); // the fresh baseline
    expect((await readdir(h.profileDir)).filter((f) => f.includes('.corrupt-'))).toHaveLength(2);
    expect(mailShownIds(), 'the fresh baseline re-notified old mail').toEqual([before]);

    await h.clock.advance(30_000);
    const after = await h.deliver(ADA, { subject: 'Thirty seconds after the fresh baseline' });
    await h.cycle();
    await h.cycle();
    expect(mailShownIds(), 'the message after the fresh baseline was lost').toEqual([before, after]);
  });

  it("a jump of this machine's clock after the baseline moves nothing: mail still notifies once", async () => {
    await signedInWithSkew(0);
    // NTP puts this machine an hour ahead; Graph's clock goes on as it was.
    await h.clock.advance(HOUR);
    h.graphSkewMs = -HOUR;
    await h.clock.advance(30_000);
    const first = await h.deliver(ADA, { subject: 'After the jump' });
    await h.cycle();
    expect(mailShownIds()).toEqual([first]);

    await h.restart();
    await h.clock.advance(30_000);
    const second = await h.deliver(ADA, { subject: 'After the restart' });
    await h.cycle();
    await h.cycle();
    expect(mailShownIds()).toEqual([first, second]);
  });

  it("the simulator's Graph answers carry its data clock in the Date header", async () => {
    h = await startEngineHarness();
    h.graphSkewMs = -HOUR;
    await h.admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
    await h.syncGraphClock();
    const { accessToken } = await h.admin.token(ADA);
    const res = await fetch(`${h.sim.url}/v1.0/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    const date = Date.parse(res.headers.get('date') ?? '');
    // Whole seconds, and the data clock runs on with wall time: allow a generous margin.
    expect(Math.abs(date - graphNow()), `Date ${res.headers.get('date')} is not the data clock`).toBeLessThan(60_000);
  });
});
