// The words of every notification the core raises, in English and Russian (the languages the
// popup has). Core strings live here, never imported from renderer/. The language follows the
// app's locale (settings override, else the system's); anything not Russian is English.
import type { ProblemKind } from './intent-builders.ts';

export type TextLanguage = 'en' | 'ru';

/** 'ru' and 'ru-*' → Russian; everything else (and no locale) → English. */
export function textLanguage(locale: string | null | undefined): TextLanguage {
  const tag = (locale ?? '').trim().toLowerCase();
  return tag === 'ru' || tag.startsWith('ru-') ? 'ru' : 'en';
}

/**
 * The locale for Intl formatters, or undefined (the runtime's default) when it is not a usable
 * BCP 47 tag: a host may report '' or 'C', and Intl throws a RangeError on those.
 */
export function formatLocale(locale: string | null | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}

export interface ProblemTexts {
  title: string;
  body: string;
  action: string;
}

export interface NotificationTexts {
  language: TextLanguage;
  privateTitle: string;
  privateBody: string;
  unknownSender: string;
  noSubject: string;
  markRead: string;
  archive: string;
  /** "5 new messages" (a burst summary's title). */
  newMessages(count: number): string;
  /** The summary's body in privacy mode. */
  openToRead(count: number): string;
  /** "From Ada, Grace and 3 others": `top` are the senders named, `others` how many more. */
  fromSenders(top: readonly string[], others: number): string;
  problem(kind: ProblemKind, address: string): ProblemTexts;
  upcomingEvent: string;
  noTitle: string;
  allDay: string;
  /** Appended to a reminder's start time. */
  inMinutes(minutes: number): string;
  startsNow: string;
  join: string;
  snooze: string;
  dismiss: string;
}

/** Plural category per CLDR (Russian: one / few / many), https://cldr.unicode.org/index/cldr-spec/plural-rules. */
const ruPlural = new Intl.PluralRules('ru');

function ruForm(count: number, forms: Record<'one' | 'few' | 'many', string>): string {
  const category = ruPlural.select(count);
  return category === 'one' || category === 'few' ? forms[category] : forms.many;
}

function joinNames(top: readonly string[], and: string): string {
  if (top.length <= 1) return top[0] ?? '';
  return `${top.slice(0, -1).join(', ')} ${and} ${top[top.length - 1]}`;
}

const EN: NotificationTexts = {
  language: 'en',
  privateTitle: 'New message',
  privateBody: 'Open Herald to read it',
  unknownSender: 'Unknown sender',
  noSubject: '(no subject)',
  markRead: 'Mark as read',
  archive: 'Archive',
  newMessages: (count) => `${count} new ${count === 1 ? 'message' : 'messages'}`,
  openToRead: (count) => `Open Herald to read ${count === 1 ? 'it' : 'them'}`,
  fromSenders: (top, others) =>
    others > 0 ? `From ${top.join(', ')} and ${others} ${others === 1 ? 'other' : 'others'}` : `From ${joinNames(top, 'and') || EN.unknownSender}`,
  problem: (kind, address) => {
    switch (kind) {
      case 'needsSignIn':
        return { title: 'Sign in again', body: `Sign in again to keep getting mail for ${address}`, action: 'Sign in' };
      case 'needsAdminConsent':
        return {
          title: 'Approval needed',
          body: `An administrator must approve Herald before it can read mail for ${address}`,
          action: 'How to get approval',
        };
      case 'mailboxNotEnabled':
        return {
          title: 'Mailbox not available',
          body: `${address} has no mailbox Herald can reach (it may be on-premises or not licensed)`,
          action: 'Details',
        };
    }
  },
  upcomingEvent: 'Upcoming event',
  noTitle: '(no title)',
  allDay: 'All day',
  inMinutes: (minutes) => ` (in ${minutes} min)`,
  startsNow: ' (now)',
  join: 'Join',
  snooze: 'Snooze',
  dismiss: 'Dismiss',
};

const RU: NotificationTexts = {
  language: 'ru',
  privateTitle: 'Новое сообщение',
  privateBody: 'Откройте Herald, чтобы прочитать его',
  unknownSender: 'Неизвестный отправитель',
  noSubject: '(без темы)',
  markRead: 'Отметить как прочитанное',
  archive: 'В архив',
  // "1 новое сообщение", "2 новых сообщения", "5 новых сообщений", "21 новое сообщение".
  newMessages: (count) => `${count} ${ruForm(count, { one: 'новое сообщение', few: 'новых сообщения', many: 'новых сообщений' })}`,
  openToRead: (count) => `Откройте Herald, чтобы прочитать ${ruPlural.select(count) === 'one' ? 'его' : 'их'}`,
  fromSenders: (top, others) => (others > 0 ? `От ${top.join(', ')} и ещё ${others}` : `От ${joinNames(top, 'и') || RU.unknownSender}`),
  problem: (kind, address) => {
    switch (kind) {
      case 'needsSignIn':
        return { title: 'Войдите снова', body: `Войдите снова, чтобы получать почту ${address}`, action: 'Войти' };
      case 'needsAdminConsent':
        return {
          title: 'Нужно одобрение',
          body: `Администратор должен одобрить Herald, прежде чем он сможет читать почту ${address}`,
          action: 'Как получить одобрение',
        };
      case 'mailboxNotEnabled':
        return {
          title: 'Почтовый ящик недоступен',
          body: `У ${address} нет почтового ящика, доступного Herald (возможно, он локальный или без лицензии)`,
          action: 'Подробнее',
        };
    }
  },
  upcomingEvent: 'Предстоящее событие',
  noTitle: '(без названия)',
  allDay: 'Весь день',
  inMinutes: (minutes) => ` (через ${minutes} мин)`,
  startsNow: ' (сейчас)',
  join: 'Присоединиться',
  snooze: 'Отложить',
  dismiss: 'Закрыть',
};

export function notificationTexts(locale: string | null | undefined): NotificationTexts {
  return textLanguage(locale) === 'ru' ? RU : EN;
}
