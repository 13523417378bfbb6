// Per-message rules: on/off, Focused only, VIP (address and domain), muted sender / domain /
// keyword, quiet hours (crossing midnight, days, time zones), pause, and their precedence.
import { describe, expect, it } from 'vitest';
import type { MailItem } from '../../main/core/mail/mail-item.ts';
import { decideMail, type MailRuleContext } from '../../main/core/notify/mail-rules.ts';
import { isInQuietHours, localTime } from '../../main/core/notify/quiet-hours.ts';
import { containsKeyword, senderMatches } from '../../main/core/notify/sender-match.ts';
import { settingsSchema, type Settings } from '../../main/core/state/settings-schema.ts';

// Monday 2 November 2026, 09:00 UTC (FakeClock's default start).
const MONDAY_9_UTC = Date.UTC(2026, 10, 2, 9, 0, 0);

function message(overrides: Partial<MailItem> = {}): MailItem {
  return {
    id: 'm1',
    receivedDateTime: new Date(MONDAY_9_UTC).toISOString(),
    from: { name: 'Ada Lovelace', address: 'ada@contoso.com' },
    subject: 'Quarterly numbers',
    bodyPreview: 'Here are the figures you asked for.',
    isRead: false,
    importance: 'normal',
    inferenceClassification: 'focused',
    hasAttachments: false,
    flagStatus: 'notFlagged',
    webLink: 'https://outlook.office.com/mail/id/m1',
    conversationId: 'c1',
    ...overrides,
  };
}

function settings(patch: { notifications?: Record<string, unknown>; accounts?: Record<string, unknown> } = {}): Settings {
  return settingsSchema.parse(patch);
}

function context(s: Settings, now = MONDAY_9_UTC, timeZone = 'UTC'): MailRuleContext {
  return { settings: s, accountId: 'acc', now, timeZone };
}

describe('sender matching', () => {
  it('matches a full address case-insensitively and nothing else', () => {
    expect(senderMatches('Ada@Contoso.com', ['ada@contoso.com'])).toBe(true);
    expect(senderMatches('grace@contoso.com', ['ada@contoso.com'])).toBe(false);
  });
  it('matches a domain, its subdomains, and the @domain form, but not look-alikes', () => {
    expect(senderMatches('a@contoso.com', ['contoso.com'])).toBe(true);
    expect(senderMatches('a@mail.contoso.com', ['contoso.com'])).toBe(true);
    expect(senderMatches('a@contoso.com', ['@contoso.com'])).toBe(true);
    expect(senderMatches('a@notcontoso.com', ['contoso.com'])).toBe(false);
    expect(senderMatches(null, ['contoso.com'])).toBe(false);
  });
  it('matches keywords as whole words, ignoring case', () => {
    expect(containsKeyword('Big SALE today', 'sale')).toBe(true);
    expect(containsKeyword('wholesale prices', 'sale')).toBe(false);
    expect(containsKeyword('Weekly  news letter', 'news letter')).toBe(true);
    expect(containsKeyword('Früh-Angebot', 'früh')).toBe(true);
    expect(containsKeyword('price (c++) list', 'c++')).toBe(true);
  });
});

describe('decideMail', () => {
  it('notifies a plain new message by default', () => {
    expect(decideMail(message(), context(settings()))).toEqual({ notify: true, vip: false, brokeThrough: [] });
  });

  it('respects the global switch and the per-account switch', () => {
    expect(decideMail(message(), context(settings({ notifications: { enabled: false } })))).toMatchObject({
      notify: false,
      reason: 'notificationsOff',
    });
    const off = settings({ accounts: { acc: { notificationsEnabled: false } } });
    expect(decideMail(message(), context(off))).toMatchObject({ notify: false, reason: 'accountNotificationsOff' });
    // Another account's switch does not affect this one.
    const other = settings({ accounts: { other: { notificationsEnabled: false } } });
    expect(decideMail(message(), context(other)).notify).toBe(true);
  });

  it('does not notify a message that is already read', () => {
    expect(decideMail(message({ isRead: true }), context(settings()))).toMatchObject({ notify: false, reason: 'alreadyRead' });
  });

  it('Focused only drops Other, except from a VIP', () => {
    const s = settings({ accounts: { acc: { focusedOnly: true } } });
    expect(decideMail(message({ inferenceClassification: 'other' }), context(s))).toMatchObject({
      notify: false,
      reason: 'notFocused',
    });
    expect(decideMail(message({ inferenceClassification: 'focused' }), context(s)).notify).toBe(true);
    const vip = settings({ accounts: { acc: { focusedOnly: true } }, notifications: { vipSenders: ['contoso.com'] } });
    expect(decideMail(message({ inferenceClassification: 'other' }), context(vip))).toEqual({
      notify: true,
      vip: true,
      brokeThrough: ['notFocused'],
    });
  });

  it('mutes by address, by domain and by keyword in subject or preview', () => {
    const bySender = settings({ notifications: { mutedSenders: ['ada@contoso.com'] } });
    expect(decideMail(message(), context(bySender))).toMatchObject({ notify: false, reason: 'mutedSender' });
    const byDomain = settings({ notifications: { mutedSenders: ['contoso.com'] } });
    expect(decideMail(message(), context(byDomain))).toMatchObject({ notify: false, reason: 'mutedSender' });
    const byKeyword = settings({ notifications: { mutedKeywords: ['FIGURES'] } });
    expect(decideMail(message(), context(byKeyword))).toMatchObject({ notify: false, reason: 'mutedKeyword' });
    const partialWord = settings({ notifications: { mutedKeywords: ['figure'] } });
    expect(decideMail(message(), context(partialWord)).notify).toBe(true);
  });

  it('a mute beats VIP (VIP domain, muted address in it)', () => {
    const s = settings({ notifications: { vipSenders: ['contoso.com'], mutedSenders: ['ada@contoso.com'] } });
    expect(decideMail(message(), context(s))).toMatchObject({ notify: false, vip: true, reason: 'mutedSender' });
  });

  it('quiet hours silence ordinary mail and let VIPs through', () => {
    const quiet = { enabled: true, start: '08:00', end: '10:00' };
    const s = settings({ notifications: { quietHours: quiet } });
    expect(decideMail(message(), context(s))).toMatchObject({ notify: false, reason: 'quietHours' });
    const vip = settings({ notifications: { quietHours: quiet, vipSenders: ['ADA@contoso.com'] } });
    expect(decideMail(message(), context(vip))).toEqual({ notify: true, vip: true, brokeThrough: ['quietHours'] });
  });

  it('a pause silences everyone, VIPs too, unless vipBreaksPause is set', () => {
    const pausedUntil = MONDAY_9_UTC + 60_000;
    const s = settings({ notifications: { pausedUntil, vipSenders: ['contoso.com'] } });
    expect(decideMail(message(), context(s))).toMatchObject({ notify: false, vip: true, reason: 'paused' });
    const breaks = settings({ notifications: { pausedUntil, vipSenders: ['contoso.com'], vipBreaksPause: true } });
    expect(decideMail(message(), context(breaks))).toEqual({ notify: true, vip: true, brokeThrough: ['paused'] });
    // The pause ends at pausedUntil.
    expect(decideMail(message(), context(s, pausedUntil)).notify).toBe(true);
  });
});

describe('quiet hours', () => {
  const overnight = settingsSchema.parse({
    notifications: { quietHours: { enabled: true, start: '22:00', end: '07:00' } },
  }).notifications.quietHours;

  it('crosses midnight', () => {
    expect(isInQuietHours(Date.UTC(2026, 10, 2, 23, 30), overnight, 'UTC')).toBe(true);
    expect(isInQuietHours(Date.UTC(2026, 10, 3, 6, 59), overnight, 'UTC')).toBe(true);
    expect(isInQuietHours(Date.UTC(2026, 10, 3, 7, 0), overnight, 'UTC')).toBe(false);
    expect(isInQuietHours(Date.UTC(2026, 10, 2, 21, 59), overnight, 'UTC')).toBe(false);
  });

  it('counts the early-morning part toward the day the period started', () => {
    // Only Friday nights: Friday 22:00 → Saturday 07:00.
    const fridays = { ...overnight, days: [5] };
    expect(isInQuietHours(Date.UTC(2026, 10, 7, 3, 0), fridays, 'UTC')).toBe(true); // Saturday 03:00
    expect(isInQuietHours(Date.UTC(2026, 10, 7, 23, 0), fridays, 'UTC')).toBe(false); // Saturday 23:00
    expect(isInQuietHours(Date.UTC(2026, 10, 6, 23, 0), fridays, 'UTC')).toBe(true); // Friday 23:00
    expect(isInQuietHours(Date.UTC(2026, 10, 6, 3, 0), fridays, 'UTC')).toBe(false); // Friday 03:00 (Thursday's night)
  });

  it('uses the injected time zone, and the settings zone over it', () => {
    const instant = Date.UTC(2026, 10, 2, 12, 0); // 12:00 UTC = 23:00 in Sydney (AEDT, UTC+11)
    expect(localTime(instant, 'Australia/Sydney')).toEqual({ weekday: 1, minutes: 23 * 60 });
    expect(isInQuietHours(instant, overnight, 'Australia/Sydney')).toBe(true);
    expect(isInQuietHours(instant, overnight, 'America/New_York')).toBe(false); // 07:00 there: just over
    expect(isInQuietHours(instant, { ...overnight, timeZone: 'Australia/Sydney' }, 'UTC')).toBe(true);
  });

  it('is off when disabled or on no day, and start = end means all day', () => {
    expect(isInQuietHours(Date.UTC(2026, 10, 2, 23, 0), { ...overnight, enabled: false }, 'UTC')).toBe(false);
    expect(isInQuietHours(Date.UTC(2026, 10, 2, 23, 0), { ...overnight, days: [] }, 'UTC')).toBe(false);
    expect(isInQuietHours(Date.UTC(2026, 10, 2, 12, 0), { ...overnight, start: '00:00', end: '00:00' }, 'UTC')).toBe(true);
  });
});
