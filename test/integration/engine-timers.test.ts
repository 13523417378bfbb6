// The engine's own poll timers, on the FakeClock, against the simulator over real HTTP: the 60 s
// default interval, backoff while Graph answers 503, no request before Retry-After while
// throttled, the normal interval again once Graph recovers; and dismiss written back to Graph.
//
// How time moves: the clock is advanced in small steps, and after each step the test waits
// (real time) until the engine is waiting on the clock again, i.e. a timer is pending: its poll
// timer, or a Retry-After sleep inside the GraphClient. Without calendar events nothing else
// arms a timer, so "no timer pending" means "HTTP in flight". Every delay involved (60 s, 30 s
// × 2^n, Retry-After in whole multiples of the step) falls on a step boundary, so each request
// goes out at an exactly known fake time and the assertions below are exact, not approximate.
import { afterEach, describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, BACKOFF_START_MS } from '../../main/core/engine/poll-timing.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { SimTokenProvider } from '../support/graph-token-provider.ts';

const ADA = 'ada@contoso.example';
const SEC = 1_000;
const MIN = 60_000;
const STEP = 5 * SEC;
const INTERVAL = 60 * SEC;

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

/** Waits (real time) until the engine waits on the fake clock again. */
async function untilWaitingOnClock(): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (h.clock.pending === 0) {
    if (Date.now() > deadline) throw new Error('the engine never went back to waiting on the clock');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Fake times at which each outer $batch of the account was sent (known to the step). */
class BatchTimes {
  readonly times: number[] = [];
  private seen = 0;

  /** Picks up $batch POSTs that reached the simulator since the last look, stamped with the fake time now. */
  async collect(): Promise<void> {
    const batches = (await h.admin.requests()).filter((r) => !r.inner && r.method === 'POST' && r.path.endsWith('/$batch') && (r.upn ?? ADA) === ADA);
    for (let i = this.seen; i < batches.length; i += 1) this.times.push(h.clock.now());
    this.seen = batches.length;
  }

  /** Runs the clock forward by `ms` in steps, recording when each $batch went out. */
  async run(ms: number): Promise<void> {
    for (let elapsed = 0; elapsed < ms; elapsed += STEP) {
      await h.clock.advance(STEP);
      await untilWaitingOnClock();
      await this.collect();
    }
  }

  since(t: number): number[] {
    return this.times.filter((x) => x > t);
  }
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));

async function startedEngine(): Promise<BatchTimes> {
  h = await startEngineHarness();
  await h.addAccount(ADA, 'Ada Lovelace');
  await h.deliver(ADA, { subject: 'Already there' });
  const log = new BatchTimes();
  h.engine.start();
  // start() syncs right away (a timer due now); then the engine waits for its interval.
  await h.clock.advance(0);
  await untilWaitingOnClock();
  await log.collect();
  expect(log.times).toHaveLength(1);
  return log;
}

describe('engine poll timers on the fake clock', () => {
  it('polls every 60 s by default, with one $batch per cycle', async () => {
    const log = await startedEngine();
    const started = h.clock.now();
    expect(h.settings.pollIntervalMs).toBe(INTERVAL);

    await log.run(INTERVAL - STEP);
    expect(log.since(started)).toEqual([]); // not a moment early

    await log.run(10 * INTERVAL);
    const polls = log.since(started);
    expect(polls).toHaveLength(10);
    expect(polls[0]).toBe(started + INTERVAL);
    expect(gaps(polls)).toEqual(Array(9).fill(INTERVAL));
    expect(h.engine.states()[ADA]?.kind).toBe('ok');

    // New mail still arrives through those timers, not only through "check now".
    const id = await h.deliver(ADA, { subject: 'Found by the timer' });
    await log.run(INTERVAL);
    expect(h.sink.ofType('mail').map((i) => i.messageId)).toEqual([id]);
  });

  it('backs off while Graph answers 503, and sends fewer requests than the interval would', async () => {
    const log = await startedEngine();
    await log.run(INTERVAL);
    await h.admin.addFault({ kind: '503', retryAfterSeconds: STEP / SEC });
    const faultFrom = h.clock.now();
    const window = 2 * 60 * MIN;

    await log.run(window);
    const during = log.since(faultFrom);
    expect(h.engine.states()[ADA]?.kind).toBe('graphDown');
    // At the 60 s interval the same fake time would have carried `window / INTERVAL` $batch POSTs.
    expect(during.length).toBeGreaterThan(0);
    expect(during.length).toBeLessThan(window / INTERVAL);

    // Quiet periods between cycles (the GraphClient's own retries inside a cycle are a few
    // Retry-After steps apart): they grow from 30 s, double, and stop at the 10 min cap.
    const quiet = gaps(during).filter((gap) => gap > INTERVAL / 2 - STEP);
    expect(quiet[0]).toBe(BACKOFF_START_MS);
    expect(quiet.slice(0, 5)).toEqual([1, 2, 4, 8, 16].map((n) => Math.min(BACKOFF_MAX_MS, n * BACKOFF_START_MS)));
    quiet.slice(1).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(quiet[i] as number));
    expect(Math.max(...quiet)).toBe(BACKOFF_MAX_MS);
  });

  it('while throttled sends nothing before Retry-After, then resumes the 60 s interval once cleared', async () => {
    const log = await startedEngine();
    await log.run(INTERVAL);
    const retryAfterSeconds = 150;
    await h.admin.addFault({ kind: '429', retryAfterSeconds });
    const faultFrom = h.clock.now();

    await log.run(30 * MIN);
    const throttled = log.since(faultFrom);
    expect(h.engine.states()[ADA]?.kind).toBe('throttled');
    expect(throttled.length).toBeGreaterThanOrEqual(5);
    // Every request to the throttled mailbox waits out the previous answer's Retry-After (longer
    // than the 60 s interval, so the interval alone would be caught here).
    for (const gap of gaps(throttled)) expect(gap).toBeGreaterThanOrEqual(retryAfterSeconds * SEC);

    await h.admin.clearFaults();
    const clearedAt = h.clock.now();
    await log.run(retryAfterSeconds * SEC + 6 * INTERVAL);
    const after = log.since(clearedAt);
    // The first request after clearing still waits for the last Retry-After …
    expect((after[0] as number) - (throttled.at(-1) as number)).toBeGreaterThanOrEqual(retryAfterSeconds * SEC);
    // … it succeeds, and from then on the engine is back to the normal interval.
    expect(h.engine.states()[ADA]?.kind).toBe('ok');
    expect(after.length).toBeGreaterThanOrEqual(5);
    expect(gaps(after)).toEqual(Array(after.length - 1).fill(INTERVAL));
  });
});

describe('engine reminder actions reach the simulator', () => {
  async function withEvent(tokens?: (simUrl: string) => SimTokenProvider) {
    h = await startEngineHarness(tokens ? { tokens } : {});
    await h.admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
    await h.admin.setClock(new Date(h.clock.now()).toISOString());
    const start = h.clock.now() + 40 * MIN;
    const { id } = await h.admin.addEvent(ADA, {
      subject: 'Design review',
      start: new Date(start).toISOString(),
      end: new Date(start + 30 * MIN).toISOString(),
      reminderMinutesBeforeStart: 15,
    });
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    expect(h.engine.account(ADA)?.events.map((e) => e.id)).toEqual([id]);
    return { id, start };
  }

  it('dismiss is written to the event in Graph, and the reminder never fires', async () => {
    const { id, start } = await withEvent();
    expect((await h.admin.getEvent(ADA, id)).reminderState).toMatchObject({ dismissed: false, dismissCount: 0 });

    expect(await h.engine.account(ADA)!.dismissReminder(id)).toEqual({ remote: 'written' });
    expect((await h.admin.getEvent(ADA, id)).reminderState).toMatchObject({ dismissed: true, dismissCount: 1 });

    await h.clock.advanceTo(start);
    expect(h.sink.ofType('reminder')).toEqual([]);
  });

  it('on a read-only account the dismissal stays local and Graph is left unchanged', async () => {
    const { id, start } = await withEvent((simUrl) => new SimTokenProvider(simUrl, { scopes: ['User.Read', 'Mail.Read', 'Calendars.Read'] }));
    expect(await h.engine.account(ADA)!.dismissReminder(id)).toEqual({ remote: 'notAllowed' });
    expect((await h.admin.getEvent(ADA, id)).reminderState).toMatchObject({ dismissed: false, dismissCount: 0 });
    await h.clock.advanceTo(start);
    expect(h.sink.ofType('reminder')).toEqual([]);
  });
});
