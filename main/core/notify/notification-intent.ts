// A NotificationIntent is the core's decision that the user should be told something. The
// hosts turn intents into native notifications (Electron Notification, freedesktop D-Bus,
// browser Notification). `id` is stable and unique per thing notified, so a host that shows
// the same id twice replaces rather than duplicates, and a retraction names what to remove.

export type IntentAction =
  | { kind: 'markRead'; label: string }
  | { kind: 'archive'; label: string }
  | { kind: 'join'; label: string; url: string }
  | { kind: 'snooze'; label: string; minutes: number }
  | { kind: 'dismiss'; label: string }
  | { kind: 'fixAccount'; label: string };

export type IntentTarget =
  | { kind: 'message'; accountId: string; messageId: string }
  | { kind: 'inbox'; accountId: string }
  | { kind: 'event'; accountId: string; eventId: string }
  | { kind: 'account'; accountId: string };

interface IntentBase {
  /** Stable identity: 'mail:<account>:<messageId>', 'reminder:<account>:<eventId>:<fireAt>', … */
  id: string;
  accountId: string;
  title: string;
  body: string;
  actions: IntentAction[];
  /** What a click opens. */
  target: IntentTarget;
  /** Epoch ms when the core decided this. */
  createdAt: number;
  /** Play a sound / ask for attention (false in quiet hours breakthrough-less cases, summaries). */
  silent: boolean;
}

export interface MailIntent extends IntentBase {
  type: 'mail';
  messageId: string;
  sender: string;
  vip: boolean;
}

export interface MailSummaryIntent extends IntentBase {
  type: 'mailSummary';
  messageIds: string[];
  count: number;
}

export interface ReminderIntent extends IntentBase {
  type: 'reminder';
  eventId: string;
  /** Epoch ms the reminder was due. */
  fireAt: number;
  startsAt: string;
}

export interface AccountProblemIntent extends IntentBase {
  type: 'accountProblem';
  stateKind: string;
}

export type NotificationIntent = MailIntent | MailSummaryIntent | ReminderIntent | AccountProblemIntent;

/** A retraction asks hosts to remove a shown notification (read elsewhere, deleted, dismissed). */
export interface IntentRetraction {
  intentId: string;
  reason: 'readElsewhere' | 'removed' | 'dismissed' | 'resolved' | 'superseded';
}
