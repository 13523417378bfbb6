// The demo builds what it runs, every time: `npm install && npm run demo` on a fresh clone has no
// out/ (it is not committed), and after an edit a stale build would show yesterday's popup. The
// popup is a Vite build (about a second); the Electron bundles (esbuild) only when Electron runs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds the Svelte popup into `outDir` with the project's vite.config.ts; throws if it fails. */
export async function buildPopup(outDir: string): Promise<void> {
  // Vite is a dev dependency, loaded only here: the demo is a development tool.
  const { build } = await import('vite');
  await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  if (!existsSync(path.join(outDir, 'index.html'))) throw new Error(`the popup build wrote no index.html into ${outDir}`);
}

/** Builds the popup and the Electron main/preload bundles (out/), as `npm run build` does. */
export async function buildElectronApp(rendererDir: string): Promise<void> {
  await buildPopup(rendererDir);
  const { buildElectron } = await import('../shell/build.ts');
  await buildElectron(REPO_ROOT);
}
