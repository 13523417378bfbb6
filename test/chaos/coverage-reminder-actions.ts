// The pass criteria for what the user did to reminders (snooze, dismiss), judged from what the
// host saw (the sink's history), what the engine made durable (its saves, watched by the runner),
// when an engine was alive, and what Graph (the simulator) holds at the end:
// - a snooze that stands (no later snooze/dismiss made durable before it was due) comes back
//   exactly once, never before its time, and no later than `lateMs` after the first moment an
//   engine was alive for `lateMs` at or after it (right after a restart if the app was dead then);
//   one that could not come back (no engine alive before the event ended) may stay away.
// - a snooze overtaken by a later durable snooze/dismiss never comes back after it.
// - after a durable dismissal, no reminder of that event pops up again.
// - no reminder id pops up twice (shown again after it was taken down), and none is retracted
//   without having been shown.
// - acted on from the agenda before the reminder showed (the event's first durable action came
//   before its regular reminder time, with nothing of it shown yet): the regular reminder never
//   shows after that action — a snooze brings it back at the snoozed time instead (judged as any
//   snooze), a dismissal means it never shows.
// - changed by the organizer after the user acted (coverage-event-changes.ts): once the engine had
//   seen the move, the old snooze and dismissal no longer apply — the reminder fires once for the
//   new time (unless acted on again), nothing at an old time; a cancelled event never fires again.
// - by the end Graph holds each event's last durable action (the outbox survived kills and
//   faults), and never an action the engine had not made durable first (write-ahead).
import type { SinkEntry } from './coverage.ts';
import { judgeEventChange, type EventChangeAfterAction } from './coverage-event-changes.ts';

export type { EventChangeAfterAction } from './coverage-event-changes.ts';

export interface DurableReminderAction {
  eventId: string;
  kind: 'snooze' | 'dismiss';
  /** Snoozes: when the reminder comes back. */
  until: number | null;
  /** When it was first seen on disk. */
  durableAt: number;
}

export interface EngineLife {
  from: number;
  to: number;
}

export interface GraphReminderState {
  dismissed: boolean;
  snoozedUntil: number | null;
}

export interface ReminderActionInput {
  actions: readonly DurableReminderAction[];
  /** eventId → when the event ends (a snoozed reminder never comes back after that). */
  eventEnds: ReadonlyMap<string, number>;
  lives: readonly EngineLife[];
  /** eventId → Graph's reminder state at the end, for every event the user acted on. */
  graph: ReadonlyMap<string, GraphReminderState>;
  lateMs: number;
  /** eventId → its regular (not snoozed) reminder time, to tell actions taken before it showed. */
  regularFireAt?: ReadonlyMap<string, number>;
  /** eventId → how the organizer changed it after the user had acted on it. */
  changes?: ReadonlyMap<string, EventChangeAfterAction>;
}

export interface ReminderActionAssessment {
  snoozes: number;
  dismisses: number;
  /** Standing snoozes that came back (once, on time). */
  snoozesBack: number;
  snoozeLost: string[];
  snoozeMistimed: string[];
  doubleFires: string[];
  firedAfterDismiss: string[];
  firedAfterSuperseded: string[];
  retractedUnshown: string[];
  notWrittenBack: string[];
  graphAhead: string[];
  /** Events first snoozed / dismissed from the agenda before their reminder showed. */
  preShown: { snoozes: number; dismisses: number; snoozesBack: number; backAfterRestart: number };
  preShownEventIds: string[];
  /** Regular reminders that showed although the user had snoozed or dismissed them ahead of time. */
  firedAtRegularTime: string[];
  /** Events acted on, then moved or cancelled (see coverage-event-changes.ts). */
  changed: { moved: number; cancelled: number; newTimeBack: number; oldSnoozesDropped: number; dismissalsOverridden: number };
  /** After the engine had seen the change: a pop-up at an old time (the old snooze, the old regular time) or of a cancelled event. */
  firedAtOldTime: string[];
  /** A moved event whose reminder never showed (or showed early) for its new time, though an engine could show it. */
  newTimeMissed: string[];
  /** Changes the engine's durable calendar never reflected. */
  changeUnseen: string[];
}

export interface PopUp {
  id: string;
  eventId: string;
  fireAt: number;
  at: number;
}

/** Reminder notifications that popped up (shown while not on screen) and retractions of ids never shown. */
function popUps(history: readonly SinkEntry[]): { popUps: PopUp[]; retractedUnshown: string[] } {
  const visible = new Set<string>();
  const everShown = new Set<string>();
  const out: PopUp[] = [];
  const retractedUnshown: string[] = [];
  for (const entry of history) {
    if (entry.kind === 'retract') {
      if (!entry.retraction.intentId.startsWith('reminder:')) continue;
      if (!everShown.has(entry.retraction.intentId)) retractedUnshown.push(entry.retraction.intentId);
      visible.delete(entry.retraction.intentId);
      continue;
    }
    const intent = entry.intent;
    if (intent.type !== 'reminder') continue;
    everShown.add(intent.id);
    if (visible.has(intent.id)) continue; // re-emitted in place (after a crash): the host replaces it
    visible.add(intent.id);
    out.push({ id: intent.id, eventId: intent.eventId, fireAt: intent.fireAt, at: entry.at });
  }
  return { popUps: out, retractedUnshown };
}

/** The latest time by which a reminder due at `due` must have shown, or null if no engine could show it before `end`. */
export function showDeadline(due: number, end: number, lives: readonly EngineLife[], lateMs: number): number | null {
  let best: number | null = null;
  for (const life of lives) {
    const from = Math.max(life.from, due);
    if (from + lateMs > Math.min(life.to, end)) continue;
    if (best === null || from + lateMs < best) best = from + lateMs;
  }
  return best;
}

export function assessReminderActions(history: readonly SinkEntry[], input: ReminderActionInput): ReminderActionAssessment {
  const { popUps: shown, retractedUnshown } = popUps(history);
  const result: ReminderActionAssessment = {
    snoozes: 0,
    dismisses: 0,
    snoozesBack: 0,
    snoozeLost: [],
    snoozeMistimed: [],
    doubleFires: [],
    firedAfterDismiss: [],
    firedAfterSuperseded: [],
    retractedUnshown,
    notWrittenBack: [],
    graphAhead: [],
    preShown: { snoozes: 0, dismisses: 0, snoozesBack: 0, backAfterRestart: 0 },
    preShownEventIds: [],
    firedAtRegularTime: [],
    changed: { moved: 0, cancelled: 0, newTimeBack: 0, oldSnoozesDropped: 0, dismissalsOverridden: 0 },
    firedAtOldTime: [],
    newTimeMissed: [],
    changeUnseen: [],
  };
  const perId = new Map<string, PopUp[]>();
  for (const pop of shown) perId.set(pop.id, [...(perId.get(pop.id) ?? []), pop]);
  for (const [id, pops] of perId) if (pops.length > 1) result.doubleFires.push(id);

  const byEvent = new Map<string, DurableReminderAction[]>();
  for (const action of [...input.actions].sort((a, b) => a.durableAt - b.durableAt)) {
    byEvent.set(action.eventId, [...(byEvent.get(action.eventId) ?? []), action]);
  }
  for (const [eventId, actions] of byEvent) {
    const eventPops = shown.filter((p) => p.eventId === eventId);
    const end = input.eventEnds.get(eventId) ?? Number.POSITIVE_INFINITY;
    const preShown = judgePreShown(eventId, actions, eventPops, input.regularFireAt?.get(eventId), result);
    const change = input.changes?.get(eventId);
    // Until the engine has seen a change, the user's actions hold; after it, only newer ones do.
    const seenAt = change?.seenAt ?? Number.POSITIVE_INFINITY;
    actions.forEach((action, i) => {
      const later = actions.slice(i + 1);
      const beforeChange = action.durableAt < seenAt;
      if (action.kind === 'dismiss') {
        result.dismisses += 1;
        for (const pop of eventPops) if (pop.at > action.durableAt && (!beforeChange || pop.at < seenAt)) result.firedAfterDismiss.push(pop.id);
        return;
      }
      result.snoozes += 1;
      const until = action.until ?? 0;
      const pops = eventPops.filter((p) => p.fireAt === until);
      const overtaken = later.find((next) => next.durableAt < until);
      if (overtaken) {
        for (const pop of pops) if (pop.at > overtaken.durableAt) result.firedAfterSuperseded.push(pop.id);
        return;
      }
      const first = pops[0];
      if (change && beforeChange && until >= change.at) {
        // Due after Graph changed the event: the engine may have dropped it already (never early, though).
        if (first && first.at < until) result.snoozeMistimed.push(`${first.id} at ${first.at}`);
        else if (first && first.at < seenAt) result.snoozesBack += 1;
        return;
      }
      const deadline = showDeadline(until, end, input.lives, input.lateMs);
      if (!first) {
        if (deadline !== null) result.snoozeLost.push(`${eventId}@${until}`);
        return;
      }
      if (first.at < until || (deadline !== null && first.at > deadline)) result.snoozeMistimed.push(`${first.id} at ${first.at}`);
      else {
        result.snoozesBack += 1;
        if (preShown && i === 0) {
          result.preShown.snoozesBack += 1;
          // No engine was alive when it fell due: it came back at the next start.
          if (!input.lives.some((life) => life.from <= until && until < life.to)) result.preShown.backAfterRestart += 1;
        }
      }
    });

    if (change) judgeEventChange(eventId, change, actions, eventPops, { end, lives: input.lives, lateMs: input.lateMs }, result);

    // Graph ends with the last durable action, and holds nothing the engine did not make durable.
    const graph = input.graph.get(eventId);
    const last = actions[actions.length - 1];
    if (!graph || !last) continue;
    const matches = last.kind === 'dismiss' ? graph.dismissed : !graph.dismissed && graph.snoozedUntil === last.until;
    if (!matches) result.notWrittenBack.push(eventId);
    const known = graph.dismissed ? actions.some((a) => a.kind === 'dismiss') : graph.snoozedUntil === null || actions.some((a) => a.kind === 'snooze' && a.until === graph.snoozedUntil);
    if (!known) result.graphAhead.push(eventId);
  }
  // Graph holding an action for an event the engine never made one durable for.
  for (const [eventId, graph] of input.graph) {
    if (!byEvent.has(eventId) && (graph.dismissed || graph.snoozedUntil !== null)) result.graphAhead.push(eventId);
  }
  return result;
}

/**
 * An event whose first durable action came before its regular reminder time and before any of its
 * reminders showed: counted, and any later pop-up at the regular time flagged. True when it is one.
 */
function judgePreShown(eventId: string, actions: readonly DurableReminderAction[], pops: readonly PopUp[], regular: number | undefined, result: ReminderActionAssessment): boolean {
  const first = actions[0];
  if (!first || regular === undefined || first.durableAt >= regular || pops.some((p) => p.at <= first.durableAt)) return false;
  result.preShownEventIds.push(eventId);
  result.preShown[first.kind === 'snooze' ? 'snoozes' : 'dismisses'] += 1;
  // A snooze to exactly the regular time would be that reminder's own id: it is the snooze coming back.
  const snoozedTo = new Set(actions.flatMap((a) => (a.kind === 'snooze' ? [a.until] : [])));
  for (const pop of pops) if (pop.fireAt === regular && !snoozedTo.has(regular) && pop.at > first.durableAt) result.firedAtRegularTime.push(pop.id);
  return true;
}
