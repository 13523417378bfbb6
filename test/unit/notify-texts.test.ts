// Every notification the core raises, in Russian and in English (notification-texts.ts through
// intent-builders.ts): titles, bodies and buttons; Russian plural forms by Intl.PluralRules.
import { describe, expect, it } from 'vitest';
import type { CalendarItem } from '../../main/core/calendar/calendar-item.ts';
import type { MailItem } from '../../main/core/mail/mail-item.ts';
import { accountProblemIntent, mailIntent, mailSummaryIntent, PROBLEM_KINDS, reminderIntent, senderLabel, topSendersLine } from '../../main/core/notify/intent-builders.ts';
import { formatLocale, notificationTexts, textLanguage } from '../../main/core/notify/notification-texts.ts';

const NOW = Date.UTC(2026, 10, 2, 9, 0);
const ACCOUNT = { accountId: 'acc', address: 'ada@contoso.com' };

const message: MailItem = {
  id: 'm1',
  receivedDateTime: new Date(NOW).toISOString(),
  from: { name: 'Grace Hopper', address: 'grace@fabrikam.com' },
  subject: 'Quarterly numbers',
  bodyPreview: 'Here they are',
  isRead: false,
  importance: 'normal',
  inferenceClassification: 'focused',
  hasAttachments: false,
  flagStatus: 'notFlagged',
  webLink: 'https://outlook.office.com/mail/id/m1',
  conversationId: 'c1',
};

const event: CalendarItem = {
  id: 'ev1',
  subject: 'Design review',
  start: '2026-11-02T09:15:00Z',
  end: '2026-11-02T10:00:00Z',
  isAllDay: false,
  isCancelled: false,
  isOnlineMeeting: true,
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
  isReminderOn: true,
  reminderMinutesBeforeStart: 15,
  location: 'Room 4',
  webLink: 'https://outlook.office.com/calendar/item/ev1',
  organizer: 'Grace',
  showAs: 'busy',
};

const entries = (senders: string[]) => senders.map((sender, i) => ({ messageId: `m${i}`, sender }));

describe('the language', () => {
  it('ru and ru-* are Russian; anything else, or nothing, is English', () => {
    for (const locale of ['ru', 'ru-RU', 'RU-ru', 'ru-UA']) expect(textLanguage(locale), locale).toBe('ru');
    for (const locale of ['en-US', 'en', 'de-DE', 'rue', '', null, undefined]) expect(textLanguage(locale), String(locale)).toBe('en');
  });

  it('a locale Intl would reject ("", "C", "bad_tag") formats with the runtime default instead of throwing', () => {
    for (const locale of ['', 'C', 'bad_tag', null]) expect(formatLocale(locale), String(locale)).toBeUndefined();
    expect(formatLocale('ru-ru')).toBe('ru-RU');
    const intent = reminderIntent(event, NOW, false, { accountId: 'acc', timeZone: 'UTC', locale: 'C' });
    expect(intent.body).toMatch(/^0?9:15/);
  });
});

describe('mail', () => {
  it('ru: buttons, no subject, unknown sender, privacy', () => {
    const intent = mailIntent('acc', message, { vip: false, privacy: false, now: NOW, locale: 'ru-RU' });
    expect(intent).toMatchObject({ title: 'Grace Hopper', body: 'Quarterly numbers\nHere they are' });
    expect(intent.actions).toEqual([
      { kind: 'markRead', label: 'Отметить как прочитанное' },
      { kind: 'archive', label: 'В архив' },
    ]);
    const bare = mailIntent('acc', { ...message, subject: ' ', bodyPreview: '', from: null }, { vip: false, privacy: false, now: NOW, locale: 'ru' });
    expect(bare).toMatchObject({ title: 'Неизвестный отправитель', body: '(без темы)' });
    const hidden = mailIntent('acc', message, { vip: false, privacy: true, now: NOW, locale: 'ru' });
    expect(hidden).toMatchObject({ title: 'Новое сообщение', body: 'Откройте Herald, чтобы прочитать его', sender: '' });
    expect(senderLabel({ from: null }, 'ru')).toBe('Неизвестный отправитель');
  });

  it('en (and no locale): the English words, unchanged', () => {
    for (const locale of ['en-US', undefined]) {
      const intent = mailIntent('acc', { ...message, subject: '', bodyPreview: '' }, { vip: false, privacy: false, now: NOW, ...(locale ? { locale } : {}) });
      expect(intent.body).toBe('(no subject)');
      expect(intent.actions.map((a) => a.label)).toEqual(['Mark as read', 'Archive']);
    }
    expect(mailIntent('acc', message, { vip: false, privacy: true, now: NOW }).title).toBe('New message');
    expect(senderLabel({ from: null })).toBe('Unknown sender');
  });
});

describe('summaries', () => {
  it('ru: "N новых сообщений" with the plural form for each count (Intl.PluralRules)', () => {
    const title = (count: number) =>
      mailSummaryIntent('acc', 's', entries(Array.from({ length: count }, () => 'Ada')), { privacy: false, now: NOW, silent: false, locale: 'ru' }).title;
    expect(title(1)).toBe('1 новое сообщение');
    expect(title(2)).toBe('2 новых сообщения');
    expect(title(4)).toBe('4 новых сообщения');
    expect(title(5)).toBe('5 новых сообщений');
    expect(title(11)).toBe('11 новых сообщений');
    expect(title(12)).toBe('12 новых сообщений');
    expect(title(21)).toBe('21 новое сообщение');
    expect(title(22)).toBe('22 новых сообщения');
    expect(title(25)).toBe('25 новых сообщений');
    expect(title(111)).toBe('111 новых сообщений');
  });

  it('ru: who it is from, and the privacy body', () => {
    const summary = (senders: string[], privacy = false) => mailSummaryIntent('acc', 's', entries(senders), { privacy, now: NOW, silent: false, locale: 'ru' });
    expect(summary(['Ada', 'Ada', 'Grace', 'Linus', 'Ken']).body).toBe('От Ada, Grace и ещё 2');
    expect(summary(['Ada', 'Grace']).body).toBe('От Ada и Grace');
    expect(summary(['Ada']).body).toBe('От Ada');
    expect(summary(['Ada', 'Grace'], true).body).toBe('Откройте Herald, чтобы прочитать их');
    expect(summary(['Ada'], true).body).toBe('Откройте Herald, чтобы прочитать его');
    expect(summary(['Ada', 'Grace', 'Linus', 'Ken'], true).title).toBe('4 новых сообщения');
  });

  it('en: unchanged', () => {
    const summary = mailSummaryIntent('acc', 's', entries(['Ada', 'Ada', 'Grace', 'Linus', 'Ken']), { privacy: false, now: NOW, silent: false });
    expect(summary).toMatchObject({ title: '5 new messages', body: 'From Ada, Grace and 2 others' });
    expect(topSendersLine(entries(['Ada', 'Grace', 'Linus']))).toBe('From Ada, Grace and 1 other');
    expect(topSendersLine(entries(['Ada', 'Grace']), 2, 'en')).toBe('From Ada and Grace');
    expect(mailSummaryIntent('acc', 's', entries(['Ada']), { privacy: true, now: NOW, silent: false }).body).toBe('Open Herald to read it');
  });
});

describe('account problems', () => {
  it('ru: a title, a body naming the mailbox and a button for each kind', () => {
    const texts = PROBLEM_KINDS.map((kind) => {
      const intent = accountProblemIntent(ACCOUNT, kind, NOW, 'ru');
      return [intent.title, intent.body, intent.actions[0]?.label];
    });
    expect(texts).toEqual([
      ['Войдите снова', 'Войдите снова, чтобы получать почту ada@contoso.com', 'Войти'],
      ['Нужно одобрение', 'Администратор должен одобрить Herald, прежде чем он сможет читать почту ada@contoso.com', 'Как получить одобрение'],
      ['Почтовый ящик недоступен', 'У ada@contoso.com нет почтового ящика, доступного Herald (возможно, он локальный или без лицензии)', 'Подробнее'],
    ]);
  });

  it('en: unchanged', () => {
    const intent = accountProblemIntent(ACCOUNT, 'needsSignIn', NOW);
    expect([intent.title, intent.body, intent.actions[0]?.label]).toEqual(['Sign in again', 'Sign in again to keep getting mail for ada@contoso.com', 'Sign in']);
  });
});

describe('reminders', () => {
  it('ru: "через N мин", Join / Snooze / Dismiss, all day, privacy', () => {
    const intent = reminderIntent(event, NOW, false, { accountId: 'acc', timeZone: 'UTC', locale: 'ru-RU' });
    expect(intent.title).toBe('Design review');
    expect(intent.body).toMatch(/^0?9:15 \(через 15 мин\) · Room 4$/);
    expect(intent.actions.map((a) => a.label)).toEqual(['Присоединиться', 'Отложить', 'Закрыть']);
    const now = reminderIntent(event, Date.parse(event.start), false, { accountId: 'acc', timeZone: 'UTC', locale: 'ru' });
    expect(now.body).toMatch(/^0?9:15 \(сейчас\) · Room 4$/);
    const allDay = reminderIntent({ ...event, isAllDay: true, location: '' }, NOW, false, { accountId: 'acc', locale: 'ru' });
    expect(allDay.body).toBe('Весь день');
    const hidden = reminderIntent(event, NOW, true, { accountId: 'acc', timeZone: 'UTC', locale: 'ru' });
    expect(hidden.title).toBe('Предстоящее событие');
    expect(hidden.body).not.toContain('Room 4');
    expect(reminderIntent({ ...event, subject: ' ' }, NOW, false, { accountId: 'acc', locale: 'ru' }).title).toBe('(без названия)');
  });

  it('en: unchanged', () => {
    const intent = reminderIntent(event, NOW, true, { accountId: 'acc', timeZone: 'UTC', locale: 'en-GB' });
    expect(intent.title).toBe('Upcoming event');
    expect(intent.body).toMatch(/^0?9:15 \(in 15 min\)$/);
    expect(intent.actions.map((a) => a.label)).toEqual(['Join', 'Snooze', 'Dismiss']);
  });
});

describe('the tables', () => {
  it('English and Russian have the same keys, and no Russian text is left in English', () => {
    const en = notificationTexts('en');
    const ru = notificationTexts('ru');
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      if (typeof en[key] === 'string' && key !== 'language') expect(ru[key], key).not.toBe(en[key]);
    }
  });
});
