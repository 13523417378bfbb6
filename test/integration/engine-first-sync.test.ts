// Mail that arrives after sign-in while the first sync fails (Graph down, offline) is never lost:
// the watermark is put before the first attempt, on Graph's clock (mail/baseline-watermark.ts),
// and the baseline that finally succeeds notifies, once, what arrived since. Mail that was in the
// inbox at sign-in never notifies. Real engine, real HTTP, Graph's clock skewed as the harness's
// `graphSkewMs` says (see engine-clock-skew.test.ts).
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

const graphNow = (): number => h.clock.now() + h.graphSkewMs;
const mailShownIds = () => h.sink.ofType('mail').map((i) => i.messageId);

const GRAPH_DOWN = { kind: '503', path: '/$batch', scope: 'outer', retryAfterSeconds: 1 } as const;
const OFFLINE = { kind: 'reset', path: '/$batch', scope: 'outer' } as const;

/** Ada has one unread message from a minute before sign-in and an old one in the archive. */
async function beforeSignIn(skewMs: number): Promise<{ atSignIn: string; archived: string }> {
  h = await startEngineHarness();
  h.graphSkewMs = skewMs;
  await h.admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
  await h.syncGraphClock();
  const atSignIn = await h.deliver(ADA, { subject: 'There at sign-in', receivedDateTime: new Date(graphNow() - MINUTE).toISOString() });
  const archived = await h.deliver(ADA, { subject: 'Old, archived', receivedDateTime: new Date(graphNow() - 3 * DAY).toISOString(), folder: 'archive' });
  return { atSignIn, archived };
}

async function failingCycle(what: string): Promise<void> {
  const [report] = await h.cycle();
  expect(report?.state.kind, `${what}: the cycle was meant to fail`).not.toBe('ok');
  expect(h.engine.account(ADA)?.items, `${what}: nothing should have been listed`).toEqual([]);
}

/** After recovery: exactly `expected` shown, through more cycles and a restart; later mail still notifies. */
async function expectOnlyAfterRecovery(expected: string, atSignIn: string, archived: string): Promise<void> {
  await h.admin.clearFaults();
  await h.clock.advance(MINUTE);
  const [recovered] = await h.cycle();
  expect(recovered?.state.kind, 'the first successful sync failed').toBe('ok');
  expect(h.engine.account(ADA)?.items.map((m) => m.id)).toEqual(expect.arrayContaining([expected, atSignIn]));
  expect(mailShownIds(), 'the message that arrived while the first sync failed was lost (or mail at sign-in notified)').toEqual([expected]);

  await h.admin.patchMessage(ADA, archived, { folder: 'inbox' });
  await h.cycle();
  await h.restart();
  await h.cycle();
  expect(mailShownIds(), 'notified twice, or old mail notified').toEqual([expected]);

  await h.clock.advance(MINUTE);
  const later = await h.deliver(ADA, { subject: 'After recovery' });
  await h.cycle();
  expect(mailShownIds()).toEqual([expected, later]);
}

describe('engine: mail that arrives while the first sync fails', () => {
  for (const [label, skewMs] of [
    ['on time', 0],
    ['1 h ahead', HOUR],
    ['1 h behind', -HOUR],
  ] as const) {
    it(`Graph ${label}, down (503) then unreachable, a restart meanwhile: the message notifies once after recovery`, async () => {
      const { atSignIn, archived } = await beforeSignIn(skewMs);
      await h.admin.addFault(GRAPH_DOWN);
      await h.addAccount(ADA, 'Ada Lovelace');
      await failingCycle('Graph down at sign-in');

      await h.clock.advance(MINUTE);
      const during = await h.deliver(ADA, { subject: 'Arrived while Graph was down', from: { name: 'Grace Hopper', address: 'grace@fabrikam.example' } });
      await h.admin.clearFaults();
      await h.admin.addFault(OFFLINE);
      await h.clock.advance(MINUTE);
      await failingCycle('offline');
      await h.restart();
      await h.clock.advance(MINUTE);
      await failingCycle('offline after the restart');
      expect(mailShownIds()).toEqual([]);

      await expectOnlyAfterRecovery(during, atSignIn, archived);
    });

    it(`Graph ${label}, unreachable at sign-in (no Date to go by), a restart meanwhile: the message notifies once after recovery`, async () => {
      const { atSignIn, archived } = await beforeSignIn(skewMs);
      await h.admin.addFault(OFFLINE);
      await h.addAccount(ADA, 'Ada Lovelace');
      await failingCycle('offline at sign-in');
      await h.restart();

      await h.clock.advance(2 * MINUTE);
      const during = await h.deliver(ADA, { subject: 'Arrived while offline' });
      await h.clock.advance(MINUTE);
      await failingCycle('still offline');
      expect(mailShownIds()).toEqual([]);

      await expectOnlyAfterRecovery(during, atSignIn, archived);
    });
  }

  it("Graph down (503) at sign-in, then this machine's clock jumps an hour: the 503's Date, not the local clock, places the watermark", async () => {
    const { atSignIn, archived } = await beforeSignIn(0);
    await h.admin.addFault(GRAPH_DOWN);
    await h.addAccount(ADA, 'Ada Lovelace');
    await failingCycle('Graph down at sign-in');
    // NTP puts this machine an hour ahead; Graph's clock goes on as it was.
    await h.clock.advance(HOUR);
    h.graphSkewMs = -HOUR;
    await h.clock.advance(MINUTE);
    const during = await h.deliver(ADA, { subject: 'Arrived while Graph was down' });
    await expectOnlyAfterRecovery(during, atSignIn, archived);
  });
});
