// The chaos run's report: what it counts, how it prints, and the fault tally read back from the
// simulator's request log (a fault counts only if it actually hit a request).
import type { AccountStateKind } from '../../main/core/graph/account-state.ts';
import type { SimAdminClient } from '../../sim/admin-client.ts';
import type { MailAssessment, ReminderAssessment } from './coverage.ts';
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
    `chaos: ${report.messages} messages, ${report.notified} notified, ${report.lost} lost, ${report.duplicated} duplicated`,
    `chaos: ${r.expected} reminders expected, ${r.fired} fired, ${r.lost} lost, ${r.doubled} doubled, ${r.unexpected} unexpected`,
    `chaos: ${report.crashes} crashes (${Object.entries(report.crashesByPoint).map(([p, n]) => `${p} ${n}`).join(', ')}), ${report.restarts} restarts`,
    `chaos: faults injected: ${faults}`,
    ...(report.push
      ? [
          `chaos: push: ${report.push.live} times live, ${report.push.syncRequests} syncs requested by notifications, ${report.push.notificationsDelivered} delivered to live subscriptions, ${report.push.subscriptionsRemoved} subscriptions removed, ${report.push.notificationsDropped} notifications dropped`,
        ]
      : []),
    `chaos: account states: ${Object.entries(report.accountStates).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'}`,
    `chaos: read elsewhere: ${report.readElsewhere.read} messages, ${report.readElsewhere.retracted} notifications retracted`,
    `chaos: state files: ${report.stateFiles.quarantined} quarantined, ${report.stateFiles.leftoverTemp} temp files left`,
    `chaos: seed ${report.seed}, ${report.simulatedHours} simulated hours in ${(report.wallMs / 1000).toFixed(1)} s, ${report.unhandled.length} unhandled rejections, ${report.engineErrors.length} engine errors`,
  ];
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
