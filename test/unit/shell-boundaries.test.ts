// Only the composition root may load the real 'electron' module: every adapter takes its Electron
// pieces injected (so it runs under plain Node in these tests) and imports Electron for types only.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { electronAvailability } from '../electron/electron-binary.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const VALUE_IMPORT_OF_ELECTRON = /^\s*import\s+(?!type\b)[^;]*from\s+['"]electron['"]/m;

describe('Electron boundaries', () => {
  it('only main/shell/main.ts and preload/index.ts import electron as a value', () => {
    const shellFiles = readdirSync(join(ROOT, 'main/shell')).filter((f) => f.endsWith('.ts'));
    const offenders = shellFiles.filter((f) => f !== 'main.ts' && VALUE_IMPORT_OF_ELECTRON.test(readFileSync(join(ROOT, 'main/shell', f), 'utf8')));
    expect(offenders).toEqual([]);
    expect(VALUE_IMPORT_OF_ELECTRON.test(readFileSync(join(ROOT, 'main/shell/main.ts'), 'utf8'))).toBe(true);
    expect(VALUE_IMPORT_OF_ELECTRON.test("import type { App } from 'electron';")).toBe(false);
    expect(VALUE_IMPORT_OF_ELECTRON.test("import { app } from 'electron';")).toBe(true);
  });

  it('test hooks are installed only under HERALD_E2E=1', () => {
    const main = readFileSync(join(ROOT, 'main/shell/main.ts'), 'utf8');
    expect(main).toMatch(/if \(e2e\) setupE2eHooks\(/);
    expect(main).toMatch(/const e2e = e2eEnabled\(process\.env\)/);
  });
});

describe('electronAvailability (the _electron suite skips with a reason)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function repo(withPathTxt: boolean, withBinary: boolean, built: boolean): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'herald-repo-'));
    dirs.push(root);
    await mkdir(join(root, 'node_modules/electron/dist'), { recursive: true });
    if (withPathTxt) await writeFile(join(root, 'node_modules/electron/path.txt'), 'electron');
    if (withBinary) await writeFile(join(root, 'node_modules/electron/dist/electron'), '');
    if (built) {
      await mkdir(join(root, 'out/main'), { recursive: true });
      await mkdir(join(root, 'out/renderer'), { recursive: true });
      await writeFile(join(root, 'out/main/index.js'), '');
      await writeFile(join(root, 'out/renderer/index.html'), '');
    }
    return root;
  }

  it('no path.txt, no override: skipped, saying why', async () => {
    const result = electronAvailability(await repo(false, false, true), {});
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.reason).toMatch(/Electron binary not installed: .*path\.txt is missing/);
  });

  it('path.txt naming a missing file: skipped', async () => {
    const result = electronAvailability(await repo(true, false, true), {});
    if (result.ok) throw new Error('expected a skip');
    expect(result.reason).toMatch(/does not exist/);
  });

  it('binary present but the app not built: skipped, saying to build', async () => {
    const result = electronAvailability(await repo(true, true, false), {});
    if (result.ok) throw new Error('expected a skip');
    expect(result.reason).toMatch(/npm run build/);
  });

  it('binary and build present: runs; ELECTRON_OVERRIDE_DIST_PATH replaces dist/', async () => {
    const root = await repo(true, true, true);
    expect(electronAvailability(root, {})).toEqual({ ok: true, binary: join(root, 'node_modules/electron/dist/electron'), entry: join(root, 'out/main/index.js') });
    const override = await mkdtemp(join(tmpdir(), 'herald-electron-dist-'));
    dirs.push(override);
    await writeFile(join(override, 'electron'), '');
    expect(electronAvailability(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toMatchObject({ ok: true, binary: join(override, 'electron') });
  });
});
