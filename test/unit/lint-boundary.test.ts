// The core boundary rule, proven through ESLint's Node API with the project's own config:
// main/core may not import electron (or its subpaths, or electron-store), main/shell, main/webhost or
// main/demo — statically, with import() or with require(); the shell may.
// https://eslint.org/docs/latest/integrate/nodejs-api#-eslintlinttextcode-options
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: repoRoot });
const RULE = 'no-restricted-imports';

/** The no-restricted-imports messages ESLint reports for `code` as if it lived at `filePath`. */
async function boundaryMessages(code: string, filePath: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('ESLint returned no result');
  // A parse error or an ignored file would also mean "no boundary message": fail loudly instead.
  expect(result.messages.filter((m) => m.fatal === true)).toEqual([]);
  expect(await eslint.isPathIgnored(filePath)).toBe(false);
  return result.messages.filter((m) => m.ruleId === RULE);
}

const electronImport = "import { app } from 'electron';\nexport const ready = app.isReady();\n";
const trayImport = "import { createTray } from '../../shell/tray.ts';\nexport const tray = createTray;\n";
const serverImport = "import { startWebHost } from '../../webhost/server.ts';\nexport const host = startWebHost;\n";

describe('lint: main/core stays free of electron and the hosts', () => {
  it.each([
    ['electron', electronImport],
    ['main/shell', trayImport],
    ['main/webhost', serverImport],
  ])('an import of %s from main/core is an error', async (_what, code) => {
    const messages = await boundaryMessages(code, 'main/core/x/y.ts');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.severity).toBe(2);
  });

  it.each([
    ['electron/main', "import { app } from 'electron/main';\nexport const ready = app.isReady();\n", /Electron-free/],
    ['electron-store', "import Store from 'electron-store';\nexport const store = new Store();\n", /Electron-free/],
    ['import(electron)', "export const electron = await import('electron');\n", /Electron-free/],
    ['import(electron/main)', "export const electron = await import('electron/main');\n", /Electron-free/],
    ['require(electron)', "declare const require: (id: string) => unknown;\nexport const electron = require('electron');\n", /Electron-free/],
    ['import(main/shell)', "export const tray = await import('../../shell/tray.ts');\n", /must not import a host/],
    ['import(main/webhost)', "export const host = await import('../../webhost/server.ts');\n", /must not import a host/],
    ['import(main/demo)', "export const demo = await import('../../demo/cli.ts');\n", /must not import a host/],
  ])('%s from main/core is an error too (subpaths, dynamic import, require)', async (_what, code, reason) => {
    const [result] = await eslint.lintText(code, { filePath: 'main/core/x/y.ts' });
    const boundary = (result?.messages ?? []).filter((m) => m.ruleId === RULE || m.ruleId === 'no-restricted-syntax');
    expect(boundary).toHaveLength(1);
    expect(boundary[0]?.severity).toBe(2);
    expect(boundary[0]?.message).toMatch(reason);
  });

  it('names that look like a host but are not one are not flagged', async () => {
    const code = "export const a = await import('./electron-free.ts');\nexport const b = await import('../state/demo-data.ts');\nexport const c = await import('../shellish.ts');\n";
    const [result] = await eslint.lintText(code, { filePath: 'main/core/x/y.ts' });
    expect((result?.messages ?? []).filter((m) => m.ruleId === RULE || m.ruleId === 'no-restricted-syntax')).toEqual([]);
  });

  it('names the reason in the message', async () => {
    const [electron] = await boundaryMessages(electronImport, 'main/core/x/y.ts');
    expect(electron?.message).toMatch(/Electron-free/);
    const [shell] = await boundaryMessages(trayImport, 'main/core/x/y.ts');
    expect(shell?.message).toMatch(/must not import a host/);
  });

  it('an ordinary core import is not flagged', async () => {
    const code = "import { systemClock } from '../../clock.ts';\nexport const now = systemClock.now();\n";
    expect(await boundaryMessages(code, 'main/core/x/y.ts')).toEqual([]);
  });

  it.each([
    ['electron', "import { app } from 'electron';\nexport const ready = app.isReady();\n"],
    ['main/shell', "import { createTray } from './tray.ts';\nexport const tray = createTray;\n"],
    ['main/webhost', "import { startWebHost } from '../webhost/server.ts';\nexport const host = startWebHost;\n"],
  ])('the same import of %s from main/shell is not flagged by that rule', async (_what, code) => {
    expect(await boundaryMessages(code, 'main/shell/x.ts')).toEqual([]);
  });
});
