// electron-builder.yml is checked key by key (a real packaging run downloads Electron, so it is
// not run here). Parsed with js-yaml, the parser electron-builder itself reads the file with.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_USER_MODEL_ID } from '../../main/shell/platform-setup.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

const section = (key: string) => config[key] as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('app id (= the Windows AppUserModelID), product name, protocol scheme', () => {
    expect(config.appId).toBe('app.herald.desktop');
    expect(config.appId).toBe(APP_USER_MODEL_ID);
    expect(config.productName).toBe('Herald');
    expect(config.protocols).toEqual([{ name: 'Herald', schemes: ['herald'] }]);
  });

  it('ships the built out/** with the bundled main as entry', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(section('extraMetadata').main).toBe('out/main/index.js');
    expect(section('directories').buildResources).toBe('resources');
  });

  it('native modules are unpacked from the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/keytar/**']));
  });

  it('targets: Windows nsis, macOS dmg (tray-only: LSUIElement), Linux AppImage and deb', () => {
    expect(section('win').target).toEqual(['nsis']);
    expect(section('mac').target).toEqual(['dmg']);
    expect((section('mac').extendInfo as Record<string, unknown>).LSUIElement).toBe(true);
    expect(section('linux').target).toEqual(['AppImage', 'deb']);
    expect(section('deb').depends).toEqual(expect.arrayContaining(['libsecret-1-0']));
  });

  it('only keys electron-builder knows (a typo would be ignored silently by a loose reader)', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      definitions: Record<string, { properties?: Record<string, unknown> }>;
    };
    const known = Object.keys(schema.properties);
    expect(known.length).toBeGreaterThan(50);
    for (const key of Object.keys(config)) expect(known, key).toContain(key);
    const macKeys = Object.keys(schema.definitions.MacConfiguration?.properties ?? {});
    for (const key of Object.keys(section('mac'))) expect(macKeys, `mac.${key}`).toContain(key);
    const linuxKeys = Object.keys(schema.definitions.LinuxConfiguration?.properties ?? {});
    for (const key of Object.keys(section('linux'))) expect(linuxKeys, `linux.${key}`).toContain(key);
  });
});
