// The persisted part of exactly-once notifications, per account: which messages were
// decided (with their receivedDateTime, for pruning past the sync window), which shown
// intents are still live (for retraction and coalescing), the outbox of intents decided but
// not yet confirmed shown, and the open account-problem episode. Stored by the engine inside
// its sync state (SyncStateStore) and validated with ledgerStateSchema on load.
import { z } from 'zod';
import type { IntentRetraction, NotificationIntent } from './notification-intent.ts';

export const LEDGER_STATE_VERSION = 1;

const intentActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('markRead'), label: z.string() }),
  z.object({ kind: z.literal('archive'), label: z.string() }),
  z.object({ kind: z.literal('join'), label: z.string(), url: z.string() }),
  z.object({ kind: z.literal('snooze'), label: z.string(), minutes: z.number() }),
  z.object({ kind: z.literal('dismiss'), label: z.string() }),
  z.object({ kind: z.literal('fixAccount'), label: z.string() }),
]);

const intentTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), accountId: z.string(), messageId: z.string() }),
  z.object({ kind: z.literal('inbox'), accountId: z.string() }),
  z.object({ kind: z.literal('event'), accountId: z.string(), eventId: z.string() }),
  z.object({ kind: z.literal('account'), accountId: z.string() }),
]);

const intentBase = {
  id: z.string().min(1),
  accountId: z.string(),
  title: z.string(),
  body: z.string(),
  actions: z.array(intentActionSchema),
  target: intentTargetSchema,
  createdAt: z.number(),
  silent: z.boolean(),
};

export const notificationIntentSchema = z.discriminatedUnion('type', [
  z.object({ ...intentBase, type: z.literal('mail'), messageId: z.string(), sender: z.string(), vip: z.boolean() }),
  z.object({ ...intentBase, type: z.literal('mailSummary'), messageIds: z.array(z.string()), count: z.number() }),
  z.object({
    ...intentBase,
    type: z.literal('reminder'),
    eventId: z.string(),
    fireAt: z.number(),
    startsAt: z.string(),
  }),
  z.object({ ...intentBase, type: z.literal('accountProblem'), stateKind: z.string() }),
]);

export const intentRetractionSchema = z.object({
  intentId: z.string().min(1),
  reason: z.enum(['readElsewhere', 'removed', 'dismissed', 'resolved', 'superseded']),
});

// Compile-time proof that the schemas describe the shared types exactly.
const _intentCheck: z.ZodType<NotificationIntent> = notificationIntentSchema;
const _retractionCheck: z.ZodType<IntentRetraction> = intentRetractionSchema;
void _intentCheck;
void _retractionCheck;

const liveIntentSchema = z.object({
  intentId: z.string().min(1),
  type: z.enum(['mail', 'mailSummary', 'reminder', 'accountProblem']),
  /** When first raised. */
  createdAt: z.number(),
  /** When last (re)raised: a summary updated in place counts; drives coalescing. */
  updatedAt: z.number(),
  /** The messages behind a mail intent (one) or a summary (many), with their sender labels. */
  entries: z.array(z.object({ messageId: z.string(), sender: z.string() })),
});

export const ledgerStateSchema = z.object({
  version: z.literal(LEDGER_STATE_VERSION),
  /** messageId → receivedDateTime (epoch ms) of every new message already decided. */
  seen: z.record(z.string(), z.number()),
  live: z.array(liveIntentSchema),
  /** Decided, persisted, not yet confirmed shown. Never both an intent and a retraction per id. */
  outbox: z.object({
    intents: z.array(notificationIntentSchema),
    retractions: z.array(intentRetractionSchema),
  }),
  /** The account-problem episode in progress, if any. */
  problem: z.object({ kind: z.string(), intentId: z.string() }).nullable(),
  /** Reminder intent id → fireAt, so a reminder handed over twice is raised once. */
  reminders: z.record(z.string(), z.number()),
  /** When `seen` and `reminders` were last pruned (pruning is hourly, not per sync). */
  prunedAt: z.number().default(0),
});

export type LedgerState = z.infer<typeof ledgerStateSchema>;
export type LiveIntent = LedgerState['live'][number];

export function freshLedgerState(): LedgerState {
  return {
    version: LEDGER_STATE_VERSION,
    seen: {},
    live: [],
    outbox: { intents: [], retractions: [] },
    problem: null,
    reminders: {},
    prunedAt: 0,
  };
}

/**
 * A copy the planner may mutate, except `seen` and `reminders`, which stay shared: they can
 * be large (one entry per message in the sync window), so the planner copies them only when
 * it writes to them. Intents in the outbox are shared too: they are replaced, never edited.
 */
export function cloneLedgerState(state: LedgerState): LedgerState {
  return {
    ...state,
    live: state.live.map((live) => ({ ...live, entries: live.entries.map((entry) => ({ ...entry })) })),
    outbox: { intents: [...state.outbox.intents], retractions: [...state.outbox.retractions] },
    problem: state.problem === null ? null : { ...state.problem },
  };
}
