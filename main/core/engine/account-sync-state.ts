// What one account's engine persists, in two files written atomically (SyncStateStore):
//
// - the account state (every change): the calendar delta state, the new-mail detector, the
//   reminders, the intent ledger — small, and the record of every decision;
// - the inbox cache (lazily, see inbox-cache-policy.ts): the inbox delta state with what is
//   known of every message in the window — up to 5,000 messages, megabytes.
//
// Order makes the split safe: the account state is always written first, so on disk the inbox
// delta position can only lag behind the decisions, never run ahead of them. After a crash the
// engine resumes the inbox from the older position and replays changes it has seen; the
// detector and the ledger remember every message they notified or retracted, so a replay
// notifies nothing twice and loses nothing (see notify/README.md). Version 1 kept the inbox in
// the account state; it is read and migrated.
import { z } from 'zod';
import { calendarSyncStateSchema } from '../calendar/calendar-sync-state.ts';
import { reminderStateSchema } from '../calendar/reminder-state.ts';
import { inboxSyncStateSchema, type InboxSyncState } from '../mail/inbox-sync-state.ts';
import type { NewMailState } from '../mail/new-mail-detector.ts';
import type { SelfAddressesState } from '../mail/self-address-book.ts';
import { ledgerStateSchema } from '../notify/ledger-state.ts';

export const ACCOUNT_SYNC_STATE_VERSION = 2;
export const INBOX_CACHE_VERSION = 1;

// The optional fields came later: a file saved without them loads as it is (its watermark stays
// valid), and one saved with them loads in an older build, which drops them.
const newMailStateSchema: z.ZodType<NewMailState> = z.object({
  version: z.literal(1),
  watermark: z.number().nullable(),
  notified: z.record(z.string(), z.number()),
  retracted: z.record(z.string(), z.number()),
  baselineGraphTime: z.number().nullable().optional(),
  baselineIds: z.record(z.string(), z.number()).optional(),
  firstAttempt: z.object({ localTime: z.number(), graphTime: z.number().nullable(), retried: z.boolean() }).optional(),
  passedOver: z.record(z.string(), z.number()).optional(),
});

/** The account's own addresses as /me last gave them (mail/self-address-book.ts). */
const selfAddressesStateSchema: z.ZodType<SelfAddressesState> = z.object({
  addresses: z.array(z.string()),
  fetchedAt: z.number(),
});

const decisionsShape = {
  /** Null until the first calendar round has been started (its window depends on "now"). */
  calendar: calendarSyncStateSchema.nullable(),
  newMail: newMailStateSchema,
  reminders: reminderStateSchema,
  ledger: ledgerStateSchema,
  unreadCount: z.number().int().nonnegative().nullable(),
  /** Absent until /me first answered (the UPN stands in); optional, so version 2 files still load. */
  selfAddresses: selfAddressesStateSchema.optional(),
};

export const accountSyncStateSchema = z.object({ version: z.literal(ACCOUNT_SYNC_STATE_VERSION), ...decisionsShape });
export type AccountSyncState = z.infer<typeof accountSyncStateSchema>;

/** Version 1: one file with the inbox inside. */
const accountSyncStateV1Schema = z.object({ version: z.literal(1), inbox: inboxSyncStateSchema, ...decisionsShape });

/** What an account state file may hold: the current version, or version 1 to migrate. */
export const storedAccountSyncStateSchema = z.union([accountSyncStateSchema, accountSyncStateV1Schema]);
export type StoredAccountSyncState = z.infer<typeof storedAccountSyncStateSchema>;

/** The current decisions from a stored state, and the inbox a version-1 file carried inside. */
export function upgradeStoredState(stored: StoredAccountSyncState): { decisions: AccountSyncState; inboxInside: InboxSyncState | null } {
  if (stored.version === ACCOUNT_SYNC_STATE_VERSION) return { decisions: stored, inboxInside: null };
  const { inbox, ...rest } = stored;
  return { decisions: { ...rest, version: ACCOUNT_SYNC_STATE_VERSION }, inboxInside: inbox };
}

export const inboxCacheSchema = z.object({ version: z.literal(INBOX_CACHE_VERSION), inbox: inboxSyncStateSchema });
export type InboxCache = z.infer<typeof inboxCacheSchema>;

/** The store key of an account's inbox cache (the store hashes keys into file names). */
export function inboxCacheKey(accountId: string): string {
  return `${accountId}#inbox`;
}
