// The chaos runner: the real engine (real MSAL, real Graph client, real state files) against the
// simulator over loopback HTTP, on a FakeClock, while the plan (plan.ts) delivers mail, changes
// events, injects faults, revokes the refresh token and kills the engine at random points.
// Pass: every message notified exactly once as the user sees it, every reminder once, nothing
// crashed (coverage.ts says precisely what counts).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NotificationSink } from '../../main/core/engine/account-sync.ts';
import { HeraldEngine } from '../../main/core/engine/herald-engine.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import type { PushService } from '../../main/core/push/push-service.ts';
import type { AccountStateKind } from '../../main/core/graph/account-state.ts';
import { intentIds } from '../../main/core/notify/intent-builders.ts';
import { TEMP_SUFFIX } from '../../main/core/state/atomic-write.ts';
import { defaultSettings } from '../../main/core/state/settings-schema.ts';
import { SimAdminClient, SimAdminError } from '../../sim/admin-client.ts';
import { createMemoryCachePlugin, startIdentityFixture } from '../support/identity-fixture.ts';
import { CoverageSink, assessMail, assessReminders } from './coverage.ts';
import { IncarnationClock, KILL_POINTS, KillSwitch, KillableSink, KillableStateStore, KillableTokens, killableFetch, type KillPoint } from './incarnation.ts';
import { SENDERS, planChaos, type ChaosAction, type ChaosFaultKind } from './plan.ts';
import { defectiveHost, recordingLogger, type HostDefect } from './instruments.ts';
import { mulberry32 } from './prng.ts';
import { countFaults, type ChaosReport } from './report.ts';
import { startPush, type PushCounters } from './push-incarnation.ts';

export { formatChaosReport, type ChaosReport } from './report.ts';

export interface ChaosOptions {
  seed: number;
  messages?: number;
  eventChanges?: number;
  /**
   * Push mode: each incarnation also runs a PushService (push-incarnation.ts) and the plan adds
   * subscriptionRemoved / dropped notifications. The simulator delivers notifications in wall
   * time, so a push-mode run is not replayed to the step by its seed (the plan is).
   */
  pushMode?: boolean;
  /**
   * For the suite's own test only: a host that misbehaves on purpose (never shows the message of
   * the Nth mail notification while reporting success, shows the Mth under a second id), to prove the
   * accounting catches a loss and a duplicate instead of passing whatever happens.
   */
  defect?: HostDefect;
  /** Progress lines (the CLI prints them). */
  onProgress?: (line: string) => void;
}


const MINUTE = 60_000;
/** Monday 2026-11-02 06:00 UTC: a fixed start so a seed replays the same simulated days. */
const START = Date.UTC(2026, 10, 2, 6, 0, 0);

interface Incarnation {
  kill: KillSwitch;
  clock: IncarnationClock;
  store: KillableStateStore;
  engine: HeraldEngine;
  push: { service: PushService; ready: Promise<void> } | null;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const wallStart = Date.now();
  const messageCount = options.messages ?? 1000;
  const plan = planChaos({ seed: options.seed, start: START, messages: messageCount, eventChanges: options.eventChanges ?? 100, pushMode: options.pushMode ?? false });
  const restartDelays = mulberry32(options.seed ^ 0x5eed).fork();
  const progress = options.onProgress ?? (() => undefined);

  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
  process.on('unhandledRejection', onUnhandled);

  const fixture = await startIdentityFixture();
  const admin = new SimAdminClient(fixture.sim.url);
  const upn = fixture.work.upn;
  const profileDir = await mkdtemp(path.join(tmpdir(), 'herald-chaos-'));
  try {
    const { manager } = fixture.newManager({ cachePlugin: createMemoryCachePlugin() });
    const account = await manager.signInInteractive({ loginHint: upn });
    const clock = new FakeClock(plan.start);
    await admin.setClock(new Date(plan.start).toISOString());
    const settings = defaultSettings();
    settings.notifications.vipSenders = SENDERS.filter((s) => s.vip).map((s) => s.address);
    const sink = new CoverageSink(() => clock.now());
    // One host for every incarnation, as the desktop stays while the engine process restarts.
    const host: NotificationSink = options.defect ? defectiveHost(sink, options.defect) : sink;
    const engineErrors: string[] = [];
    const logger = recordingLogger(engineErrors);
    const accountStates: Partial<Record<AccountStateKind, number>> = {};
    const pushCounters: PushCounters = { syncRequests: 0, live: 0 };
    const pushServices: PushService[] = [];
    const pushScripted = { subscriptionsRemoved: 0, notificationsDropped: 0 };
    // Quick retries, so a delivery to a dead incarnation's closed receiver is given up soon.
    if (options.pushMode) await admin.setPushConfig({ retryBaseMs: 5, maxAttempts: 3 });

    const spawn = async (): Promise<Incarnation> => {
      const kill = new KillSwitch();
      const incClock = new IncarnationClock(clock, kill);
      const store = new KillableStateStore({ directory: profileDir, clock: incClock }, kill);
      const engine = new HeraldEngine({
        tokens: new KillableTokens(manager, kill),
        store,
        settings: () => settings,
        sink: new KillableSink(host, kill),
        clock: incClock,
        logger,
        fetch: killableFetch(kill),
        graphBaseUrl: fixture.sim.url,
        timeZone: 'UTC',
        // Push syncs debounce on the run's clock, so the driver sees (and fires) them.
        ...(options.pushMode ? { pushDebounceClock: incClock } : {}),
        listener: {
          stateChanged: (_id, state) => {
            if (!kill.killed) accountStates[state.kind] = (accountStates[state.kind] ?? 0) + 1;
          },
        },
      });
      // Opening replays the outbox of the previous life; a kill may land in the middle of it.
      await Promise.race([kill.track(() => engine.addAccount(account)), kill.dead]);
      if (!kill.killed) engine.start();
      let push: { service: PushService; ready: Promise<void> } | null = null;
      if (options.pushMode && !kill.killed) {
        // A real host's first poll (delay 0) runs before push can be live; let it, as time would.
        await clock.advance(0);
        await settleIncarnation(kill);
        // Subscription expiry is checked against the simulator's data clock: keep it on run time.
        await admin.setClock(new Date(clock.now()).toISOString());
        push = startPush({ engine, accountId: account.id, tokens: new KillableTokens(manager, kill), clock: incClock, fetch: killableFetch(kill), store, graphBaseUrl: fixture.sim.url, kill, logger, counters: pushCounters });
        push.ready.catch((err: unknown) => {
          if (!kill.killed) engineErrors.push(`push start: ${String(err)}`);
        });
        pushServices.push(push.service);
      }
      return { kill, clock: incClock, store, engine, push };
    };

    const settle = (): Promise<void> => settleIncarnation(current?.kill ?? null);

    async function settleIncarnation(kill: KillSwitch | null): Promise<void> {
      const deadline = Date.now() + 30_000;
      for (let quiet = 0; quiet < 3; ) {
        const busy = kill && !kill.killed ? kill.busy : 0;
        if (busy > 0) {
          quiet = 0;
          await new Promise((resolve) => setTimeout(resolve, 1));
        } else {
          quiet += 1;
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (Date.now() > deadline) throw new Error(`chaos: the engine did not settle within 30 s of wall time (busy ${busy})`);
      }
    }

    /**
     * Awaits work that may itself wait on the run's clock (a retry or Retry-After inside push's
     * start or stop), letting simulated time flow as it would in a real process meanwhile.
     */
    async function driveUntil<T>(work: Promise<T>, incClock: IncarnationClock, what: string): Promise<T | undefined> {
      let done = false;
      const tracked = work.finally(() => {
        done = true;
      });
      tracked.catch(() => undefined);
      const deadline = Date.now() + 30_000;
      while (!done) {
        const due = incClock.nextDue();
        if (due !== null) await clock.advanceTo(Math.max(clock.now(), due));
        else await new Promise((resolve) => setTimeout(resolve, 1));
        if (Date.now() > deadline) {
          engineErrors.push(`${what} did not finish within 30 s of wall time`);
          return undefined;
        }
      }
      return tracked;
    }

    // The first sync is a baseline (nothing before sign-in notifies); the chaos starts after it.
    let current: Incarnation | null = await spawn();
    await settle();

    const arrived: string[] = [];
    const eventIds: (string | undefined)[] = [];
    const faultLabels = new Map<string, ChaosFaultKind>();
    const crashesByPoint = Object.fromEntries(KILL_POINTS.map((p) => [p, 0])) as Record<KillPoint, number>;
    const scripted = { expireDeltaTokens: 0, shortTokens: 0, revocations: 0, signInsAgain: 0, readElsewhere: 0 };
    let crashes = 0;
    let restarts = 0;
    let restartAt: number | null = null;
    let needsSignInAgain = false;
    let quiesced = false;
    const iso = (t: number) => new Date(t).toISOString();
    const identitySettings = (patch: Record<string, number>) => fixture.admin('/_admin/identity/settings', patch);

    const signInAgain = async () => {
      await manager.signInInteractive({ loginHint: upn });
      needsSignInAgain = false;
      scripted.signInsAgain += 1;
      // What a host does after the user fixed the account: sync at once.
      if (current && !current.kill.killed) void current.engine.checkNow().catch((err: unknown) => engineErrors.push(`checkNow: ${String(err)}`));
    };

    const perform = async (action: ChaosAction): Promise<void> => {
      switch (action.kind) {
        case 'message': {
          const { id } = await admin.addMessage(upn, {
            from: { name: action.from.name, address: action.from.address },
            subject: action.subject,
            bodyHtml: `<p>${action.subject}</p>`,
            inferenceClassification: action.classification,
            receivedDateTime: iso(clock.now()),
          });
          arrived.push(id);
          return;
        }
        case 'eventCreate': {
          const { id } = await admin.addEvent(upn, {
            subject: `Chaos event ${action.event + 1}`,
            start: iso(action.start),
            end: iso(action.start + action.durationMinutes * MINUTE),
            reminderMinutesBeforeStart: action.reminderMinutes,
            isOnlineMeeting: action.online,
          });
          eventIds[action.event] = id;
          return;
        }
        case 'eventMove':
          await admin.patchEvent(upn, eventId(eventIds, action.event), { start: iso(action.start), end: iso(action.start + action.durationMinutes * MINUTE) });
          return;
        case 'eventReminder':
          await admin.patchEvent(upn, eventId(eventIds, action.event), { reminderMinutesBeforeStart: action.reminderMinutes });
          return;
        case 'eventCancel':
          if (action.how === 'cancel') await admin.patchEvent(upn, eventId(eventIds, action.event), { isCancelled: true });
          else await admin.deleteEvent(upn, eventId(eventIds, action.event));
          return;
        case 'fault':
          if (action.spec) {
            const fault = await admin.addFault(action.spec);
            faultLabels.set(fault.id, action.fault);
          } else if (action.fault === 'expireDeltaTokens') {
            await admin.expireDeltaTokens(upn);
            scripted.expireDeltaTokens += 1;
          } else {
            // Below MSAL's 5-minute expiry buffer, so once the cached token is replaced every token
            // request refreshes; a 401 (the answer to an expired token) forces that first refresh.
            await identitySettings({ accessTokenLifetimeSeconds: 60 });
            const expired = await admin.addFault({ kind: '401', path: '/$batch', scope: 'outer', times: 1 });
            faultLabels.set(expired.id, '401');
            scripted.shortTokens += 1;
          }
          return;
        case 'shortTokensOff':
          await identitySettings({ accessTokenLifetimeSeconds: 3600 });
          return;
        case 'revoke':
          await fixture.admin(`/_admin/identity/users/${encodeURIComponent(upn)}/revoke`, {});
          scripted.revocations += 1;
          needsSignInAgain = true;
          return;
        case 'signInAgain':
          if (needsSignInAgain) await signInAgain();
          return;
        case 'readElsewhere': {
          const id = arrived[action.index];
          if (id === undefined) throw new Error(`chaos plan reads message ${action.index} before it arrived`);
          await admin.patchMessage(upn, id, { isRead: true });
          scripted.readElsewhere += 1;
          return;
        }
        case 'push': {
          // The app renews, recreates and deletes subscriptions concurrently (a killed incarnation's
          // quit, a lifecycle event being handled), so the one picked from the list may be gone by
          // the time the admin call lands: pick again from a fresh list, a few times at most.
          for (let attempt = 0; attempt < 3; attempt += 1) {
            const subscriptions = (await admin.subscriptions()).filter((sub) => sub.active);
            const target = subscriptions[action.pick % Math.max(1, subscriptions.length)];
            if (!target) return;
            try {
              if (action.what === 'subscriptionRemoved') {
                await admin.removeSubscription(target.id);
                pushScripted.subscriptionsRemoved += 1;
              } else {
                await admin.dropNotifications(target.id, action.count);
                pushScripted.notificationsDropped += action.count;
              }
              return;
            } catch (err) {
              if (!(err instanceof SimAdminError) || err.status !== 404) throw err;
            }
          }
          return;
        }
        case 'kill':
          if (!current || current.kill.killed || current.kill.armed) return;
          if (action.point === 'idle') current.kill.kill('idle');
          else current.kill.armed = action.point;
          return;
      }
    };

    const buryTheDead = async () => {
      if (!current?.kill.killed) return;
      crashes += 1;
      const point = current.kill.killedAt ?? 'idle';
      crashesByPoint[point] += 1;
      // Writes the dead incarnation issued before dying finish or fail as the kernel would.
      await current.store.flush();
      current = null;
      restartAt = clock.now() + restartDelays.int(0, 8) * MINUTE;
      progress(`chaos: killed (${point}) at +${Math.round((clock.now() - plan.start) / MINUTE)} min`);
    };

    const quiesce = async () => {
      quiesced = true;
      await admin.clearFaults();
      await identitySettings({ accessTokenLifetimeSeconds: 3600 });
      if (needsSignInAgain) await signInAgain();
      if (current) current.kill.armed = null;
    };

    let next = 0;
    for (;;) {
      await buryTheDead();
      if (restartAt !== null && clock.now() >= restartAt) {
        restartAt = null;
        current = await spawn();
        restarts += 1;
        await settle();
        continue;
      }
      if (!quiesced && clock.now() >= plan.chaosEnd) await quiesce();
      const action = plan.actions[next];
      if (action && action.at <= clock.now()) {
        next += 1;
        await perform(action);
        await settle();
        continue;
      }
      if (clock.now() >= plan.end && !action && restartAt === null) break;
      const candidates = [current?.clock.nextDue() ?? null, restartAt, action?.at ?? null, quiesced ? plan.end : plan.chaosEnd].filter((t): t is number => t !== null);
      await clock.advanceTo(Math.max(clock.now(), Math.min(...candidates)));
      await settle();
    }
    // A clean shutdown of the last incarnation (saves delivery marks, as a quit would).
    const last = current as Incarnation | null;
    let notificationsDelivered = 0;
    if (options.pushMode) for (const sub of await admin.subscriptions()) notificationsDelivered += sub.counters.notificationsDelivered;
    if (last && !last.kill.killed) {
      if (last.push) {
        await driveUntil(last.push.ready, last.clock, 'push start');
        await driveUntil(last.push.service.stop({ deleteSubscriptions: true }), last.clock, 'push stop');
      }
      await driveUntil(last.engine.stop(), last.clock, 'engine stop');
    }
    if (options.pushMode) {
      // Dead incarnations' receivers were closed at their kill; make sure before the simulator goes.
      await Promise.race([Promise.all(pushServices.map((s) => s.stop({ deleteSubscriptions: false }).catch(() => undefined))), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    }

    const mail = assessMail(sink.history, arrived);
    const expectedReminders = plan.events.flatMap((event, i) => {
      const id = eventIds[i];
      return event.cancelled || id === undefined ? [] : [intentIds.reminder(account.id, id, event.start - event.reminderMinutes * MINUTE)];
    });
    const reminders = assessReminders(sink.history, expectedReminders);
    const faultsInjected = await countFaults(admin, (route) => fixture.admin(route), faultLabels, scripted);
    const files = await readdir(profileDir);
    const stateFiles = { quarantined: files.filter((f) => f.includes('.corrupt-')).length, leftoverTemp: files.filter((f) => f.endsWith(TEMP_SUFFIX)).length };
    const report: ChaosReport = {
      seed: options.seed,
      messages: mail.arrived,
      notified: mail.notified,
      lost: mail.lost,
      duplicated: mail.duplicated,
      reminders: { expected: reminders.expected, fired: reminders.fired, lost: reminders.lost, doubled: reminders.doubled, unexpected: reminders.unexpected },
      crashes,
      crashesByPoint,
      restarts,
      faultsInjected,
      readElsewhere: {
        read: scripted.readElsewhere,
        retracted: new Set(sink.history.flatMap((e) => (e.kind === 'retract' && e.retraction.reason === 'readElsewhere' ? [e.retraction.intentId] : []))).size,
      },
      ...(options.pushMode ? { push: { ...pushCounters, ...pushScripted, notificationsDelivered } } : {}),
      accountStates,
      unhandled,
      engineErrors,
      stateFiles,
      simulatedHours: Math.round(((clock.now() - plan.start) / 3_600_000) * 10) / 10,
      wallMs: Date.now() - wallStart,
      details: { mail, reminders },
      ok: false,
    };
    report.ok =
      report.lost === 0 &&
      report.duplicated === 0 &&
      reminders.lost === 0 &&
      reminders.doubled === 0 &&
      reminders.unexpected === 0 &&
      unhandled.length === 0 &&
      engineErrors.length === 0 &&
      stateFiles.quarantined === 0;
    return report;
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await fixture.close();
    await rm(profileDir, { recursive: true, force: true });
  }
}

function eventId(ids: readonly (string | undefined)[], index: number): string {
  const id = ids[index];
  if (id === undefined) throw new Error(`chaos plan changes event ${index} before creating it`);
  return id;
}

