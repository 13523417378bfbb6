// The chaos runner: the real engine (real MSAL, real Graph client, real state files) against the
// simulator over loopback HTTP, on a FakeClock, while the plan (plan.ts) delivers mail, changes
// events, injects faults, revokes the refresh token and kills the engine at random points, and the
// user (chaos-user.ts) snoozes and dismisses reminders (also from the agenda before they show) and
// changes the rules: muted senders and keywords, quiet hours, Focused Inbox only, a pause.
// Pass: every message notified exactly once as the user sees it (or suppressed by the rule in force
// when it was decided), every reminder once, every snooze/dismiss honoured and written back, nothing
// crashed (coverage.ts and coverage-reminder-actions.ts say precisely what counts; assess-run.ts
// applies them at the end).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NotificationSink } from '../../main/core/engine/account-sync.ts';
import { HeraldEngine } from '../../main/core/engine/herald-engine.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import type { PushService } from '../../main/core/push/push-service.ts';
import type { AccountStateKind } from '../../main/core/graph/account-state.ts';
import { defaultSettings } from '../../main/core/state/settings-schema.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { createMemoryCachePlugin, startIdentityFixture } from '../support/identity-fixture.ts';
import { CoverageSink } from './coverage.ts';
import type { EngineLife } from './coverage-reminder-actions.ts';
import { ChaosUser } from './chaos-user.ts';
import { driveUntil, settleIncarnation } from './drive.ts';
import { IncarnationClock, KILL_POINTS, KillSwitch, KillableSink, KillableStateStore, KillableTokens, killableFetch, type KillPoint } from './incarnation.ts';
import { VIP_LIST, planChaos, type ChaosAction, type ChaosFaultKind } from './plan.ts';
import { defectiveHost, recordingLogger, type HostDefect } from './instruments.ts';
import { mulberry32 } from './prng.ts';
import type { ChaosReport } from './report.ts';
import { assessRun } from './assess-run.ts';
import { applyPushFault, startPush, type PushCounters } from './push-incarnation.ts';

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
  /** false: the user changes no notification rule during the run (PlanOptions.rules). */
  rules?: boolean;
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
  const plan = planChaos({ seed: options.seed, start: START, messages: messageCount, eventChanges: options.eventChanges ?? 100, pushMode: options.pushMode ?? false, rules: options.rules ?? true });
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
    settings.notifications.vipSenders = [...VIP_LIST];
    const sink = new CoverageSink(() => clock.now());
    // One host for every incarnation, as the desktop stays while the engine process restarts.
    const host: NotificationSink = options.defect ? defectiveHost(sink, options.defect) : sink;
    const engineErrors: string[] = [];
    const logger = recordingLogger(engineErrors);
    const accountStates: Partial<Record<AccountStateKind, number>> = {};
    const pushCounters: PushCounters = { syncRequests: 0, live: 0 };
    const pushServices: PushService[] = [];
    const pushScripted = { subscriptionsRemoved: 0, notificationsDropped: 0 };
    const lives: EngineLife[] = [];
    const user = new ChaosUser({
      admin,
      upn,
      accountId: account.id,
      settings,
      sink,
      clock,
      eventId: (index) => eventId(eventIds, index),
      live: () => current,
      onError: (line) => engineErrors.push(line),
    });
    // Quick retries, so a delivery to a dead incarnation's closed receiver is given up soon.
    if (options.pushMode) await admin.setPushConfig({ retryBaseMs: 5, maxAttempts: 3 });

    const spawn = async (): Promise<Incarnation> => {
      const kill = new KillSwitch();
      const incClock = new IncarnationClock(clock, kill);
      const store = new KillableStateStore({ directory: profileDir, clock: incClock }, kill, user.observeSave);
      const life: EngineLife = { from: clock.now(), to: Number.POSITIVE_INFINITY };
      lives.push(life);
      kill.whenKilled(() => {
        life.to = clock.now();
      });
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
    const drive = <T>(work: Promise<T>, incClock: IncarnationClock, what: string) => driveUntil(work, clock, incClock, what, (line) => engineErrors.push(line));

    // The first sync is a baseline (nothing before sign-in notifies); the chaos starts after it.
    const eventIds: (string | undefined)[] = [];
    let current: Incarnation | null = await spawn();
    await settle();

    const arrived: string[] = [];
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
            bodyHtml: action.bodyHtml,
            inferenceClassification: action.classification,
            receivedDateTime: iso(clock.now()),
          });
          arrived.push(id);
          user.arrived(id, { sender: action.from, subject: action.subject, bodyHtml: action.bodyHtml, classification: action.classification });
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
        case 'push':
          await applyPushFault(admin, action, pushScripted);
          return;
        case 'reminderAction':
        case 'agendaAction':
        case 'mute':
        case 'unmute':
        case 'quietHoursOn':
        case 'quietHoursOff':
        case 'muteKeyword':
        case 'unmuteKeyword':
        case 'muteDomain':
        case 'unmuteDomain':
        case 'focusedOnlyOn':
        case 'focusedOnlyOff':
        case 'pause':
        case 'resume':
        case 'notificationsOff':
        case 'notificationsOn':
        case 'accountNotificationsOff':
        case 'accountNotificationsOn':
          await user.perform(action);
          return;
        case 'kill':
          if (!current || current.kill.killed || current.kill.armed) return;
          if (action.point === 'idle') current.kill.kill('idle');
          else current.kill.armed = action.point;
          return;
        default: {
          // A new kind of action the runner does not carry out would silently test nothing.
          const unhandled: never = action;
          throw new Error(`chaos: no runner for action ${JSON.stringify(unhandled)}`);
        }
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
      if (await user.runDeferred(clock.now())) {
        await settle();
        continue;
      }
      const action = plan.actions[next];
      if (action && action.at <= clock.now()) {
        next += 1;
        await perform(action);
        await settle();
        continue;
      }
      if (clock.now() >= plan.end && !action && restartAt === null && user.nextDeferredAt() === null) break;
      const candidates = [current?.clock.nextDue() ?? null, restartAt, action?.at ?? null, user.nextDeferredAt(), quiesced ? plan.end : plan.chaosEnd].filter((t): t is number => t !== null);
      await clock.advanceTo(Math.max(clock.now(), Math.min(...candidates)));
      await settle();
    }
    // A clean shutdown of the last incarnation (saves delivery marks, as a quit would).
    const last = current as Incarnation | null;
    let notificationsDelivered = 0;
    if (options.pushMode) for (const sub of await admin.subscriptions()) notificationsDelivered += sub.counters.notificationsDelivered;
    if (last && !last.kill.killed) {
      if (last.push) {
        await drive(last.push.ready, last.clock, 'push start');
        await drive(last.push.service.stop({ deleteSubscriptions: true }), last.clock, 'push stop');
      }
      await drive(last.engine.stop(), last.clock, 'engine stop');
    }
    if (options.pushMode) {
      // Dead incarnations' receivers were closed at their kill; make sure before the simulator goes.
      // A stop that can finish closes a loopback server in milliseconds; one queued behind work its
      // kill left pending never finishes, so waiting longer than a second only costs wall time.
      await Promise.race([Promise.all(pushServices.map((s) => s.stop({ deleteSubscriptions: false }).catch(() => undefined))), new Promise((resolve) => setTimeout(resolve, 1_000))]);
    }

    for (const life of lives) life.to = Math.min(life.to, clock.now());
    return await assessRun({
      seed: options.seed,
      plan,
      accountId: account.id,
      eventIds,
      sink,
      arrived,
      user,
      lives,
      now: clock.now(),
      wallStart,
      admin,
      identityAdmin: (route) => fixture.admin(route),
      faultLabels,
      scripted,
      crashes,
      crashesByPoint,
      restarts,
      push: options.pushMode ? { ...pushCounters, ...pushScripted, notificationsDelivered } : null,
      accountStates,
      unhandled,
      engineErrors,
      profileDir,
    });
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

