// The one settings schema: every field with its default, so that `{}` parses to a complete
// Settings. Used by the conf-backed store both hosts run (settings-store.ts; why not electron-store
// in the shell: docs/architecture.md), through prepareSettings() (migrate → repair → validate).
// Bump SETTINGS_SCHEMA_VERSION together with a new step in settings-migrations.ts.
import { z } from 'zod';

/** The latest instant a pause may last until (2100-01-01 UTC). */
export const LATEST_PAUSE_MS = Date.UTC(2100, 0, 1);

export const SETTINGS_SCHEMA_VERSION = 2;

export const MIN_POLL_INTERVAL_MS = 15_000;
export const DEFAULT_POLL_INTERVAL_MS = 60_000;

/** 'HH:MM', 24-hour clock, local time. */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)');

/** An address (`a@b.com`) or a domain (`b.com`, also matches subdomains). Stored lower-case. */
const senderPattern = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[^\s@]+@[^\s@]+$|^@?[^\s@]+\.[^\s@]+$/, 'expected an address or a domain');

const keyword = z.string().trim().min(1).max(100);

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export const quietHoursSchema = z.object({
  enabled: z.boolean().default(false),
  start: clockTime.default('22:00'),
  end: clockTime.default('07:00'),
  /** Days (0 = Sunday … 6 = Saturday) on which a quiet period *starts*. */
  days: z
    .array(z.number().int().min(0).max(6))
    .default(() => [0, 1, 2, 3, 4, 5, 6])
    .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
  /** IANA zone for the range; null = the system's zone. */
  timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone').nullable().default(null),
});

export const accountSettingsSchema = z.object({
  notificationsEnabled: z.boolean().default(true),
  /** Drop mail Graph classifies as `other` (Focused Inbox), unless from a VIP. */
  focusedOnly: z.boolean().default(false),
  /** Ask only for Mail.Read / Calendars.Read; write actions explain instead of failing. */
  readOnly: z.boolean().default(false),
});

export const notificationSettingsSchema = z.object({
  /** Master switch for new-mail notifications (reminders and account problems still show). */
  enabled: z.boolean().default(true),
  /** Hide sender, subject and preview in every notification. */
  privacyMode: z.boolean().default(false),
  vipSenders: z.array(senderPattern).default(() => []),
  mutedSenders: z.array(senderPattern).default(() => []),
  /** Whole words or phrases, matched case-insensitively in subject and preview. */
  mutedKeywords: z.array(keyword).default(() => []),
  quietHours: quietHoursSchema.prefault({}),
  /** Epoch ms until which mail notifications are paused; null = not paused. */
  // At most 2100-01-01: any instant shown as a date must be one (a larger number throws in Date formatting).
  pausedUntil: z.number().int().nonnegative().max(LATEST_PAUSE_MS).nullable().default(null),
  /** A pause is explicit, so by default not even VIPs break through it. */
  vipBreaksPause: z.boolean().default(false),
  /** More than this many new messages at once become one summary. */
  summaryThreshold: z.number().int().min(1).max(50).default(3),
  /** Notifications for one account this close together are coalesced into a summary. */
  coalesceWindowMs: z.number().int().min(0).max(600_000).default(10_000),
  /** Reminder snooze length offered on the notification. */
  snoozeMinutes: z.number().int().min(1).max(24 * 60).default(5),
});

export const pushSettingsSchema = z.object({
  /** Graph change notifications; needs a public HTTPS URL (a tunnel the user runs). */
  enabled: z.boolean().default(false),
  /**
   * Graph delivers only to https (the user's tunnel). A loopback http URL is accepted too, for
   * the simulator and for development; Graph itself would refuse it at validation.
   */
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .refine((url) => url.startsWith('https:') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(url), 'must be an https URL')
    .nullable()
    .default(null),
});

export const settingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION).default(SETTINGS_SCHEMA_VERSION),
  pollIntervalMs: z.number().int().min(MIN_POLL_INTERVAL_MS).max(3_600_000).default(DEFAULT_POLL_INTERVAL_MS),
  launchAtLogin: z.boolean().default(true),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** BCP 47 tag overriding the system locale; null = follow the system. */
  locale: z.string().refine(isLocale, 'not a BCP 47 locale').nullable().default(null),
  notifications: notificationSettingsSchema.prefault({}),
  /** Keyed by account id (MSAL homeAccountId). Missing accounts use the defaults. */
  accounts: z.record(z.string().min(1), accountSettingsSchema).default(() => ({})),
  push: pushSettingsSchema.prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;
export type AccountSettings = z.infer<typeof accountSettingsSchema>;
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
export type QuietHours = z.infer<typeof quietHoursSchema>;
export type PushSettings = z.infer<typeof pushSettingsSchema>;

/** A complete Settings with every default. A new object each call (safe to mutate). */
export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

export function defaultAccountSettings(): AccountSettings {
  return accountSettingsSchema.parse({});
}

/** The settings that apply to one account (defaults for an account not yet configured). */
export function accountSettings(settings: Settings, accountId: string): AccountSettings {
  return settings.accounts[accountId] ?? defaultAccountSettings();
}
