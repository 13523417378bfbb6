// Found by the chaos suite's reminder actions: a snooze or dismiss must be on disk before Graph
// hears of it. The engine used to save it only after the write-back answered, so a crash while
// the POST was in flight (or while it waited out a Retry-After) left Graph holding a snooze Herald
// had forgotten: Outlook elsewhere brought the reminder back, Herald never did.
// Real engine, real files, the simulator over HTTP; the kill is the chaos suite's (incarnation.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../main/core/accounts/account-summary.ts';
import { HeraldEngine } from '../../main/core/engine/herald-engine.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { silentLogger } from '../../main/core/log.ts';
import { intentIds } from '../../main/core/notify/intent-builders.ts';
import { defaultSettings } from '../../main/core/state/settings-schema.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { CoverageSink } from '../chaos/coverage.ts';
import { IncarnationClock, KillSwitch, KillableSink, KillableStateStore, killableFetch } from '../chaos/incarnation.ts';
import { SimTokenProvider } from '../support/graph-token-provider.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MIN = 60_000;
const UPN = 'write.ahead@contoso.com';
const iso = (t: number) => new Date(t).toISOString();
const account: AccountSummary = { id: UPN, username: UPN, name: 'Write Ahead', tenantId: 'sim', kind: 'work', mode: 'readWrite', readOnly: false };

let sim: RunningSimulator;
let admin: SimAdminClient;
let profileDir: string;

beforeEach(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn: UPN, displayName: 'Write Ahead' });
  await admin.setClock(iso(T0));
  profileDir = await mkdtemp(path.join(tmpdir(), 'herald-write-ahead-'));
});

afterEach(async () => {
  await sim.close();
  await rm(profileDir, { recursive: true, force: true });
});

/** Waits (wall time, generous) until the incarnation has nothing in flight. */
async function settled(kill: KillSwitch): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (let quiet = 0; quiet < 3; ) {
    if (!kill.killed && kill.busy > 0) quiet = 0;
    else quiet += 1;
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (Date.now() > deadline) throw new Error(`the engine did not settle within 20 s of wall time (busy ${kill.busy})`);
  }
}

/** One engine process on the shared profile, killable; started and settled on its first poll. */
async function spawnIncarnation(clock: FakeClock, sink: CoverageSink, tokens: SimTokenProvider): Promise<{ kill: KillSwitch; engine: HeraldEngine }> {
  const kill = new KillSwitch();
  const incClock = new IncarnationClock(clock, kill);
  const engine = new HeraldEngine({
    tokens,
    store: new KillableStateStore({ directory: profileDir, clock: incClock }, kill),
    settings: defaultSettings,
    sink: new KillableSink(sink, kill),
    clock: incClock,
    logger: silentLogger,
    fetch: killableFetch(kill),
    graphBaseUrl: sim.url,
    timeZone: 'UTC',
  });
  await engine.addAccount(account);
  engine.start();
  await clock.advance(0);
  await settled(kill);
  return { kill, engine };
}

describe('snooze and dismiss are written ahead: durable before Graph hears of them', () => {
  it('a snooze whose Graph answer is lost to a crash still brings the reminder back after the restart', async () => {
    const clock = new FakeClock(T0);
    const sink = new CoverageSink(() => clock.now());
    const tokens = new SimTokenProvider(sim.url);
    const { id: eventId } = await admin.addEvent(UPN, { subject: 'Standup', start: iso(T0 + 20 * MIN), end: iso(T0 + 50 * MIN), reminderMinutesBeforeStart: 10 });
    const spawn = () => spawnIncarnation(clock, sink, tokens);

    const first = await spawn();
    await clock.advanceTo(T0 + 10 * MIN);
    await settled(first.kill);
    const regular = intentIds.reminder(account.id, eventId, T0 + 10 * MIN);
    expect(sink.visible.has(regular), 'the regular reminder is on screen').toBe(true);

    // The user snoozes for 5 minutes; Graph takes it, and the process dies as the answer arrives.
    first.kill.armed = 'afterFetch';
    void first.engine.account(account.id)?.snoozeReminder(eventId, 5);
    await settled(first.kill);
    expect(first.kill.killedAt).toBe('afterFetch');
    expect((await admin.getEvent(UPN, eventId)).reminderState).toMatchObject({ snoozedUntil: iso(T0 + 15 * MIN), snoozeCount: 1 });

    const second = await spawn();
    await clock.advanceTo(T0 + 15 * MIN);
    await settled(second.kill);
    const snoozed = intentIds.reminder(account.id, eventId, T0 + 15 * MIN);
    expect(
      sink.history.filter((e) => e.kind === 'show' && e.intent.id === snoozed).map((e) => e.at),
      'the snoozed reminder comes back at its time, as Graph (and Outlook elsewhere) has it',
    ).toEqual([T0 + 15 * MIN]);
    await second.engine.stop();
  }, 60_000);

  it('a dismissal whose Graph answer is lost to a crash is not fired again after the restart', async () => {
    const clock = new FakeClock(T0);
    const sink = new CoverageSink(() => clock.now());
    const tokens = new SimTokenProvider(sim.url);
    const { id: eventId } = await admin.addEvent(UPN, { subject: 'Review', start: iso(T0 + 20 * MIN), end: iso(T0 + 50 * MIN), reminderMinutesBeforeStart: 10 });
    const spawn = () => spawnIncarnation(clock, sink, tokens);
    const first = await spawn();
    await clock.advanceTo(T0 + 10 * MIN);
    await settled(first.kill);
    // Snoozed first (written), then dismissed: the dismissal's answer is lost to the crash.
    expect(await first.engine.account(account.id)?.snoozeReminder(eventId, 5)).toEqual({ remote: 'written' });
    first.kill.armed = 'afterFetch';
    void first.engine.account(account.id)?.dismissReminder(eventId);
    await settled(first.kill);
    expect(first.kill.killedAt).toBe('afterFetch');
    expect((await admin.getEvent(UPN, eventId)).reminderState).toMatchObject({ dismissed: true, snoozedUntil: null });

    const second = await spawn();
    await clock.advanceTo(T0 + 20 * MIN);
    await settled(second.kill);
    const snoozed = intentIds.reminder(account.id, eventId, T0 + 15 * MIN);
    expect(sink.history.some((e) => e.kind === 'show' && e.intent.id === snoozed), 'a dismissed reminder must not come back').toBe(false);
    await second.engine.stop();
  }, 60_000);
});
