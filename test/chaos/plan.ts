// The whole run decided up front from the seed: when each message arrives and from whom, every
// event change, every fault and every kill point, on a simulated timeline. The runner only
// carries it out, so a seed reproduces the plan exactly.
import type { FaultSpec } from '../../sim/faults.ts';
import { KILL_POINTS, type KillPoint } from './incarnation.ts';
import { planActedChanges } from './plan-acted-changes.ts';
import { planAgendaActions } from './plan-agenda-actions.ts';
import { planSwitchStretches } from './plan-switch-stretches.ts';
import { planDomainMutes, planKeywordTags, planRuleStretches, withKeyword } from './plan-rule-stretches.ts';
import { planReminderActions, planRules, type UserAction } from './plan-user-actions.ts';
import { mulberry32, type Prng } from './prng.ts';

export type { ReminderActionTrouble, ReminderUserAction, RuleUserAction, UserAction } from './plan-user-actions.ts';
export { REMINDER_ACTION_TROUBLE } from './plan-user-actions.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface Sender {
  name: string;
  address: string;
  vip: boolean;
}

export const SENDERS: readonly Sender[] = [
  { name: 'Grace Hopper', address: 'grace@fabrikam.example', vip: true },
  { name: 'Alan Turing', address: 'alan@fabrikam.example', vip: false },
  { name: 'Katherine Johnson', address: 'katherine@nasa.example', vip: true },
  { name: 'Edsger Dijkstra', address: 'edsger@tue.example', vip: false },
  { name: 'Barbara Liskov', address: 'barbara@mit.example', vip: false },
  { name: 'Donald Knuth', address: 'knuth@stanford.example', vip: false },
  { name: 'Frances Allen', address: 'fran@ibm.example', vip: true },
  { name: 'Ken Thompson', address: 'ken@bell.example', vip: false },
  { name: 'Newsletter', address: 'news@lists.example', vip: false },
];

/**
 * The VIP list the run's settings hold: addresses, and a domain (no '@'), which covers every
 * address there (Katherine Johnson is a VIP through it). Sender.vip above says what it must mean.
 */
export const VIP_LIST: readonly string[] = ['grace@fabrikam.example', 'nasa.example', 'fran@ibm.example'];

/** The domain chaos mutes for stretches: a VIP (Grace Hopper) and a plain sender (Alan Turing). */
export const MUTED_DOMAIN = 'fabrikam.example';

/** Fault kinds the run injects; each is injected at least twice, whatever the size. */
export const FAULT_KINDS = ['429storm', '503', 'reset', 'latency', '401', 'malformedJson', 'expireDeltaTokens', 'shortTokens'] as const;
export type ChaosFaultKind = (typeof FAULT_KINDS)[number];

export type ChaosAction =
  | { at: number; kind: 'message'; index: number; from: Sender; subject: string; bodyHtml: string; classification: 'focused' | 'other' }
  | { at: number; kind: 'eventCreate'; event: number; start: number; durationMinutes: number; reminderMinutes: number; online: boolean }
  /** `afterUserAction`: an event the user had snoozed or dismissed, changed afterwards (plan-acted-changes.ts). */
  | { at: number; kind: 'eventMove'; event: number; start: number; durationMinutes: number; afterUserAction?: true }
  | { at: number; kind: 'eventReminder'; event: number; reminderMinutes: number }
  | { at: number; kind: 'eventCancel'; event: number; how: 'cancel' | 'delete'; afterUserAction?: true }
  | { at: number; kind: 'fault'; fault: ChaosFaultKind; spec?: FaultSpec }
  | { at: number; kind: 'shortTokensOff' }
  | { at: number; kind: 'revoke' }
  | { at: number; kind: 'signInAgain' }
  /** `beforeSnoozeDue`: planted a minute before a snooze from the agenda is due (plan-agenda-actions.ts). */
  | { at: number; kind: 'kill'; point: KillPoint; beforeSnoozeDue?: true }
  /** The message is read on another device an hour or two after it arrived (long after it was notified). */
  | { at: number; kind: 'readElsewhere'; index: number }
  /** Push mode only: Graph removes a subscription (subscriptionRemoved), or drops its next notifications. */
  | { at: number; kind: 'push'; what: PushFaultKind; pick: number; count: number }
  /** The user: snooze/dismiss a reminder, mute/unmute a sender, quiet hours on/off (plan-user-actions.ts). */
  | UserAction;

export const PUSH_FAULT_KINDS = ['subscriptionRemoved', 'dropNotifications'] as const;
export type PushFaultKind = (typeof PUSH_FAULT_KINDS)[number];

/** An event as it stands at the end of the plan (what the reminders must match). */
export interface PlannedEvent {
  start: number;
  durationMinutes: number;
  reminderMinutes: number;
  cancelled: boolean;
}

export interface ChaosPlan {
  start: number;
  /** When the scripted chaos is over; after it the run quiesces until `end`. */
  chaosEnd: number;
  end: number;
  actions: ChaosAction[];
  events: PlannedEvent[];
  /** The events as they stood when the user acted on them, before the changes planned after (plan-acted-changes.ts). */
  eventsBeforeActedChanges: PlannedEvent[];
}

export interface PlanOptions {
  seed: number;
  start: number;
  messages: number;
  eventChanges: number;
  /** Adds push faults (drawn from their own stream, so the rest of the plan is the same). */
  pushMode?: boolean;
  /**
   * false: the user never changes a notification rule (no mutes, quiet hours, keyword mutes,
   * Focused-only, pauses, switches), so every message must notify (`N messages, N notified`).
   * Every other draw of the seed is the same. Default true.
   */
  rules?: boolean;
}

/** Event changes only touch reminders at least this far ahead, so polling lag never decides the outcome. */
export const EVENT_CHANGE_LEAD_MS = 2 * HOUR;
const REMINDER_MINUTES = [5, 10, 15, 30] as const;

export function planChaos(options: PlanOptions): ChaosPlan {
  const root = mulberry32(options.seed);
  const mail = root.fork();
  const cal = root.fork();
  const chaos = root.fork();
  // About one message every 45 simulated seconds: bursts, quiet stretches, summaries.
  const span = Math.max(2 * HOUR, options.messages * 45_000);
  const start = options.start;
  const chaosEnd = start + span;
  const actions: ChaosAction[] = [];

  actions.push(...planMessages(mail, options.messages, start, span));
  const { actions: eventActions, events } = planEvents(cal, options.eventChanges, start, span);
  actions.push(...eventActions);
  actions.push(...planFaults(chaos, start, span));
  actions.push(...planKills(chaos, start, span));
  // Later streams: adding them leaves every earlier draw (and so older plans) as it was.
  const reads = root.fork();
  const pushFaults = root.fork();
  const user = root.fork();
  actions.push(...planReadsElsewhere(reads, actions));
  if (options.pushMode) actions.push(...planPushFaults(pushFaults, start, span));
  const live = events.flatMap((e, index) => (e.cancelled ? [] : [{ index, fireAt: e.start - e.reminderMinutes * MINUTE, end: e.start + e.durationMinutes * MINUTE }]));
  const reminderActions = planReminderActions(user, live);
  actions.push(...reminderActions);
  const ruleActions = planRules(user, start, span, senderGroups());
  if (options.rules !== false) actions.push(...ruleActions);
  // Muted keywords, Focused Inbox only, pauses, and snoozes/dismissals from the agenda.
  const keywords = root.fork();
  const stretches = root.fork();
  const agenda = root.fork();
  const tags = planKeywordTags(keywords, options.messages);
  for (const action of actions) {
    if (action.kind === 'message') Object.assign(action, withKeyword(action.subject, tags[action.index] ?? null));
  }
  const stretchActions = planRuleStretches(stretches, start, span);
  if (options.rules !== false) actions.push(...stretchActions);
  const { actions: agendaActions, killsAt } = planAgendaActions(agenda, live, new Set(reminderActions.map((a) => a.event)));
  actions.push(...agendaActions, ...killsAt.map((at) => ({ at, kind: 'kill' as const, point: 'idle' as const, beforeSnoozeDue: true as const })));

  // Events the user snoozed or dismissed, moved or cancelled afterwards.
  const actedChanges = root.fork();
  const eventsBeforeActedChanges = events.map((e) => ({ ...e }));
  const lastActionAt = new Map<number, number>();
  for (const a of [...reminderActions, ...agendaActions]) lastActionAt.set(a.event, Math.max(a.at, lastActionAt.get(a.event) ?? 0));
  actions.push(...planActedChanges(actedChanges, lastActionAt, events));
  // The global and the account's notification switches, off for stretches.
  const switches = root.fork();
  // A muted domain (planned before the switches, which keep clear of every other rule's stretch).
  const domains = root.fork();
  const domainMutes = planDomainMutes(domains, start, span, MUTED_DOMAIN);
  if (options.rules !== false) actions.push(...domainMutes);
  const switchActions = planSwitchStretches(switches, start, span, ruleStretches(actions));
  if (options.rules !== false) actions.push(...switchActions);

  actions.sort((a, b) => a.at - b.at);
  const lastFire = Math.max(0, ...events.flatMap((e) => (e.cancelled ? [] : [e.start - e.reminderMinutes * MINUTE])));
  // Snoozed reminders come back before their event ends; the run waits for those too.
  const lastSnoozeBack = Math.max(0, ...[...reminderActions, ...agendaActions].map((a) => a.at + a.minutes * MINUTE));
  return { start, chaosEnd, end: Math.max(chaosEnd, lastFire, lastSnoozeBack) + 20 * MINUTE, actions, events, eventsBeforeActedChanges };
}

/** [from, to] of each stretch of another rule: quiet hours, muted senders, domains and keywords, Focused Inbox only (on → off), pauses. */
function ruleStretches(actions: readonly ChaosAction[]): [number, number][] {
  const out: [number, number][] = [];
  const on = new Map<string, number>();
  const begin = (key: string, at: number) => on.set(key, at);
  const end = (key: string, at: number) => {
    const from = on.get(key);
    if (from !== undefined) out.push([from, at]);
    on.delete(key);
  };
  for (const a of [...actions].sort((x, y) => x.at - y.at)) {
    if (a.kind === 'quietHoursOn' || a.kind === 'focusedOnlyOn') begin(a.kind, a.at);
    else if (a.kind === 'quietHoursOff') end('quietHoursOn', a.at);
    else if (a.kind === 'focusedOnlyOff') end('focusedOnlyOn', a.at);
    else if (a.kind === 'mute' || a.kind === 'muteKeyword') begin(a.kind === 'mute' ? a.address : a.keyword, a.at);
    else if (a.kind === 'unmute' || a.kind === 'unmuteKeyword') end(a.kind === 'unmute' ? a.address : a.keyword, a.at);
    else if (a.kind === 'muteDomain') begin(a.domain, a.at);
    else if (a.kind === 'unmuteDomain') end(a.domain, a.at);
    else if (a.kind === 'pause') out.push([a.at, a.until]);
  }
  return out;
}

function senderGroups(): { newsletter: string; vips: string[]; others: string[] } {
  const newsletter = SENDERS.find((s) => s.name === 'Newsletter')?.address ?? 'news@lists.example';
  return {
    newsletter,
    vips: SENDERS.filter((s) => s.vip).map((s) => s.address),
    others: SENDERS.filter((s) => !s.vip && s.address !== newsletter).map((s) => s.address),
  };
}

function planMessages(prng: Prng, count: number, start: number, span: number): ChaosAction[] {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    // One in six joins a burst right after an earlier message (summaries, coalescing).
    const previous = times.length > 0 ? prng.pick(times) : null;
    const at = previous !== null && prng.chance(1 / 6) ? previous + prng.int(0, 20_000) : start + MINUTE + Math.floor(prng.next() * (span - 2 * MINUTE));
    times.push(at);
  }
  times.sort((a, b) => a - b);
  return times.map((at, index) => ({
    at,
    kind: 'message',
    index,
    from: prng.pick(SENDERS),
    subject: `Chaos message ${index + 1}`,
    bodyHtml: `<p>Chaos message ${index + 1}</p>`,
    classification: prng.chance(0.2) ? 'other' : 'focused',
  }));
}

function planEvents(prng: Prng, changes: number, start: number, span: number): { actions: ChaosAction[]; events: PlannedEvent[] } {
  const events: PlannedEvent[] = [];
  const actions: ChaosAction[] = [];
  const times = Array.from({ length: changes }, () => start + MINUTE + Math.floor(prng.next() * (span - 2 * MINUTE))).sort((a, b) => a - b);
  const fireAt = (e: PlannedEvent) => e.start - e.reminderMinutes * MINUTE;
  const newStart = (at: number) => Math.ceil((at + prng.int(150, 480) * MINUTE) / MINUTE) * MINUTE;
  for (const at of times) {
    const changeable = events.map((e, i) => ({ e, i })).filter(({ e }) => !e.cancelled && fireAt(e) >= at + EVENT_CHANGE_LEAD_MS + 5 * MINUTE);
    const roll = prng.next();
    if (changeable.length === 0 || roll < 0.4) {
      const event: PlannedEvent = { start: newStart(at), durationMinutes: 0, reminderMinutes: prng.pick(REMINDER_MINUTES), cancelled: false };
      // Drawn in the order they always were, so a seed keeps its plan.
      event.durationMinutes = prng.pick([15, 30, 60]);
      events.push(event);
      actions.push({ at, kind: 'eventCreate', event: events.length - 1, start: event.start, durationMinutes: event.durationMinutes, reminderMinutes: event.reminderMinutes, online: prng.chance(0.5) });
      continue;
    }
    const { e, i } = prng.pick(changeable);
    if (roll < 0.65) {
      e.start = newStart(at);
      e.durationMinutes = prng.pick([15, 30, 60]);
      actions.push({ at, kind: 'eventMove', event: i, start: e.start, durationMinutes: e.durationMinutes });
    } else if (roll < 0.85) {
      e.reminderMinutes = prng.pick(REMINDER_MINUTES.filter((m) => m !== e.reminderMinutes));
      actions.push({ at, kind: 'eventReminder', event: i, reminderMinutes: e.reminderMinutes });
    } else {
      e.cancelled = true;
      actions.push({ at, kind: 'eventCancel', event: i, how: prng.chance(0.5) ? 'cancel' : 'delete' });
    }
  }
  return { actions, events };
}

function planFaults(prng: Prng, start: number, span: number): ChaosAction[] {
  // One fault every ~20 simulated minutes, every kind at least twice.
  const count = Math.max(FAULT_KINDS.length * 2, Math.floor(span / (20 * MINUTE)));
  const actions: ChaosAction[] = [];
  for (let i = 0; i < count; i += 1) {
    const fault = FAULT_KINDS[i % FAULT_KINDS.length] as ChaosFaultKind;
    const at = start + 2 * MINUTE + Math.floor(prng.next() * (span - 10 * MINUTE));
    const spec = faultSpec(prng, fault);
    actions.push(spec ? { at, kind: 'fault', fault, spec } : { at, kind: 'fault', fault });
    if (fault === 'shortTokens') actions.push({ at: at + prng.int(5, 20) * MINUTE, kind: 'shortTokensOff' });
  }
  // The refresh token revoked once per run, in the first half, then a new interactive sign-in.
  const revokeAt = start + 10 * MINUTE + Math.floor(prng.next() * (span / 2));
  actions.push({ at: revokeAt, kind: 'revoke' }, { at: revokeAt + prng.int(5, 25) * MINUTE, kind: 'signInAgain' });
  return actions;
}

/** The simulator fault for a kind (Graph paths only: identity stays reachable). */
function faultSpec(prng: Prng, kind: ChaosFaultKind): FaultSpec | undefined {
  switch (kind) {
    case '429storm':
      return prng.chance(0.5)
        ? { kind: '429', path: '/$batch', scope: 'outer', retryAfterSeconds: prng.int(1, 45), times: prng.int(2, 5) }
        : { kind: '429', pathRegex: 'messages/delta', scope: 'inner', retryAfterSeconds: prng.int(1, 10), times: prng.int(2, 6) };
    case '503':
      return { kind: '503', path: '/$batch', retryAfterSeconds: prng.int(1, 5), times: prng.int(1, 3) };
    case 'reset':
      return { kind: 'reset', path: '/$batch', scope: 'outer', times: prng.int(1, 2) };
    case 'latency':
      // Wall-clock delay in the simulator: small, it only reorders the run's real I/O.
      return { kind: 'latency', path: '/$batch', scope: 'outer', latencyMs: prng.int(10, 40), times: prng.int(2, 5) };
    case '401':
      return { kind: '401', path: '/$batch', scope: 'outer', times: 1 };
    case 'malformedJson':
      return { kind: 'malformedJson', path: '/$batch', scope: 'outer', times: 1 };
    case 'expireDeltaTokens':
    case 'shortTokens':
      return undefined;
  }
}

function planReadsElsewhere(prng: Prng, planned: readonly ChaosAction[]): ChaosAction[] {
  const out: ChaosAction[] = [];
  for (const action of planned) {
    if (action.kind === 'message' && prng.chance(0.05)) out.push({ at: action.at + prng.int(60, 120) * MINUTE, kind: 'readElsewhere', index: action.index });
  }
  return out;
}

function planPushFaults(prng: Prng, start: number, span: number): ChaosAction[] {
  // One every ~40 simulated minutes, each kind at least twice.
  const count = Math.max(PUSH_FAULT_KINDS.length * 2, Math.floor(span / (40 * MINUTE)));
  return Array.from({ length: count }, (_, i) => ({
    at: start + 5 * MINUTE + Math.floor(prng.next() * (span - 10 * MINUTE)),
    kind: 'push' as const,
    what: PUSH_FAULT_KINDS[i % PUSH_FAULT_KINDS.length] as PushFaultKind,
    pick: prng.int(0, 1_000),
    count: prng.int(1, 5),
  }));
}

function planKills(prng: Prng, start: number, span: number): ChaosAction[] {
  // One kill every ~30 simulated minutes, every kill point at least twice.
  const count = Math.max(KILL_POINTS.length * 2, Math.floor(span / (30 * MINUTE)));
  return Array.from({ length: count }, (_, i) => ({
    at: start + 3 * MINUTE + Math.floor(prng.next() * (span - 10 * MINUTE)),
    kind: 'kill' as const,
    point: KILL_POINTS[i % KILL_POINTS.length] as KillPoint,
  }));
}
