// The tray's state, decided in the core so every host draws the same thing: an icon per kind,
// a count badge for unread, a tooltip like "3 unread · Standup in 10 min", and the menu's words
// in the app's language.
import type { AccountStateKind } from '../graph/account-state.ts';

export type TrayStateKind = 'signedOut' | 'allRead' | 'unread' | 'offline' | 'problem' | 'paused';

export interface TrayState {
  kind: TrayStateKind;
  /** Unread in the inboxes of all accounts (drawn as a badge when kind is 'unread'). */
  unreadTotal: number;
  /** Plain text for the tray tooltip. */
  tooltip: string;
  /** The tray menu's labels, in the app's language (one shared object per language). */
  menu: TrayMenuLabels;
}

export interface TrayMenuLabels {
  open: string;
  checkNow: string;
  pause: string;
  pauseHour: string;
  pauseTomorrow: string;
  resume: string;
  settings: string;
  quit: string;
}

/** What the tray needs to know about one account: only its state's kind. */
export interface TrayAccountInput {
  state: { kind: AccountStateKind };
}

export interface TrayStateInput {
  accounts: readonly TrayAccountInput[];
  unreadTotal: number;
  /** Epoch ms until which mail notifications are paused; null when not paused. */
  pausedUntil: number | null;
  /** The next meeting, for the tooltip; null when nothing is coming up. */
  nextEvent: { subject: string; start: number } | null;
  now: number;
  /** BCP 47; 'ru' (and 'ru-*') gets Russian, everything else English. */
  locale: string;
}

/** States that only the user can fix: the tray shows "problem" for them (see needsUser()). */
const NEEDS_USER: ReadonlySet<AccountStateKind> = new Set(['needsSignIn', 'needsAdminConsent', 'mailboxNotEnabled']);
const UNREACHABLE: ReadonlySet<AccountStateKind> = new Set(['offline', 'graphDown']);

/** Meetings further away than this are not worth a word in the tooltip. */
const NEXT_EVENT_HORIZON_MS = 12 * 60 * 60 * 1000;

/**
 * The tray's state, by precedence: signedOut (no accounts) > problem (some account needs the
 * user) > offline (every account unreachable) > paused > unread > allRead.
 */
export function trayStateFrom(input: TrayStateInput): TrayState {
  const text = textsFor(input.locale);
  const unreadTotal = Math.max(0, Math.floor(input.unreadTotal));
  const kind = trayKind(input);
  const parts: string[] = [];
  switch (kind) {
    case 'signedOut':
      parts.push(text.signedOut);
      break;
    case 'problem':
      parts.push(text.problem);
      break;
    case 'offline':
      parts.push(text.offline);
      break;
    case 'paused':
      parts.push(text.paused);
      if (unreadTotal > 0) parts.push(text.unread(unreadTotal));
      break;
    case 'unread':
      parts.push(text.unread(unreadTotal));
      break;
    case 'allRead':
      parts.push(text.allRead);
      break;
  }
  const event = kind === 'signedOut' ? null : input.nextEvent;
  if (event && event.start - input.now <= NEXT_EVENT_HORIZON_MS) parts.push(text.event(event.subject, event.start - input.now));
  return { kind, unreadTotal, tooltip: parts.join(' · '), menu: text.menu };
}

function textsFor(locale: string): TrayTexts {
  return locale === 'ru' || locale.toLowerCase().startsWith('ru-') ? RU : EN;
}

/** The tray menu's labels for a locale (the same object every time for one language). */
export function trayMenuLabels(locale: string): TrayMenuLabels {
  return textsFor(locale).menu;
}

function trayKind(input: TrayStateInput): TrayStateKind {
  if (input.accounts.length === 0) return 'signedOut';
  if (input.accounts.some((a) => NEEDS_USER.has(a.state.kind))) return 'problem';
  if (input.accounts.every((a) => UNREACHABLE.has(a.state.kind))) return 'offline';
  if (input.pausedUntil !== null && input.pausedUntil > input.now) return 'paused';
  return input.unreadTotal > 0 ? 'unread' : 'allRead';
}

interface TrayTexts {
  signedOut: string;
  problem: string;
  offline: string;
  paused: string;
  allRead: string;
  unread(count: number): string;
  event(subject: string, inMs: number): string;
  menu: TrayMenuLabels;
}

const MINUTE = 60_000;

/** Whole minutes, rounded up, so "in 0 min" never shows for a meeting that has not started. */
function minutesUntil(inMs: number): number {
  return Math.ceil(inMs / MINUTE);
}

const EN: TrayTexts = {
  signedOut: 'Herald: not signed in',
  problem: 'Herald: an account needs attention',
  offline: 'Herald: offline',
  paused: 'Notifications paused',
  allRead: 'No unread mail',
  unread: (count) => `${count} unread`,
  event: (subject, inMs) => {
    if (inMs <= 0) return `${subject} now`;
    const minutes = minutesUntil(inMs);
    return minutes < 60 ? `${subject} in ${minutes} min` : `${subject} in ${Math.round(minutes / 60)} h`;
  },
  menu: {
    open: 'Open Herald',
    checkNow: 'Check now',
    pause: 'Pause notifications',
    pauseHour: 'For 1 hour',
    pauseTomorrow: 'Until tomorrow',
    resume: 'Resume',
    settings: 'Settings…',
    quit: 'Quit Herald',
  },
};

/** "1 непрочитанное", "2 непрочитанных", "21 непрочитанное", "11 непрочитанных". */
function ruUnread(count: number): string {
  const lastTwo = count % 100;
  const last = count % 10;
  return last === 1 && lastTwo !== 11 ? `${count} непрочитанное` : `${count} непрочитанных`;
}

const RU: TrayTexts = {
  signedOut: 'Herald: вход не выполнен',
  problem: 'Herald: учётная запись требует внимания',
  offline: 'Herald: нет соединения',
  paused: 'Уведомления приостановлены',
  allRead: 'Нет непрочитанных',
  unread: ruUnread,
  event: (subject, inMs) => {
    if (inMs <= 0) return `${subject} сейчас`;
    const minutes = minutesUntil(inMs);
    return minutes < 60 ? `${subject} через ${minutes} мин` : `${subject} через ${Math.round(minutes / 60)} ч`;
  },
  // The same words as the popup's (renderer/src/i18n/ru.ts: nav.checkNow, settings.pause…).
  menu: {
    open: 'Открыть Herald',
    checkNow: 'Проверить сейчас',
    pause: 'Приостановить уведомления',
    pauseHour: 'На 1 час',
    pauseTomorrow: 'До завтра',
    resume: 'Возобновить',
    settings: 'Настройки…',
    quit: 'Выйти из Herald',
  },
};
