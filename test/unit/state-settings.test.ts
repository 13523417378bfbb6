// Settings: defaults, the v1 → v2 migration, field-by-field repair, a corrupt file backed up,
// validated updates, persistence through conf on real files.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { createLogger, type Logger } from '../../main/core/log.ts';
import { migrateSettings } from '../../main/core/state/settings-migrations.ts';
import { prepareSettings } from '../../main/core/state/settings-repair.ts';
import { defaultSettings, SETTINGS_SCHEMA_VERSION, settingsSchema } from '../../main/core/state/settings-schema.ts';
import { createSettingsStore, SettingsStoreError, SettingsValidationError } from '../../main/core/state/settings-store.ts';

let dir: string;
let lines: Array<Record<string, unknown>>;
let log: Logger;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'herald-settings-'));
  lines = [];
  log = createLogger({
    destination: new Writable({
      write(chunk, _encoding, callback) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        callback();
      },
    }),
  });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const warnings = () => lines.filter((line) => line['level'] === 40);
const settingsFile = () => path.join(dir, 'settings.json');

describe('settings schema', () => {
  it('has a default for everything', () => {
    const settings = defaultSettings();
    expect(settings).toMatchObject({
      schemaVersion: SETTINGS_SCHEMA_VERSION,
      pollIntervalMs: 60_000,
      launchAtLogin: true,
      theme: 'system',
      locale: null,
      accounts: {},
      push: { enabled: false, publicUrl: null },
      notifications: {
        enabled: true,
        privacyMode: false,
        vipSenders: [],
        mutedSenders: [],
        mutedKeywords: [],
        pausedUntil: null,
        vipBreaksPause: false,
        summaryThreshold: 3,
        coalesceWindowMs: 10_000,
        snoozeMinutes: 5,
        quietHours: { enabled: false, start: '22:00', end: '07:00', days: [0, 1, 2, 3, 4, 5, 6], timeZone: null },
      },
    });
  });

  it('enforces the 15 s minimum poll interval and valid values', () => {
    expect(settingsSchema.safeParse({ pollIntervalMs: 14_999 }).success).toBe(false);
    expect(settingsSchema.safeParse({ pollIntervalMs: 15_000 }).success).toBe(true);
    expect(settingsSchema.safeParse({ notifications: { quietHours: { start: '25:00' } } }).success).toBe(false);
    expect(settingsSchema.safeParse({ notifications: { quietHours: { timeZone: 'Mars/Olympus' } } }).success).toBe(false);
    expect(settingsSchema.safeParse({ locale: 'not a locale!' }).success).toBe(false);
    expect(settingsSchema.safeParse({ push: { publicUrl: 'http://insecure.example' } }).success).toBe(false);
    expect(settingsSchema.parse({ notifications: { vipSenders: [' Boss@Contoso.COM '] } }).notifications.vipSenders).toEqual([
      'boss@contoso.com',
    ]);
  });
});

describe('migrations', () => {
  const v1 = {
    pollIntervalSeconds: 120,
    launchAtLogin: false,
    vipSenders: ['boss@contoso.com'],
    mutedKeywords: ['newsletter'],
    privacyMode: true,
    quietHours: { enabled: true, start: '23:00', end: '06:30' },
  };

  it('v1 → v2 moves the rules under notifications and converts seconds to ms', () => {
    const result = migrateSettings(v1);
    expect(result).toMatchObject({ fromVersion: 1, toVersion: 2, newerThanApp: false });
    const settings = settingsSchema.parse(result.settings);
    expect(settings.pollIntervalMs).toBe(120_000);
    expect(settings.launchAtLogin).toBe(false);
    expect(settings.notifications).toMatchObject({
      vipSenders: ['boss@contoso.com'],
      mutedKeywords: ['newsletter'],
      privacyMode: true,
      quietHours: { enabled: true, start: '23:00', end: '06:30', days: [0, 1, 2, 3, 4, 5, 6] },
    });
    expect(settings.schemaVersion).toBe(2);
  });

  it('an explicit schemaVersion 1 migrates too; current and empty files do not', () => {
    expect(migrateSettings({ ...v1, schemaVersion: 1 }).fromVersion).toBe(1);
    expect(migrateSettings({ schemaVersion: 2, pollIntervalMs: 30_000 })).toMatchObject({ fromVersion: 2 });
    expect(migrateSettings({})).toMatchObject({ fromVersion: 2, settings: { schemaVersion: 2 } });
  });

  it('a file from a newer Herald is used as far as it is understood', () => {
    const result = prepareSettings({ schemaVersion: 7, theme: 'dark', hologram: true }, log);
    expect(result.settings.theme).toBe('dark');
    expect(result.settings.schemaVersion).toBe(2);
    expect(warnings().some((line) => String(line['msg']).includes('newer Herald'))).toBe(true);
  });

  it('the store migrates a v1 file on open and writes v2 back', async () => {
    await writeFile(settingsFile(), JSON.stringify(v1));
    const store = createSettingsStore({ cwd: dir, log });
    expect(store.openReport.fromVersion).toBe(1);
    expect(store.get().pollIntervalMs).toBe(120_000);
    const onDisk = JSON.parse(await readFile(settingsFile(), 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ schemaVersion: 2, pollIntervalMs: 120_000 });
    expect(onDisk).not.toHaveProperty('pollIntervalSeconds');
  });
});

describe('repair', () => {
  it('one bad field is reset to its default, everything else is kept', () => {
    const input = {
      schemaVersion: 2,
      pollIntervalMs: 5, // below the minimum
      theme: 'dark',
      notifications: {
        privacyMode: true,
        vipSenders: ['boss@contoso.com', 42, 'fabrikam.com'],
        quietHours: { enabled: true, start: 'late', end: '06:00', days: [1, 9, 2] },
      },
      accounts: { a1: { readOnly: 'yes', focusedOnly: true }, a2: 'garbage' },
    };
    const result = prepareSettings(input, log);
    expect(result.settings.pollIntervalMs).toBe(60_000);
    expect(result.settings.theme).toBe('dark');
    expect(result.settings.notifications.privacyMode).toBe(true);
    expect(result.settings.notifications.vipSenders).toEqual(['boss@contoso.com', 'fabrikam.com']);
    expect(result.settings.notifications.quietHours).toMatchObject({ enabled: true, start: '22:00', end: '06:00', days: [1, 2] });
    expect(result.settings.accounts['a1']).toEqual({ notificationsEnabled: true, focusedOnly: true, readOnly: false });
    expect(result.settings.accounts).not.toHaveProperty('a2');
    expect(result.repairs.map((r) => r.field).sort()).toEqual(
      [
        'accounts.a1.readOnly',
        'accounts.a2',
        'notifications.quietHours.days.1',
        'notifications.quietHours.start',
        'notifications.vipSenders.1',
        'pollIntervalMs',
      ].sort(),
    );
    expect(warnings()).toHaveLength(6);
    expect(result.changed).toBe(true);
  });

  it('a non-object is replaced by defaults with a warning, never a throw', () => {
    for (const junk of [null, 42, 'text', [1, 2]]) {
      expect(prepareSettings(junk, log).settings).toEqual(defaultSettings());
    }
    expect(warnings().length).toBeGreaterThanOrEqual(4);
  });

  it('valid settings are left alone', () => {
    const valid = defaultSettings();
    const result = prepareSettings(valid, log);
    expect(result).toMatchObject({ repairs: [], changed: false });
  });

  it('the store repairs a hand-edited file on open and keeps the good fields', async () => {
    await writeFile(settingsFile(), JSON.stringify({ schemaVersion: 2, theme: 'purple', launchAtLogin: false }));
    const store = createSettingsStore({ cwd: dir, log });
    expect(store.get()).toMatchObject({ theme: 'system', launchAtLogin: false });
    expect(store.openReport.repairs).toEqual([expect.objectContaining({ field: 'theme', fix: 'resetToDefault' })]);
    expect(JSON.parse(await readFile(settingsFile(), 'utf8'))).toMatchObject({ theme: 'system', launchAtLogin: false });
  });
});

describe('settings store', () => {
  it('starts from defaults and persists updates across reopen', () => {
    const store = createSettingsStore({ cwd: dir, log });
    expect(store.get()).toEqual(defaultSettings());
    store.update({ theme: 'dark', notifications: { quietHours: { enabled: true } } });
    store.updateAccount('acc-1', { focusedOnly: true });
    const reopened = createSettingsStore({ cwd: dir, log });
    expect(reopened.get().theme).toBe('dark');
    expect(reopened.get().notifications.quietHours).toMatchObject({ enabled: true, start: '22:00' });
    expect(reopened.get().accounts['acc-1']).toEqual({ notificationsEnabled: true, focusedOnly: true, readOnly: false });
    expect(reopened.openReport.repairs).toEqual([]);
  });

  it.runIf(process.platform !== 'win32')('writes the file readable by its owner only (0600)', async () => {
    const store = createSettingsStore({ cwd: dir, log });
    store.update({ theme: 'dark' });
    expect((await stat(settingsFile())).mode & 0o777).toBe(0o600);
  });

  it('rejects an invalid update with a typed error and writes nothing', async () => {
    const store = createSettingsStore({ cwd: dir, log });
    store.update({ theme: 'light' });
    const before = await readFile(settingsFile(), 'utf8');
    expect(() => store.update({ pollIntervalMs: 1_000 })).toThrow(SettingsValidationError);
    expect(() => store.updateAccount('acc', { readOnly: 'no' as unknown as boolean })).toThrow(/accounts\.acc\.readOnly/);
    expect(() => store.updateAccount('', {})).toThrow(SettingsValidationError);
    expect(store.get().theme).toBe('light');
    expect(await readFile(settingsFile(), 'utf8')).toBe(before);
  });

  it('a corrupt JSON file is backed up as *.corrupt-<ts> and defaults are used', async () => {
    await writeFile(settingsFile(), '{"theme": "dark", "pollInt');
    const clock = new FakeClock();
    const store = createSettingsStore({ cwd: dir, log, clock });
    expect(store.get()).toEqual(defaultSettings());
    expect(store.openReport.corruptBackupPath).toBe(`${settingsFile()}.corrupt-2026-11-02T09-00-00-000Z`);
    expect(await readFile(store.openReport.corruptBackupPath!, 'utf8')).toBe('{"theme": "dark", "pollInt');
    expect(warnings().some((line) => String(line['msg']).includes('not valid JSON'))).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['settings.json', 'settings.json.corrupt-2026-11-02T09-00-00-000Z']);
  });

  it('a settings path that cannot be read at all is a typed error naming the file', async () => {
    await mkdir(settingsFile());
    expect(() => createSettingsStore({ cwd: dir, log })).toThrow(SettingsStoreError);
    expect(() => createSettingsStore({ cwd: dir, log })).toThrow(/settings\.json/);
  });

  it('notifies listeners, removes accounts, resets', () => {
    const store = createSettingsStore({ cwd: dir, log });
    const seen: string[] = [];
    const off = store.onChange((settings) => seen.push(settings.theme));
    store.update({ theme: 'dark' });
    store.updateAccount('a', { readOnly: true });
    expect(store.removeAccount('a').accounts).toEqual({});
    off();
    store.update({ theme: 'light' });
    expect(seen).toEqual(['dark', 'dark', 'dark']);
    expect(store.reset()).toEqual(defaultSettings());
  });
});
