// Turning whatever is in the settings file into valid Settings without losing what is good:
// migrate to the current schemaVersion, then validate, and for each field zod rejects, reset
// that field alone (delete it so its default applies, or drop the bad list entry), with a
// warning. One bad field never costs the user the rest of their settings. Shared by the
// conf store and, later, electron-store in the shell.
import type { z } from 'zod';
import { silentLogger, type Logger } from '../log.ts';
import { migrateSettings, type RawSettings } from './settings-migrations.ts';
import { defaultSettings, settingsSchema, type Settings } from './settings-schema.ts';

export interface SettingsRepair {
  /** Dotted path of the field, e.g. 'notifications.quietHours.start'. */
  field: string;
  problem: string;
  /** What was done: the field reset to its default, or one list entry dropped. */
  fix: 'resetToDefault' | 'droppedEntry' | 'resetAll';
}

export interface PreparedSettings {
  settings: Settings;
  fromVersion: number;
  repairs: SettingsRepair[];
  /** True when `settings` differs from the input (migrated, repaired or normalized). */
  changed: boolean;
}

const MAX_REPAIR_ROUNDS = 16;

/** Migrate → validate → repair field by field. Never throws. */
export function prepareSettings(input: unknown, log: Logger = silentLogger): PreparedSettings {
  const raw: RawSettings = isRecord(input) ? jsonClone(input) : {};
  const repairs: SettingsRepair[] = [];
  if (!isRecord(input)) repairs.push({ field: '(root)', problem: 'not an object', fix: 'resetAll' });

  let migrated: RawSettings;
  let fromVersion: number;
  try {
    const result = migrateSettings(raw);
    migrated = result.settings;
    fromVersion = result.fromVersion;
    if (result.newerThanApp) {
      log.warn({ fromVersion }, 'Settings come from a newer Herald; fields this version does not know are dropped');
    } else if (result.fromVersion !== result.toVersion) {
      log.info({ fromVersion, toVersion: result.toVersion }, 'Migrated settings');
    }
  } catch (error) {
    // A migration bug must not cost the user their settings: validate what is there.
    log.error({ err: error }, 'Settings migration failed; repairing the unmigrated settings');
    migrated = raw;
    fromVersion = typeof raw['schemaVersion'] === 'number' ? raw['schemaVersion'] : 1;
  }

  const data = migrated;
  for (let round = 0; round < MAX_REPAIR_ROUNDS; round++) {
    const result = settingsSchema.safeParse(data);
    if (result.success) return finish(result.data);
    const before = JSON.stringify(data);
    repairs.push(...repairIssues(data, result.error.issues));
    if (JSON.stringify(data) === before) break; // nothing more we can fix by deleting
  }
  repairs.push({ field: '(root)', problem: 'could not be repaired field by field', fix: 'resetAll' });
  return finish(defaultSettings());

  function finish(settings: Settings): PreparedSettings {
    for (const repair of repairs) {
      log.warn(
        { field: repair.field, problem: repair.problem, fix: repair.fix },
        'Invalid settings value replaced by its default',
      );
    }
    return { settings, fromVersion, repairs, changed: JSON.stringify(settings) !== JSON.stringify(input) };
  }
}

function repairIssues(data: RawSettings, issues: readonly z.core.$ZodIssue[]): SettingsRepair[] {
  const repairs: SettingsRepair[] = [];
  const removals: Array<{ list: unknown[]; index: number }> = [];
  for (const issue of issues) {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const field = path.join('.') || '(root)';
    if (path.length === 0) {
      for (const key of Object.keys(data)) delete data[key];
      repairs.push({ field, problem: issue.message, fix: 'resetAll' });
      continue;
    }
    const parent = walk(data, path.slice(0, -1));
    const key = path[path.length - 1] as string | number;
    if (Array.isArray(parent) && typeof key === 'number') {
      removals.push({ list: parent, index: key });
      repairs.push({ field, problem: issue.message, fix: 'droppedEntry' });
    } else if (isRecord(parent) && String(key) in parent) {
      delete parent[String(key)];
      repairs.push({ field, problem: issue.message, fix: 'resetToDefault' });
    } else {
      // The path does not lead anywhere we can edit (e.g. the parent itself is bad): reset the
      // top-level field it belongs to.
      delete data[String(path[0])];
      repairs.push({ field: String(path[0]), problem: issue.message, fix: 'resetToDefault' });
    }
  }
  // Remove list entries from the highest index down so earlier indexes stay valid.
  removals.sort((a, b) => b.index - a.index);
  for (const { list, index } of removals) if (index < list.length) list.splice(index, 1);
  return repairs;
}

function walk(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let node = root;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isRecord(node)) node = node[String(key)];
    else return undefined;
  }
  return node;
}

function isRecord(value: unknown): value is RawSettings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonClone(value: RawSettings): RawSettings {
  // Settings are JSON (they came from a JSON file); this also drops undefined and functions.
  return JSON.parse(JSON.stringify(value)) as RawSettings;
}
