// Reading Graph `message` JSON (https://learn.microsoft.com/graph/api/resources/message) into a
// MailItem. Lenient by design: a missing or odd optional field gets a safe default, so one
// strange message never stops a sync; only an entry without a usable id or receivedDateTime
// is rejected (and counted by the caller).
import { z } from 'zod';
import type { FlagStatus, Importance, InferenceClassification, MailAddress, MailItem } from './mail-item.ts';

const emailAddressSchema = z.object({
  emailAddress: z
    .object({
      name: z.string().nullish(),
      address: z.string().nullish(),
    })
    .nullish(),
});

/** A delta entry: a message (possibly partial) or a removal marker. */
export const deltaEntrySchema = z.looseObject({
  id: z.string().min(1),
  '@removed': z.object({ reason: z.string().optional() }).loose().optional(),
  receivedDateTime: z.unknown().optional(),
  from: z.unknown().optional(),
  subject: z.unknown().optional(),
  bodyPreview: z.unknown().optional(),
  isRead: z.unknown().optional(),
  importance: z.unknown().optional(),
  inferenceClassification: z.unknown().optional(),
  hasAttachments: z.unknown().optional(),
  flag: z.unknown().optional(),
  webLink: z.unknown().optional(),
  conversationId: z.unknown().optional(),
});
export type DeltaEntry = z.infer<typeof deltaEntrySchema>;

const IMPORTANCE: readonly Importance[] = ['low', 'normal', 'high'];
const CLASSIFICATION: readonly InferenceClassification[] = ['focused', 'other'];
const FLAG: readonly FlagStatus[] = ['notFlagged', 'flagged', 'complete'];

function oneOf<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function readAddress(value: unknown): MailAddress | null | undefined {
  if (value === undefined) return undefined;
  const parsed = emailAddressSchema.safeParse(value);
  if (!parsed.success || !parsed.data.emailAddress) return null;
  const { name, address } = parsed.data.emailAddress;
  if (!address && !name) return null;
  return { name: name ?? address ?? '', address: address ?? '' };
}

function readDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * Builds a MailItem from a (possibly partial) Graph message. Fields absent from `entry` keep
 * their `previous` value, else a safe default. Returns null if no receivedDateTime can be had.
 */
export function toMailItem(entry: DeltaEntry, previous?: MailItem): MailItem | null {
  const receivedDateTime = readDate(entry.receivedDateTime) ?? previous?.receivedDateTime;
  if (!receivedDateTime) return null;
  const from = readAddress(entry.from);
  const flagStatus = oneOf(FLAG, (entry.flag as { flagStatus?: unknown } | null | undefined)?.flagStatus);
  return {
    id: entry.id,
    receivedDateTime,
    from: from === undefined ? (previous?.from ?? null) : from,
    subject: typeof entry.subject === 'string' ? entry.subject : (previous?.subject ?? ''),
    bodyPreview: typeof entry.bodyPreview === 'string' ? entry.bodyPreview : (previous?.bodyPreview ?? ''),
    isRead: typeof entry.isRead === 'boolean' ? entry.isRead : (previous?.isRead ?? false),
    importance: oneOf(IMPORTANCE, entry.importance) ?? previous?.importance ?? 'normal',
    inferenceClassification: oneOf(CLASSIFICATION, entry.inferenceClassification) ?? previous?.inferenceClassification ?? 'focused',
    hasAttachments: typeof entry.hasAttachments === 'boolean' ? entry.hasAttachments : (previous?.hasAttachments ?? false),
    flagStatus: flagStatus ?? previous?.flagStatus ?? 'notFlagged',
    webLink: typeof entry.webLink === 'string' ? entry.webLink : (previous?.webLink ?? ''),
    conversationId: typeof entry.conversationId === 'string' ? entry.conversationId : (previous?.conversationId ?? ''),
  };
}

export function sameMailItem(a: MailItem, b: MailItem): boolean {
  return (
    a.id === b.id &&
    a.receivedDateTime === b.receivedDateTime &&
    a.subject === b.subject &&
    a.bodyPreview === b.bodyPreview &&
    a.isRead === b.isRead &&
    a.importance === b.importance &&
    a.inferenceClassification === b.inferenceClassification &&
    a.hasAttachments === b.hasAttachments &&
    a.flagStatus === b.flagStatus &&
    a.webLink === b.webLink &&
    a.conversationId === b.conversationId &&
    a.from?.address === b.from?.address &&
    a.from?.name === b.from?.name
  );
}
