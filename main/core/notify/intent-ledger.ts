// The exactly-once part, as the user sees it, for one account. Protocol (README.md):
//   const plan = ledger.plan(input);   // pure: nothing changes yet
//   ledger.commit(plan);               // in memory: decided ids + outbox updated
//   await store.save(id, { ...syncState, ledger: ledger.snapshot() });   // durable FIRST
//   emit(plan.intents, plan.retractions);                                 // then show
//   ledger.markDelivered(ids);         // persisted with the next save
// After a crash between save and markDelivered, ledger.outbox() holds what may not have been
// shown; re-emitting it is safe because hosts replace notifications by id.
import { systemClock, type Clock } from '../clock.ts';
import { freshLedgerState, ledgerStateSchema, type LedgerState } from './ledger-state.ts';
import type { IntentRetraction, NotificationIntent } from './notification-intent.ts';
import { NotificationPlanner, type NotificationPlannerOptions, type PlanInput, type PlanResult } from './notification-planner.ts';

export interface LedgerPlan extends PlanResult {
  /** The ledger state the plan was computed from (commit refuses a stale plan). */
  readonly basedOn: LedgerState;
}

export interface Outbox {
  intents: NotificationIntent[];
  retractions: IntentRetraction[];
}

export class StalePlanError extends Error {
  override readonly name = 'StalePlanError';
  constructor() {
    super('The ledger changed since this plan was made; plan again');
  }
}

export interface IntentLedgerOptions extends NotificationPlannerOptions {
  /** Persisted state from a previous run (validated here); omit for a fresh ledger. */
  state?: unknown;
}

export class IntentLedger {
  private state: LedgerState;
  private readonly planner: NotificationPlanner;
  private readonly clock: Clock;

  constructor(options: IntentLedgerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.planner = new NotificationPlanner({ ...options, clock: this.clock });
    this.state = options.state === undefined ? freshLedgerState() : ledgerStateSchema.parse(options.state);
  }

  /** Decides what to raise and retract. Changes nothing until commit(). */
  plan(input: PlanInput): LedgerPlan {
    return { ...this.planner.plan(this.state, input), basedOn: this.state };
  }

  /** Adopts the plan's ledger (its intents are now in the outbox). Persist snapshot() next. */
  commit(plan: LedgerPlan): void {
    if (plan.basedOn !== this.state) throw new StalePlanError();
    this.state = plan.next;
  }

  /** The serializable state to persist with the sync state (a copy). */
  snapshot(): LedgerState {
    return structuredClone(this.state);
  }

  /** Intents and retractions decided but not confirmed shown: re-emit these after a restart. */
  outbox(): Outbox {
    return structuredClone(this.state.outbox);
  }

  /** The host showed (or retracted) these ids; they leave the outbox. */
  markDelivered(intentIds: Iterable<string>): void {
    const ids = new Set(intentIds);
    const outbox = this.state.outbox;
    this.state = {
      ...this.state,
      outbox: {
        intents: outbox.intents.filter((intent) => !ids.has(intent.id)),
        retractions: outbox.retractions.filter((retraction) => !ids.has(retraction.intentId)),
      },
    };
  }

  /** The user dismissed or clicked a notification: it is no longer live (nothing to retract). */
  forget(intentId: string): void {
    this.state = {
      ...this.state,
      live: this.state.live.filter((live) => live.intentId !== intentId),
      outbox: {
        intents: this.state.outbox.intents.filter((intent) => intent.id !== intentId),
        retractions: this.state.outbox.retractions.filter((retraction) => retraction.intentId !== intentId),
      },
    };
  }

  /** Whether a message was already decided (notified or deliberately not). */
  hasDecided(messageId: string): boolean {
    return Object.hasOwn(this.state.seen, messageId);
  }

  /** Ids of shown intents that are still live (for a tray badge or a "clear all"). */
  liveIntentIds(): string[] {
    return this.state.live.map((live) => live.intentId);
  }

  /** Epoch ms now on the ledger's clock (for callers building reminder intents). */
  now(): number {
    return this.clock.now();
  }
}
