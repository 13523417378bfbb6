// Settings persisted with `conf` under plain Node (electron-store, which extends conf, takes
// the same prepareSettings() pass in the shell). On open: a file that is not JSON is moved
// aside as `settings.json.corrupt-<ts>` and defaults are used; anything else goes through
// migrate → repair, and the repaired result is written back. Updates are validated first and
// rejected with a typed error, so a bad call never writes a bad file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import type { z } from 'zod';
import { systemClock, type Clock } from '../clock.ts';
import { silentLogger, type Logger } from '../log.ts';
import { quarantineFileSync } from './quarantine.ts';
import { prepareSettings, type SettingsRepair } from './settings-repair.ts';
import { accountSettingsSchema, settingsSchema, type AccountSettings, type Settings } from './settings-schema.ts';

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export type SettingsPatch = DeepPartial<Settings>;

export class SettingsValidationError extends Error {
  override readonly name = 'SettingsValidationError';
  constructor(readonly issues: ReadonlyArray<{ field: string; problem: string }>) {
    super(`Invalid settings: ${issues.map((issue) => `${issue.field}: ${issue.problem}`).join('; ')}`);
  }
}

export class SettingsStoreError extends Error {
  override readonly name = 'SettingsStoreError';
}

export interface SettingsStoreOptions {
  /** Directory holding the settings file (the profile directory). */
  cwd: string;
  projectName?: string;
  /** File name without extension; default 'settings'. */
  configName?: string;
  clock?: Clock;
  log?: Logger;
}

export interface SettingsOpenReport {
  fromVersion: number;
  repairs: SettingsRepair[];
  /** Where an unparseable settings file was moved, if one was found. */
  corruptBackupPath?: string;
}

export interface SettingsStore {
  readonly path: string;
  readonly openReport: SettingsOpenReport;
  /** A copy of the current settings (always valid). */
  get(): Settings;
  /** Deep-merges `patch` (lists are replaced), validates, writes. Throws SettingsValidationError. */
  update(patch: SettingsPatch): Settings;
  /** Changes one account's settings (creating its entry from the defaults). */
  updateAccount(accountId: string, patch: Partial<AccountSettings>): Settings;
  /** Forgets an account's settings (sign-out). */
  removeAccount(accountId: string): Settings;
  /** Back to defaults. */
  reset(): Settings;
  /** Called after every successful change; returns an unsubscribe function. */
  onChange(listener: (settings: Settings) => void): () => void;
}

export function createSettingsStore(options: SettingsStoreOptions): SettingsStore {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const configName = options.configName ?? 'settings';
  const file = path.join(options.cwd, `${configName}.json`);

  const open = (): Conf<Record<string, unknown>> =>
    new Conf<Record<string, unknown>>({
      cwd: options.cwd,
      configName,
      ...(options.projectName === undefined ? {} : { projectName: options.projectName }),
      // We decide what happens to a bad file (back it up), not conf (which would clear it).
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      configFileMode: 0o600,
    });

  let conf: Conf<Record<string, unknown>>;
  let corruptBackupPath: string | undefined;
  try {
    conf = open();
  } catch (error) {
    if (!(error instanceof SyntaxError) || !existsSync(file)) {
      throw new SettingsStoreError(`Cannot open settings at ${file}`, { cause: error });
    }
    corruptBackupPath = quarantineFileSync(file, clock.now());
    log.warn({ file, backup: corruptBackupPath }, 'Settings file was not valid JSON; backed it up and started from defaults');
    conf = open();
  }

  const prepared = prepareSettings(conf.store, log);
  let current = prepared.settings;
  if (prepared.changed) conf.store = { ...current };
  const listeners = new Set<(settings: Settings) => void>();

  const commit = (candidate: unknown): Settings => {
    const result = settingsSchema.safeParse(candidate);
    if (!result.success) throw new SettingsValidationError(describe(result.error));
    current = result.data;
    conf.store = { ...current };
    for (const listener of listeners) {
      try {
        listener(structuredClone(current));
      } catch (error) {
        log.error({ err: error }, 'Settings listener threw');
      }
    }
    return structuredClone(current);
  };

  const openReport: SettingsOpenReport =
    corruptBackupPath === undefined
      ? { fromVersion: prepared.fromVersion, repairs: prepared.repairs }
      : { fromVersion: prepared.fromVersion, repairs: prepared.repairs, corruptBackupPath };

  return {
    path: conf.path,
    openReport,
    get: () => structuredClone(current),
    update: (patch) => commit(deepMerge(current, patch)),
    updateAccount: (accountId, patch) => {
      if (accountId.length === 0) throw new SettingsValidationError([{ field: 'accounts', problem: 'empty account id' }]);
      const base = current.accounts[accountId] ?? accountSettingsSchema.parse({});
      const account = accountSettingsSchema.safeParse({ ...base, ...patch });
      if (!account.success) throw new SettingsValidationError(describe(account.error, `accounts.${accountId}`));
      return commit({ ...current, accounts: { ...current.accounts, [accountId]: account.data } });
    },
    removeAccount: (accountId) => {
      const accounts = { ...current.accounts };
      delete accounts[accountId];
      return commit({ ...current, accounts });
    },
    reset: () => commit({}),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function describe(error: z.ZodError, prefix?: string): Array<{ field: string; problem: string }> {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    problem: issue.message,
  }));
}

/** Plain objects merge key by key; everything else (lists, null, scalars) replaces. */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    merged[key] = deepMerge(base[key], value);
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
