// The per-message rules: should this new message raise a notification? Order matters and is
// the documented precedence (README.md): off is off; muted beats VIP (a mute is the more
// specific wish: VIP 'contoso.com' + muted 'noreply@contoso.com'); VIP breaks through Focused
// Inbox and quiet hours, but through an explicit pause only when `vipBreaksPause` is set.
import type { MailItem } from '../mail/mail-item.ts';
import { accountSettings, type Settings } from '../state/settings-schema.ts';
import { isInQuietHours } from './quiet-hours.ts';
import { firstMatchingKeyword, senderMatches } from './sender-match.ts';

export type SuppressReason =
  | 'notificationsOff'
  | 'accountNotificationsOff'
  | 'alreadyRead'
  | 'mutedSender'
  | 'mutedKeyword'
  | 'notFocused'
  | 'paused'
  | 'quietHours';

export type MailVerdict =
  | { notify: true; vip: boolean; brokeThrough: Array<'notFocused' | 'paused' | 'quietHours'> }
  | { notify: false; vip: boolean; reason: SuppressReason };

export interface MailRuleContext {
  settings: Settings;
  accountId: string;
  now: number;
  /** IANA zone for quiet hours when the settings name none. */
  timeZone: string;
}

export function isVipSender(message: MailItem, settings: Settings): boolean {
  return senderMatches(message.from?.address, settings.notifications.vipSenders);
}

export function decideMail(message: MailItem, context: MailRuleContext): MailVerdict {
  const { settings, now } = context;
  const rules = settings.notifications;
  const account = accountSettings(settings, context.accountId);
  const vip = isVipSender(message, settings);
  const suppress = (reason: SuppressReason): MailVerdict => ({ notify: false, vip, reason });

  if (!rules.enabled) return suppress('notificationsOff');
  if (!account.notificationsEnabled) return suppress('accountNotificationsOff');
  if (message.isRead) return suppress('alreadyRead');
  if (senderMatches(message.from?.address, rules.mutedSenders)) return suppress('mutedSender');
  if (firstMatchingKeyword([message.subject, message.bodyPreview], rules.mutedKeywords) !== undefined) {
    return suppress('mutedKeyword');
  }

  const brokeThrough: Array<'notFocused' | 'paused' | 'quietHours'> = [];
  if (account.focusedOnly && message.inferenceClassification === 'other') {
    if (!vip) return suppress('notFocused');
    brokeThrough.push('notFocused');
  }
  if (rules.pausedUntil !== null && now < rules.pausedUntil) {
    if (!(vip && rules.vipBreaksPause)) return suppress('paused');
    brokeThrough.push('paused');
  }
  if (isInQuietHours(now, rules.quietHours, context.timeZone)) {
    if (!vip) return suppress('quietHours');
    brokeThrough.push('quietHours');
  }
  return { notify: true, vip, brokeThrough };
}
