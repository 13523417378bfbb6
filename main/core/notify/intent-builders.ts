// Builders for every NotificationIntent the core raises: the words the user reads (in the app's
// language, notification-texts.ts), the actions offered, what a click opens, and the stable ids
// hosts replace by. Privacy mode strips sender, subject and preview everywhere (titles and bodies
// alike). `locale` is the app's (settings override, else the system's); omitted → English.
import type { CalendarItem } from '../calendar/calendar-item.ts';
import type { AccountStateKind } from '../graph/account-state.ts';
import type { MailItem } from '../mail/mail-item.ts';
import type {
  AccountProblemIntent,
  IntentAction,
  MailIntent,
  MailSummaryIntent,
  ReminderIntent,
} from './notification-intent.ts';
import { formatLocale, notificationTexts } from './notification-texts.ts';

export const intentIds = {
  mail: (accountId: string, messageId: string) => `mail:${accountId}:${messageId}`,
  summary: (accountId: string, firstMessageId: string) => `summary:${accountId}:${firstMessageId}`,
  reminder: (accountId: string, eventId: string, fireAt: number) => `reminder:${accountId}:${eventId}:${fireAt}`,
  account: (accountId: string, stateKind: string) => `account:${accountId}:${stateKind}`,
};

const PREVIEW_LENGTH = 140;

export interface AccountDisplay {
  accountId: string;
  /** The mailbox address, e.g. 'ada@contoso.com', used in account-problem texts. */
  address: string;
  displayName?: string;
}

export function senderLabel(message: Pick<MailItem, 'from'>, locale?: string | null): string {
  const name = message.from?.name.trim();
  if (name) return name;
  return message.from?.address.trim() || notificationTexts(locale).unknownSender;
}

function truncate(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
}

export function mailIntent(
  accountId: string,
  message: MailItem,
  options: { vip: boolean; privacy: boolean; now: number; locale?: string | null },
): MailIntent {
  const text = notificationTexts(options.locale);
  const subject = message.subject.trim() || text.noSubject;
  const preview = truncate(message.bodyPreview, PREVIEW_LENGTH);
  const sender = senderLabel(message, options.locale);
  return {
    type: 'mail',
    id: intentIds.mail(accountId, message.id),
    accountId,
    messageId: message.id,
    title: options.privacy ? text.privateTitle : sender,
    body: options.privacy ? text.privateBody : preview ? `${subject}\n${preview}` : subject,
    sender: options.privacy ? '' : sender,
    vip: options.vip,
    actions: [
      { kind: 'markRead', label: text.markRead },
      { kind: 'archive', label: text.archive },
    ],
    target: { kind: 'message', accountId, messageId: message.id },
    createdAt: options.now,
    silent: false,
  };
}

export interface SummaryEntry {
  messageId: string;
  /** Sender label as it would appear on a single notification. */
  sender: string;
}

/** "From Ada, Grace and 3 others": the most frequent senders first, ties by first arrival. */
export function topSendersLine(entries: readonly SummaryEntry[], shown = 2, locale?: string | null): string {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.sender, (counts.get(entry.sender) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([sender]) => sender);
  const top = ranked.slice(0, shown);
  return notificationTexts(locale).fromSenders(top, ranked.length - top.length);
}

export function mailSummaryIntent(
  accountId: string,
  id: string,
  entries: readonly SummaryEntry[],
  options: { privacy: boolean; now: number; silent: boolean; locale?: string | null },
): MailSummaryIntent {
  const text = notificationTexts(options.locale);
  const count = entries.length;
  return {
    type: 'mailSummary',
    id,
    accountId,
    messageIds: entries.map((entry) => entry.messageId),
    count,
    title: text.newMessages(count),
    body: options.privacy ? text.openToRead(count) : topSendersLine(entries, 2, options.locale),
    actions: [],
    target: { kind: 'inbox', accountId },
    createdAt: options.now,
    silent: options.silent,
  };
}

/** Account states that need the user; the others (offline, throttled, graphDown) heal alone. */
export const PROBLEM_KINDS = ['needsSignIn', 'needsAdminConsent', 'mailboxNotEnabled'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export function isProblemKind(kind: AccountStateKind | string): kind is ProblemKind {
  return (PROBLEM_KINDS as readonly string[]).includes(kind);
}

export function accountProblemIntent(account: AccountDisplay, kind: ProblemKind, now: number, locale?: string | null): AccountProblemIntent {
  const text = notificationTexts(locale).problem(kind, account.address);
  return {
    type: 'accountProblem',
    id: intentIds.account(account.accountId, kind),
    accountId: account.accountId,
    stateKind: kind,
    title: text.title,
    body: text.body,
    actions: [{ kind: 'fixAccount', label: text.action }],
    target: { kind: 'account', accountId: account.accountId },
    createdAt: now,
    silent: false,
  };
}

export interface ReminderOptions {
  accountId: string;
  /** When the intent is decided; default fireAt. */
  now?: number;
  /** Default 5. */
  snoozeMinutes?: number;
  /** IANA zone for the start time shown in the body; default the system's. */
  timeZone?: string;
  /** The app's locale: the texts' language and the start time's format. */
  locale?: string | null;
}

export function reminderIntent(event: CalendarItem, fireAt: number, privacy: boolean, options: ReminderOptions): ReminderIntent {
  const { accountId } = options;
  const text = notificationTexts(options.locale);
  const startMs = Date.parse(event.start);
  const minutesAway = Math.round((startMs - fireAt) / 60_000);
  const when = event.isAllDay
    ? text.allDay
    : `${new Intl.DateTimeFormat(formatLocale(options.locale), { hour: 'numeric', minute: '2-digit', timeZone: options.timeZone }).format(startMs)}${
        minutesAway > 0 ? text.inMinutes(minutesAway) : minutesAway === 0 ? text.startsNow : ''
      }`;
  const location = !privacy && event.location.trim() ? ` · ${event.location.trim()}` : '';
  const actions: IntentAction[] = [];
  if (event.isOnlineMeeting && event.joinUrl) actions.push({ kind: 'join', label: text.join, url: event.joinUrl });
  actions.push({ kind: 'snooze', label: text.snooze, minutes: options.snoozeMinutes ?? 5 });
  actions.push({ kind: 'dismiss', label: text.dismiss });
  return {
    type: 'reminder',
    id: intentIds.reminder(accountId, event.id, fireAt),
    accountId,
    eventId: event.id,
    fireAt,
    startsAt: event.start,
    title: privacy ? text.upcomingEvent : event.subject.trim() || text.noTitle,
    body: `${when}${location}`,
    actions,
    target: { kind: 'event', accountId, eventId: event.id },
    createdAt: options.now ?? fireAt,
    silent: false,
  };
}
