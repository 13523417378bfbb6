// The persisted state of one account's inbox delta sync. Plain JSON: main/core/state writes it
// atomically and restores it after a restart, so a round continues where it stopped.
import { z } from 'zod';
import type { MailItem } from './mail-item.ts';

export const DEFAULT_WINDOW_DAYS = 14;

export interface InboxSyncState {
  version: 1;
  /** From the last complete round; null before the first one and after a 410 Gone. */
  deltaLink: string | null;
  /** Set while a round is paging. */
  nextLink: string | null;
  /** Epoch ms the current (or last) round started, on the engine's clock. */
  roundStartedAt: number | null;
  /** 'initial' = a windowed full listing (first sync or resync); 'incremental' = from a deltaLink. */
  roundKind: 'initial' | 'incremental' | null;
  windowDays: number;
  /** ISO start of the window the current delta chain was created with (`$filter … ge`). */
  windowStart: string | null;
  /** What we know of the inbox within the window, by immutable id. */
  known: Record<string, MailItem>;
  /** Ids seen so far in the current initial round: what is known but unseen at its end has vanished. */
  seenInRound: Record<string, true>;
  /** True from a 410 Gone until the replacement initial round completes. */
  resyncing: boolean;
  completedRounds: number;
  /** Entries skipped because they could not be read (kept for diagnostics). */
  malformedEntries: number;
}

export function emptyInboxSyncState(windowDays: number = DEFAULT_WINDOW_DAYS): InboxSyncState {
  return {
    version: 1,
    deltaLink: null,
    nextLink: null,
    roundStartedAt: null,
    roundKind: null,
    windowDays,
    windowStart: null,
    known: {},
    seenInRound: {},
    resyncing: false,
    completedRounds: 0,
    malformedEntries: 0,
  };
}

const mailItemSchema = z.object({
  id: z.string(),
  receivedDateTime: z.string(),
  from: z.object({ name: z.string(), address: z.string() }).nullable(),
  subject: z.string(),
  bodyPreview: z.string(),
  isRead: z.boolean(),
  importance: z.enum(['low', 'normal', 'high']),
  inferenceClassification: z.enum(['focused', 'other']),
  hasAttachments: z.boolean(),
  flagStatus: z.enum(['notFlagged', 'flagged', 'complete']),
  webLink: z.string(),
  conversationId: z.string(),
});

export const inboxSyncStateSchema: z.ZodType<InboxSyncState> = z.object({
  version: z.literal(1),
  deltaLink: z.string().nullable(),
  nextLink: z.string().nullable(),
  roundStartedAt: z.number().nullable(),
  roundKind: z.enum(['initial', 'incremental']).nullable(),
  windowDays: z.number().int().positive(),
  windowStart: z.string().nullable(),
  known: z.record(z.string(), mailItemSchema),
  seenInRound: z.record(z.string(), z.literal(true)),
  resyncing: z.boolean(),
  completedRounds: z.number().int().nonnegative(),
  malformedEntries: z.number().int().nonnegative(),
});

/** Restores persisted state; anything unreadable yields null (the caller starts over and logs). */
export function parseInboxSyncState(value: unknown): InboxSyncState | null {
  const parsed = inboxSyncStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
