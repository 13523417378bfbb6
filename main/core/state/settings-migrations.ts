// Ordered settings migrations, keyed by the schemaVersion they upgrade *from*. They run on
// the raw JSON object before validation (conf's own `migrations` key on the app's semver,
// which would tie settings changes to releases; a schemaVersion integer is simpler to test).
// A step must accept anything (the file may be hand-edited): it moves what it recognizes and
// leaves the rest for the repair pass to default field by field.
import { SETTINGS_SCHEMA_VERSION } from './settings-schema.ts';

export type RawSettings = Record<string, unknown>;
export type SettingsMigration = (raw: RawSettings) => RawSettings;

/**
 * v1 (the first release's shape) kept notification rules at the top level and the poll
 * interval in seconds; v2 groups the rules under `notifications`, stores milliseconds, and
 * adds `quietHours.days` (v1 quiet hours applied every day).
 */
const v1ToV2: SettingsMigration = (raw) => {
  const {
    pollIntervalSeconds,
    quietHours,
    vipSenders,
    mutedSenders,
    mutedKeywords,
    privacyMode,
    notificationsEnabled,
    ...rest
  } = raw;
  const notifications: RawSettings = isObject(rest['notifications']) ? { ...rest['notifications'] } : {};
  const moved: RawSettings = { vipSenders, mutedSenders, mutedKeywords, privacyMode, enabled: notificationsEnabled };
  for (const [key, value] of Object.entries(moved)) if (value !== undefined) notifications[key] = value;
  if (isObject(quietHours)) notifications['quietHours'] = { days: [0, 1, 2, 3, 4, 5, 6], ...quietHours };
  const next: RawSettings = { ...rest, notifications, schemaVersion: 2 };
  if (typeof pollIntervalSeconds === 'number') next['pollIntervalMs'] = Math.round(pollIntervalSeconds * 1000);
  return next;
};

/** migrations[n] upgrades a version-n object to version n + 1. */
export const SETTINGS_MIGRATIONS: Readonly<Record<number, SettingsMigration>> = {
  1: v1ToV2,
};

export interface MigrationResult {
  settings: RawSettings;
  fromVersion: number;
  toVersion: number;
  /** Set when the file came from a newer Herald; it is used as is (unknown fields dropped). */
  newerThanApp: boolean;
}

/**
 * Brings a raw settings object to SETTINGS_SCHEMA_VERSION. An object without schemaVersion is
 * v1 if it holds anything (v1 had no version field) and current if empty (a fresh file).
 */
export function migrateSettings(
  input: RawSettings,
  migrations: Readonly<Record<number, SettingsMigration>> = SETTINGS_MIGRATIONS,
  targetVersion: number = SETTINGS_SCHEMA_VERSION,
): MigrationResult {
  const declared = input['schemaVersion'];
  const fromVersion =
    typeof declared === 'number' && Number.isInteger(declared) && declared >= 1
      ? declared
      : Object.keys(input).length === 0
        ? targetVersion
        : 1;
  if (fromVersion > targetVersion) {
    return { settings: { ...input }, fromVersion, toVersion: fromVersion, newerThanApp: true };
  }
  let settings: RawSettings = { ...input };
  for (let version = fromVersion; version < targetVersion; version++) {
    const step = migrations[version];
    if (!step) throw new Error(`No settings migration from version ${version}`);
    settings = { ...step(settings), schemaVersion: version + 1 };
  }
  return { settings: { ...settings, schemaVersion: targetVersion }, fromVersion, toVersion: targetVersion, newerThanApp: false };
}

function isObject(value: unknown): value is RawSettings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
