// The end of a chaos run: every pass criterion applied to what happened (coverage.ts,
// coverage-reminder-actions.ts) and the counts gathered into the ChaosReport (report.ts).
import { readdir } from 'node:fs/promises';
import type { AccountStateKind } from '../../main/core/graph/account-state.ts';
import { intentIds } from '../../main/core/notify/intent-builders.ts';
import { TEMP_SUFFIX } from '../../main/core/state/atomic-write.ts';
import type { SimAdminClient } from '../../sim/admin-client.ts';
import type { CalendarSighting, ChaosUser } from './chaos-user.ts';
import { assessMail, assessReminders, type CoverageSink } from './coverage.ts';
import { assessReminderActions, type EngineLife, type EventChangeAfterAction } from './coverage-reminder-actions.ts';
import type { KillPoint } from './incarnation.ts';
import type { ChaosFaultKind, ChaosPlan } from './plan.ts';
import type { PushCounters } from './push-incarnation.ts';
import { countFaultHits, countFaults, reminderActionsOk, type ChaosReport } from './report.ts';

const MINUTE = 60_000;
/** A snoozed reminder shows within this long of its time once an engine is alive (a poll may be ahead of it in the queue). */
const SNOOZE_LATE_MS = 2 * MINUTE;

export interface RunRecord {
  seed: number;
  plan: ChaosPlan;
  accountId: string;
  eventIds: readonly (string | undefined)[];
  sink: CoverageSink;
  arrived: readonly string[];
  user: ChaosUser;
  lives: readonly EngineLife[];
  now: number;
  wallStart: number;
  admin: SimAdminClient;
  identityAdmin: (path: string) => Promise<unknown>;
  faultLabels: ReadonlyMap<string, ChaosFaultKind>;
  scripted: { expireDeltaTokens: number; shortTokens: number; revocations: number; signInsAgain: number; readElsewhere: number };
  crashes: number;
  crashesByPoint: Record<KillPoint, number>;
  restarts: number;
  push: (PushCounters & { subscriptionsRemoved: number; notificationsDropped: number; notificationsDelivered: number }) | null;
  accountStates: Partial<Record<AccountStateKind, number>>;
  unhandled: string[];
  engineErrors: string[];
  profileDir: string;
}

export async function assessRun(run: RunRecord): Promise<ChaosReport> {
  const { plan, eventIds, sink, user, admin } = run;
  const mail = assessMail(sink.history, run.arrived, user.decisions);
  const known = plan.events.flatMap((event, i) => {
    const id = eventIds[i];
    return event.cancelled || id === undefined ? [] : [{ id, event, regular: event.start - event.reminderMinutes * MINUTE }];
  });
  const eventEnds = new Map(plan.events.flatMap((event, i) => (eventIds[i] === undefined ? [] : [[eventIds[i], event.start + event.durationMinutes * MINUTE] as [string, number]])));
  // The regular time the user acted against: before the organizer's later change, if any.
  const regularFireAt = new Map(
    plan.eventsBeforeActedChanges.flatMap((event, i) => (eventIds[i] === undefined || event.cancelled ? [] : [[eventIds[i], event.start - event.reminderMinutes * MINUTE] as [string, number]])),
  );
  const changes = actedChanges(plan, eventIds, user.calendarSeen);
  const actions = assessReminderActions(sink.history, { actions: user.durable, eventEnds, lives: run.lives, graph: await user.graphStates(), lateMs: SNOOZE_LATE_MS, regularFireAt, changes });
  // Reminders snoozed or dismissed before they showed are judged by assessReminderActions (their
  // regular reminder must not show: if it did, assessReminders counts it as unexpected too). So are
  // the old times of events changed after the user acted on them; their new time is expected here
  // too, unless the user acted on the event again after the engine had seen the change.
  const preShown = new Set(actions.preShownEventIds);
  const actedAgain = (id: string) => user.durable.some((a) => a.eventId === id && a.durableAt >= (changes.get(id)?.seenAt ?? Number.POSITIVE_INFINITY));
  const expectedReminders = known.flatMap(({ id, regular }) => {
    if (changes.has(id)) return actedAgain(id) ? [] : [intentIds.reminder(run.accountId, id, regular)];
    return preShown.has(id) ? [] : [intentIds.reminder(run.accountId, id, regular)];
  });
  const snoozedIds = new Set(user.durable.flatMap((a) => (a.kind === 'snooze' && a.until !== null ? [intentIds.reminder(run.accountId, a.eventId, a.until)] : [])));
  for (const entry of sink.history) {
    if (entry.kind !== 'show' || entry.intent.type !== 'reminder') continue;
    const change = changes.get(entry.intent.eventId);
    if (change && (change.newFireAt !== entry.intent.fireAt || actedAgain(entry.intent.eventId))) snoozedIds.add(entry.intent.id);
  }
  const reminders = assessReminders(sink.history, expectedReminders, snoozedIds);
  const faultsInjected = await countFaults(admin, run.identityAdmin, run.faultLabels, run.scripted);
  const writeBackFaultHits = await countFaultHits(admin, user.faultIds);
  const files = await readdir(run.profileDir);
  const stateFiles = { quarantined: files.filter((f) => f.includes('.corrupt-')).length, leftoverTemp: files.filter((f) => f.endsWith(TEMP_SUFFIX)).length };
  const report: ChaosReport = {
    seed: run.seed,
    messages: mail.arrived,
    notified: mail.notified,
    lost: mail.lost,
    duplicated: mail.duplicated,
    reminders: { expected: reminders.expected, fired: reminders.fired, lost: reminders.lost, doubled: reminders.doubled, unexpected: reminders.unexpected },
    crashes: run.crashes,
    crashesByPoint: run.crashesByPoint,
    restarts: run.restarts,
    faultsInjected,
    readElsewhere: {
      read: run.scripted.readElsewhere,
      retracted: new Set(sink.history.flatMap((e) => (e.kind === 'retract' && e.retraction.reason === 'readElsewhere' ? [e.retraction.intentId] : []))).size,
    },
    ...(run.push ? { push: run.push } : {}),
    accountStates: run.accountStates,
    unhandled: run.unhandled,
    engineErrors: run.engineErrors,
    stateFiles,
    simulatedHours: Math.round(((run.now - plan.start) / 3_600_000) * 10) / 10,
    wallMs: Date.now() - run.wallStart,
    rules: {
      ...user.counters,
      notifiedSingly: mail.notifiedSingly,
      summarised: mail.summarised,
      suppressed: mail.suppressed,
      suppressedBy: mail.suppressedBy,
      mutedVips: mail.mutedVips,
      pausedVips: mail.pausedVips,
      mutedByDomain: mail.mutedByDomain,
      domainVipsBrokeThrough: mail.domainVipsBrokeThrough,
      vipBrokeThrough: mail.vipBrokeThrough,
      vipBrokeThroughBy: mail.vipBrokeThroughBy,
      notifiedAfterSuppressed: mail.notifiedAfterSuppressed,
    },
    reminderActions: { ...actions, asked: { snoozes: user.counters.snoozesAsked, dismisses: user.counters.dismissesAsked, withKill: user.counters.withKill, withFault: user.counters.withFault, skipped: user.counters.skipped, agenda: user.counters.agendaAsked }, writeBackFaultHits },
    details: { mail, reminders },
    ok: false,
  };
  report.ok =
    report.lost === 0 &&
    mail.notifiedAfterSuppressed === 0 &&
    reminderActionsOk(actions) &&
    report.duplicated === 0 &&
    reminders.lost === 0 &&
    reminders.doubled === 0 &&
    reminders.unexpected === 0 &&
    run.unhandled.length === 0 &&
    run.engineErrors.length === 0 &&
    stateFiles.quarantined === 0;
  return report;
}

/** The organizer's changes to events the user had acted on, and when the engine's durable calendar first held each. */
function actedChanges(plan: ChaosPlan, eventIds: readonly (string | undefined)[], seen: readonly CalendarSighting[]): Map<string, EventChangeAfterAction> {
  const out = new Map<string, EventChangeAfterAction>();
  for (const action of plan.actions) {
    if ((action.kind !== 'eventMove' && action.kind !== 'eventCancel') || !action.afterUserAction) continue;
    const eventId = eventIds[action.event];
    const event = plan.events[action.event];
    if (eventId === undefined || !event) continue;
    const start = action.kind === 'eventMove' ? action.start : null;
    const sighting = seen.find((s) => s.eventId === eventId && s.start === start && s.durableAt >= action.at);
    out.set(eventId, { at: action.at, seenAt: sighting?.durableAt ?? null, newFireAt: action.kind === 'eventMove' ? action.start - event.reminderMinutes * MINUTE : null });
  }
  return out;
}
