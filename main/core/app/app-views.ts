// Core types → the shapes the renderer sees (preload/contract.ts). Pure functions: no tokens,
// no MSAL objects, no server text beyond what the contract carries.
import type { AccountView, EventView, MessageDetail, MessageSummary, NavigateTarget } from '../../../preload/contract.ts';
import type { AccountSummary } from '../accounts/account-summary.ts';
import { upcoming } from '../calendar/agenda.ts';
import type { CalendarItem } from '../calendar/calendar-item.ts';
import type { AccountState } from '../graph/account-state.ts';
import type { OpenedMessage } from '../mail/mail-actions.ts';
import type { MailItem } from '../mail/mail-item.ts';
import type { IntentTarget } from '../notify/notification-intent.ts';

export function accountView(
  summary: AccountSummary,
  state: AccountState,
  unreadCount: number | null,
  lastSyncAt: number | null,
): AccountView {
  return {
    id: summary.id,
    username: summary.username,
    name: summary.name,
    kind: summary.kind,
    readOnly: summary.readOnly,
    state: { kind: state.kind, message: state.message, action: state.action, ...(state.retryAt !== undefined ? { retryAt: state.retryAt } : {}) },
    unreadCount,
    lastSyncAt,
  };
}

export function messageSummary(accountId: string, item: MailItem): MessageSummary {
  return {
    accountId,
    id: item.id,
    receivedDateTime: item.receivedDateTime,
    from: item.from ? { name: item.from.name, address: item.from.address } : null,
    subject: item.subject,
    bodyPreview: item.bodyPreview,
    isRead: item.isRead,
    importance: item.importance,
    inferenceClassification: item.inferenceClassification,
    hasAttachments: item.hasAttachments,
    flagStatus: item.flagStatus,
  };
}

export function messageDetail(accountId: string, opened: OpenedMessage): MessageDetail {
  return {
    ...messageSummary(accountId, opened.item),
    toRecipients: opened.toRecipients.map((r) => ({ name: r.name, address: r.address })),
    ccRecipients: opened.ccRecipients.map((r) => ({ name: r.name, address: r.address })),
    body: { contentType: opened.body.contentType, content: opened.body.content },
  };
}

/** Only an https join link is offered (a meeting URL is data from the organizer, not ours). */
export function safeJoinUrl(event: Pick<CalendarItem, 'joinUrl'>): string | null {
  if (!event.joinUrl) return null;
  try {
    return new URL(event.joinUrl).protocol === 'https:' ? event.joinUrl : null;
  } catch {
    return null;
  }
}

/**
 * `reminderAt` is when the reminder shows next, if that is still ahead: the scheduler's answer
 * (a snooze moves it, a dismissal or an already shown reminder clears it); `reminderActive` while
 * one that went off still stands, so the agenda offers Snooze and Dismiss for it too.
 */
export function eventView(accountId: string, event: CalendarItem, now: number, reminder: { nextAt: number | null; active: boolean }): EventView {
  return {
    accountId,
    id: event.id,
    subject: event.subject,
    start: event.start,
    end: event.end,
    isAllDay: event.isAllDay,
    isOnlineMeeting: event.isOnlineMeeting,
    canJoin: safeJoinUrl(event) !== null,
    location: event.location,
    organizer: event.organizer,
    reminderAt: reminder.nextAt !== null && reminder.nextAt > now ? reminder.nextAt : null,
    reminderActive: reminder.active,
  };
}

export function navigateTarget(target: IntentTarget): NavigateTarget {
  switch (target.kind) {
    case 'message':
      return { kind: 'message', accountId: target.accountId, messageId: target.messageId };
    case 'event':
      return { kind: 'event', accountId: target.accountId, eventId: target.eventId };
    case 'inbox':
      return { kind: 'inbox', accountId: target.accountId };
    case 'account':
      return { kind: 'settings' };
  }
}

/** The next timed meeting that has not started yet, within `hours` (for the tray tooltip). */
export function nextMeeting(events: Iterable<CalendarItem>, now: number, hours: number): { subject: string; start: number } | null {
  const next = upcoming(events, now, hours).find((e) => !e.isAllDay && Date.parse(e.start) >= now);
  return next ? { subject: next.subject, start: Date.parse(next.start) } : null;
}
