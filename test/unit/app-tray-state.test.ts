// trayStateFrom: the precedence of kinds and the tooltip in English and Russian.
import { describe, expect, it } from 'vitest';
import { trayStateFrom, type TrayStateInput } from '../../main/core/app/tray-state.ts';
import type { AccountStateKind } from '../../main/core/graph/account-state.ts';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const acc = (kind: AccountStateKind) => ({ state: { kind } });
const input = (over: Partial<TrayStateInput> = {}): TrayStateInput => ({
  accounts: [acc('ok')],
  unreadTotal: 0,
  pausedUntil: null,
  nextEvent: null,
  now: NOW,
  locale: 'en-US',
  ...over,
});

describe('trayStateFrom kinds', () => {
  const cases: [string, Partial<TrayStateInput>, string][] = [
    ['no accounts → signedOut, whatever else', { accounts: [], unreadTotal: 5, pausedUntil: NOW + 1000 }, 'signedOut'],
    ['an account needing sign-in → problem', { accounts: [acc('ok'), acc('needsSignIn')], unreadTotal: 3 }, 'problem'],
    ['admin consent → problem', { accounts: [acc('needsAdminConsent')] }, 'problem'],
    ['mailbox not enabled → problem, even when others are offline', { accounts: [acc('offline'), acc('mailboxNotEnabled')] }, 'problem'],
    ['every account offline or Graph down → offline', { accounts: [acc('offline'), acc('graphDown')], unreadTotal: 2, pausedUntil: NOW + 1000 }, 'offline'],
    ['one account offline, one fine → not offline', { accounts: [acc('offline'), acc('ok')], unreadTotal: 2 }, 'unread'],
    ['throttled is not offline', { accounts: [acc('throttled')] }, 'allRead'],
    ['paused beats unread', { unreadTotal: 4, pausedUntil: NOW + 60_000 }, 'paused'],
    ['a pause that has ended is ignored', { unreadTotal: 4, pausedUntil: NOW - 1 }, 'unread'],
    ['unread', { unreadTotal: 1 }, 'unread'],
    ['all read', {}, 'allRead'],
  ];
  it.each(cases)('%s', (_what, over, kind) => {
    expect(trayStateFrom(input(over)).kind).toBe(kind);
  });

  it('carries the unread total (never negative or fractional)', () => {
    expect(trayStateFrom(input({ unreadTotal: 7 })).unreadTotal).toBe(7);
    expect(trayStateFrom(input({ unreadTotal: -2 })).unreadTotal).toBe(0);
    expect(trayStateFrom(input({ unreadTotal: 2.7 })).unreadTotal).toBe(2);
  });
});

describe('trayStateFrom tooltip', () => {
  const standup = (inMinutes: number) => ({ subject: 'Standup', start: NOW + inMinutes * 60_000 });
  const planning = (inMinutes: number) => ({ subject: 'Планёрка', start: NOW + inMinutes * 60_000 });

  it('English', () => {
    expect(trayStateFrom(input({ unreadTotal: 3, nextEvent: standup(10) })).tooltip).toBe('3 unread · Standup in 10 min');
    expect(trayStateFrom(input({ unreadTotal: 3 })).tooltip).toBe('3 unread');
    expect(trayStateFrom(input({ nextEvent: standup(0.5) })).tooltip).toBe('No unread mail · Standup in 1 min');
    expect(trayStateFrom(input({ nextEvent: standup(0) })).tooltip).toBe('No unread mail · Standup now');
    expect(trayStateFrom(input({ nextEvent: standup(150) })).tooltip).toBe('No unread mail · Standup in 3 h');
    expect(trayStateFrom(input({ nextEvent: standup(13 * 60) })).tooltip).toBe('No unread mail');
    expect(trayStateFrom(input({ unreadTotal: 2, pausedUntil: NOW + 1 })).tooltip).toBe('Notifications paused · 2 unread');
    expect(trayStateFrom(input({ accounts: [] , nextEvent: standup(5)})).tooltip).toBe('Herald: not signed in');
    expect(trayStateFrom(input({ accounts: [acc('needsSignIn')] })).tooltip).toBe('Herald: an account needs attention');
    expect(trayStateFrom(input({ accounts: [acc('offline')], nextEvent: standup(10) })).tooltip).toBe('Herald: offline · Standup in 10 min');
  });

  it('Russian for ru and ru-*', () => {
    expect(trayStateFrom(input({ locale: 'ru', unreadTotal: 3, nextEvent: planning(10) })).tooltip).toBe('3 непрочитанных · Планёрка через 10 мин');
    expect(trayStateFrom(input({ locale: 'ru-RU', unreadTotal: 1 })).tooltip).toBe('1 непрочитанное');
    expect(trayStateFrom(input({ locale: 'ru', unreadTotal: 21 })).tooltip).toBe('21 непрочитанное');
    expect(trayStateFrom(input({ locale: 'ru', unreadTotal: 11 })).tooltip).toBe('11 непрочитанных');
    expect(trayStateFrom(input({ locale: 'ru', nextEvent: planning(120) })).tooltip).toBe('Нет непрочитанных · Планёрка через 2 ч');
    expect(trayStateFrom(input({ locale: 'ru', nextEvent: planning(-5) })).tooltip).toBe('Нет непрочитанных · Планёрка сейчас');
    expect(trayStateFrom(input({ locale: 'ru', pausedUntil: NOW + 1 })).tooltip).toBe('Уведомления приостановлены');
    expect(trayStateFrom(input({ locale: 'ru', accounts: [] })).tooltip).toBe('Herald: вход не выполнен');
    expect(trayStateFrom(input({ locale: 'ru', accounts: [acc('graphDown')] })).tooltip).toBe('Herald: нет соединения');
    expect(trayStateFrom(input({ locale: 'ru', accounts: [acc('needsAdminConsent')] })).tooltip).toBe('Herald: учётная запись требует внимания');
    // Not Russian: a locale that merely starts with the letters.
    expect(trayStateFrom(input({ locale: 'rup', unreadTotal: 3 })).tooltip).toBe('3 unread');
  });
});
