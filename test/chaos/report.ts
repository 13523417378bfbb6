// The chaos run's report: what it counts, how it prints, and the fault tally read back from the
// simulator's request log (a fault counts only if it actually hit a request).
import type { AccountStateKind } from '../../main/core/graph/account-state.ts';
import type { SimAdminClient } from '../../sim/admin-client.ts';
import type { MailAssessment, ReminderAssessment } from './coverage.ts';
import type { ReminderActionAssessment } from './coverage-reminder-actions.ts';
import type { UserCounters } from './chaos-user.ts';
import type { KillPoint } from './incarnation.ts';
import { FAULT_KINDS, type ChaosFaultKind } from './plan.ts';
import type { PushCounters } from './push-incarnation.ts';

export interface ChaosReport {
  seed: number;
  messages: number;
  notified: number;
  lost: number;
  duplicated: number;
  reminders: { expected: number; fired: number; lost: number; doubled: number; unexpected: number };
  /** Engine incarnations killed (by kill point) and restarted from their state files. */
  crashes: number;
  crashesByPoint: Record<KillPoint, number>;
  restarts: number;
  /** Faults that actually hit a request (from the simulator's request log), plus the scripted events. */
  faultsInjected: Record<ChaosFaultKind, number> & { gone410: number; revocations: number; signInsAgain: number; tokenRefreshes: number };
  /** Messages read on another device after they were notified, and the notifications that were retracted for it. */
  readElsewhere: { read: number; retracted: number };
  /** Push mode only. */
  push?: PushCounters & { subscriptionsRemoved: number; notificationsDropped: number; notificationsDelivered: number };
  /** Rules the user changed during the run, and what they decided (notified + summarised = `notified`). */
  rules: UserCounters & Pick<MailAssessment, 'notifiedSingly' | 'summarised' | 'suppressed' | 'suppressedBy' | 'mutedVips' | 'pausedVips' | 'mutedByDomain' | 'domainVipsBrokeThrough' | 'vipBrokeThrough' | 'vipBrokeThroughBy' | 'notifiedAfterSuppressed'>;
  /** Snoozes and dismissals: what the user asked, what became durable, and how each one went. */
  reminderActions: ReminderActionAssessment & {
    asked: { snoozes: number; dismisses: number; withKill: number; withFault: number; skipped: number; agenda: number };
    /** Write-back requests the faults planned with the actions actually hit. */
    writeBackFaultHits: number;
  };
  /** Account states the engine went through (needsSignIn, throttled, offline, graphDown …). */
  accountStates: Partial<Record<AccountStateKind, number>>;
  /** Unhandled rejections and engine error logs: each one fails the run. */
  unhandled: string[];
  engineErrors: string[];
  /** State files set aside as unreadable (a torn write would show here) and temp files left over. */
  stateFiles: { quarantined: number; leftoverTemp: number };
  simulatedHours: number;
  wallMs: number;
  details: { mail: MailAssessment; reminders: ReminderAssessment };
  ok: boolean;
}

/** The report's summary lines; the first is the one the issue asks for, verbatim. */
export function formatChaosReport(report: ChaosReport): string[] {
  const r = report.reminders;
  const faults = Object.entries(report.faultsInjected)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return [
    // The issue's line; with rule changes in the run, the messages the rules held back are named on it too.
    `chaos: ${report.messages} messages, ${report.notified} notified, ${report.rules.suppressed > 0 ? `${report.rules.suppressed} suppressed by rule, ` : ''}${report.lost} lost, ${report.duplicated} duplicated`,
    `chaos: ${r.expected} reminders expected, ${r.fired} fired, ${r.lost} lost, ${r.doubled} doubled, ${r.unexpected} unexpected`,
    `chaos: ${report.crashes} crashes (${Object.entries(report.crashesByPoint).map(([p, n]) => `${p} ${n}`).join(', ')}), ${report.restarts} restarts`,
    `chaos: faults injected: ${faults}`,
    ...(report.push
      ? [
          `chaos: push: ${report.push.live} times live, ${report.push.syncRequests} syncs requested by notifications, ${report.push.notificationsDelivered} delivered to live subscriptions, ${report.push.subscriptionsRemoved} subscriptions removed, ${report.push.notificationsDropped} notifications dropped`,
        ]
      : []),
    `chaos: account states: ${Object.entries(report.accountStates).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'}`,
    ...formatRules(report),
    ...formatReminderActions(report.reminderActions),
    `chaos: read elsewhere: ${report.readElsewhere.read} messages, ${report.readElsewhere.retracted} notifications retracted`,
    `chaos: state files: ${report.stateFiles.quarantined} quarantined, ${report.stateFiles.leftoverTemp} temp files left`,
    `chaos: seed ${report.seed}, ${report.simulatedHours} simulated hours in ${(report.wallMs / 1000).toFixed(1)} s, ${report.unhandled.length} unhandled rejections, ${report.engineErrors.length} engine errors`,
  ];
}

function formatRules(report: ChaosReport): string[] {
  const r = report.rules;
  const by = r.suppressedBy;
  return [
    `chaos: rules: ${report.notified} notified (${r.notifiedSingly} singly, ${r.summarised} summarised), ${r.suppressed} suppressed by rule (${by.mutedSender} muted sender, ${r.mutedVips} of them VIPs, ${r.mutedByDomain} by a muted domain, ${by.mutedKeyword} muted keyword, ${by.notFocused} not Focused, ${by.paused} paused, ${r.pausedVips} of them VIPs, ${by.quietHours} quiet hours), ${r.vipBrokeThrough} VIP through quiet hours, ${r.notifiedAfterSuppressed} notified after a suppressing decision; ${r.mutes} mutes, ${r.unmutes} unmutes, ${r.domainMutes} domain-mute stretches, ${r.domainVipsBrokeThrough} VIPs-by-domain broke through, ${r.quietStretches} quiet-hours stretches`,
    `chaos: rules: ${by.notificationsOff} while notifications were off (${r.notificationsOffStretches} stretches), ${by.accountNotificationsOff} while the account's were off (${r.accountOffStretches} stretches)`,
    `chaos: rules: VIPs broke through Focused Inbox only ${r.vipBrokeThroughBy.notFocused}, a pause ${r.vipBrokeThroughBy.paused}, quiet hours ${r.vipBrokeThroughBy.quietHours} times; ${r.keywordMutes} keyword mutes, ${r.focusedOnlyStretches} Focused-only stretches, ${r.pauses} pauses (${r.pausesVipBreaks} letting VIPs through, ${r.resumes} ended early)`,
  ];
}

function formatReminderActions(r: ChaosReport['reminderActions']): string[] {
  const n = (list: readonly string[]) => list.length;
  return [
    `chaos: reminder actions: ${r.asked.snoozes} snoozes and ${r.asked.dismisses} dismissals asked (${r.asked.withKill} with a kill, ${r.asked.withFault} with a write-back fault hitting ${r.writeBackFaultHits} requests, ${r.asked.skipped} skipped), ${r.snoozes} snoozes and ${r.dismisses} dismissals made durable`,
    `chaos: reminder actions: ${r.snoozesBack} snoozed reminders back once on time, ${n(r.snoozeLost)} lost, ${n(r.snoozeMistimed)} mistimed, ${n(r.doubleFires)} fired twice, ${n(r.firedAfterDismiss)} after a dismissal, ${n(r.firedAfterSuperseded)} after a newer snooze, ${n(r.retractedUnshown)} retracted unshown, ${n(r.notWrittenBack)} not written back, ${n(r.graphAhead)} in Graph but never durable`,
    `chaos: reminder actions from the agenda before the reminder showed: ${r.asked.agenda} asked, ${r.preShown.snoozes} snoozes (${r.preShown.snoozesBack} back once on time, ${r.preShown.backAfterRestart} of them at a restart), ${r.preShown.dismisses} dismissals, ${n(r.firedAtRegularTime)} shown at the regular time anyway`,
    `chaos: acted-on events changed afterwards: ${r.changed.moved} moved (${r.changed.newTimeBack} shown once for the new time, ${r.changed.dismissalsOverridden} of them dismissed before, ${r.changed.oldSnoozesDropped} old snoozes dropped), ${r.changed.cancelled} cancelled, ${n(r.firedAtOldTime)} shown at an old time or cancelled, ${n(r.newTimeMissed)} missed the new time, ${n(r.changeUnseen)} never seen`,
  ];
}

/** Every reminder-action criterion holds. */
export function reminderActionsOk(r: ReminderActionAssessment): boolean {
  return [r.snoozeLost, r.snoozeMistimed, r.doubleFires, r.firedAfterDismiss, r.firedAfterSuperseded, r.retractedUnshown, r.notWrittenBack, r.graphAhead, r.firedAtRegularTime, r.firedAtOldTime, r.newTimeMissed, r.changeUnseen].every((list) => list.length === 0);
}

/** Requests the given faults hit, from the simulator's request log. */
export async function countFaultHits(admin: SimAdminClient, faultIds: ReadonlySet<string>): Promise<number> {
  if (faultIds.size === 0) return 0;
  return (await admin.requests()).filter((entry) => entry.fault !== undefined && entry.fault !== null && faultIds.has(entry.fault)).length;
}

export async function countFaults(
  admin: SimAdminClient,
  identityAdmin: (path: string) => Promise<unknown>,
  labels: ReadonlyMap<string, ChaosFaultKind>,
  scripted: { expireDeltaTokens: number; shortTokens: number; revocations: number; signInsAgain: number },
): Promise<ChaosReport['faultsInjected']> {
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<ChaosFaultKind, number>;
  let gone410 = 0;
  for (const entry of await admin.requests()) {
    const label = entry.fault ? labels.get(entry.fault) : undefined;
    if (label) counts[label] += 1;
    if (entry.status === 410) gone410 += 1;
  }
  counts.expireDeltaTokens = scripted.expireDeltaTokens;
  counts.shortTokens = scripted.shortTokens;
  const identityRequests = (await identityAdmin('/_admin/identity/requests')) as { grantType?: string }[];
  const tokenRefreshes = identityRequests.filter((r) => r.grantType === 'refresh_token').length;
  return { ...counts, gone410, revocations: scripted.revocations, signInsAgain: scripted.signInsAgain, tokenRefreshes };
}
