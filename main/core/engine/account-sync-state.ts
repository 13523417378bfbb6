// Everything one account's engine persists, in one file written atomically (SyncStateStore):
// the inbox and calendar delta states, the new-mail detector, the reminders and the intent
// ledger. One file, one rename: a crash leaves either the state before a cycle or after it,
// never a delta link that moved without the notifications it implies (see notify/README.md).
import { z } from 'zod';
import { calendarSyncStateSchema } from '../calendar/calendar-sync-state.ts';
import { reminderStateSchema } from '../calendar/reminder-state.ts';
import { inboxSyncStateSchema } from '../mail/inbox-sync-state.ts';
import type { NewMailState } from '../mail/new-mail-detector.ts';
import { ledgerStateSchema } from '../notify/ledger-state.ts';

export const ACCOUNT_SYNC_STATE_VERSION = 1;

const newMailStateSchema: z.ZodType<NewMailState> = z.object({
  version: z.literal(1),
  watermark: z.number().nullable(),
  notified: z.record(z.string(), z.number()),
  retracted: z.record(z.string(), z.number()),
});

export const accountSyncStateSchema = z.object({
  version: z.literal(ACCOUNT_SYNC_STATE_VERSION),
  inbox: inboxSyncStateSchema,
  /** Null until the first calendar round has been started (its window depends on "now"). */
  calendar: calendarSyncStateSchema.nullable(),
  newMail: newMailStateSchema,
  reminders: reminderStateSchema,
  ledger: ledgerStateSchema,
  unreadCount: z.number().int().nonnegative().nullable(),
});

export type AccountSyncState = z.infer<typeof accountSyncStateSchema>;
