// Builders for every NotificationIntent the core raises: the words the user reads, the
// actions offered, what a click opens, and the stable ids hosts replace by. Privacy mode
// strips sender, subject and preview everywhere (titles and bodies alike).
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

export const intentIds = {
  mail: (accountId: string, messageId: string) => `mail:${accountId}:${messageId}`,
  summary: (accountId: string, firstMessageId: string) => `summary:${accountId}:${firstMessageId}`,
  reminder: (accountId: string, eventId: string, fireAt: number) => `reminder:${accountId}:${eventId}:${fireAt}`,
  account: (accountId: string, stateKind: string) => `account:${accountId}:${stateKind}`,
};

export const PRIVATE_TITLE = 'New message';
export const PRIVATE_BODY = 'Open Herald to read it';
const PREVIEW_LENGTH = 140;

export interface AccountDisplay {
  accountId: string;
  /** The mailbox address, e.g. 'ada@contoso.com', used in account-problem texts. */
  address: string;
  displayName?: string;
}

export function senderLabel(message: Pick<MailItem, 'from'>): string {
  const name = message.from?.name.trim();
  if (name) return name;
  return message.from?.address.trim() || 'Unknown sender';
}

function truncate(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
}

const MAIL_ACTIONS: IntentAction[] = [
  { kind: 'markRead', label: 'Mark as read' },
  { kind: 'archive', label: 'Archive' },
];

export function mailIntent(
  accountId: string,
  message: MailItem,
  options: { vip: boolean; privacy: boolean; now: number },
): MailIntent {
  const subject = message.subject.trim() || '(no subject)';
  const preview = truncate(message.bodyPreview, PREVIEW_LENGTH);
  return {
    type: 'mail',
    id: intentIds.mail(accountId, message.id),
    accountId,
    messageId: message.id,
    title: options.privacy ? PRIVATE_TITLE : senderLabel(message),
    body: options.privacy ? PRIVATE_BODY : preview ? `${subject}\n${preview}` : subject,
    sender: options.privacy ? '' : senderLabel(message),
    vip: options.vip,
    actions: MAIL_ACTIONS.map((action) => ({ ...action })),
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
export function topSendersLine(entries: readonly SummaryEntry[], shown = 2): string {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.sender, (counts.get(entry.sender) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([sender]) => sender);
  const top = ranked.slice(0, shown);
  const others = ranked.length - top.length;
  if (others > 0) return `From ${top.join(', ')} and ${others} ${others === 1 ? 'other' : 'others'}`;
  if (top.length <= 1) return `From ${top[0] ?? 'Unknown sender'}`;
  return `From ${top.slice(0, -1).join(', ')} and ${top[top.length - 1]}`;
}

export function mailSummaryIntent(
  accountId: string,
  id: string,
  entries: readonly SummaryEntry[],
  options: { privacy: boolean; now: number; silent: boolean },
): MailSummaryIntent {
  const count = entries.length;
  return {
    type: 'mailSummary',
    id,
    accountId,
    messageIds: entries.map((entry) => entry.messageId),
    count,
    title: `${count} new ${count === 1 ? 'message' : 'messages'}`,
    body: options.privacy ? `Open Herald to read ${count === 1 ? 'it' : 'them'}` : topSendersLine(entries),
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

const PROBLEM_TEXT: Readonly<Record<ProblemKind, (address: string) => { title: string; body: string; action: string }>> = {
  needsSignIn: (address) => ({
    title: 'Sign in again',
    body: `Sign in again to keep getting mail for ${address}`,
    action: 'Sign in',
  }),
  needsAdminConsent: (address) => ({
    title: 'Approval needed',
    body: `An administrator must approve Herald before it can read mail for ${address}`,
    action: 'How to get approval',
  }),
  mailboxNotEnabled: (address) => ({
    title: 'Mailbox not available',
    body: `${address} has no mailbox Herald can reach (it may be on-premises or not licensed)`,
    action: 'Details',
  }),
};

export function accountProblemIntent(account: AccountDisplay, kind: ProblemKind, now: number): AccountProblemIntent {
  const text = PROBLEM_TEXT[kind](account.address);
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
  locale?: string;
}

export function reminderIntent(event: CalendarItem, fireAt: number, privacy: boolean, options: ReminderOptions): ReminderIntent {
  const { accountId } = options;
  const startMs = Date.parse(event.start);
  const minutesAway = Math.round((startMs - fireAt) / 60_000);
  const when = event.isAllDay
    ? 'All day'
    : `${new Intl.DateTimeFormat(options.locale, { hour: 'numeric', minute: '2-digit', timeZone: options.timeZone }).format(startMs)}${
        minutesAway > 0 ? ` (in ${minutesAway} min)` : minutesAway === 0 ? ' (now)' : ''
      }`;
  const location = !privacy && event.location.trim() ? ` · ${event.location.trim()}` : '';
  const actions: IntentAction[] = [];
  if (event.isOnlineMeeting && event.joinUrl) actions.push({ kind: 'join', label: 'Join', url: event.joinUrl });
  actions.push({ kind: 'snooze', label: 'Snooze', minutes: options.snoozeMinutes ?? 5 });
  actions.push({ kind: 'dismiss', label: 'Dismiss' });
  return {
    type: 'reminder',
    id: intentIds.reminder(accountId, event.id, fireAt),
    accountId,
    eventId: event.id,
    fireAt,
    startsAt: event.start,
    title: privacy ? 'Upcoming event' : event.subject.trim() || '(no title)',
    body: `${when}${location}`,
    actions,
    target: { kind: 'event', accountId, eventId: event.id },
    createdAt: options.now ?? fireAt,
    silent: false,
  };
}
