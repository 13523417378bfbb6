// Bundles the Electron main process (out/main/index.js, ESM, Node 22 in Electron 45) and the
// sandboxed preload (out/preload/index.js, CommonJS — sandboxed preloads cannot be ES modules:
// https://www.electronjs.org/docs/latest/tutorial/esm#sandboxed-preload-scripts-cant-use-esm-imports)
// with esbuild, then writes the icons into resources/. `npm run build:electron` runs this.
//
// The preload must stay tiny and carry no zod: the build fails if it requires anything but
// 'electron' or contains zod.
import { build, type BuildOptions, type OutputFile } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIcons } from './generate-icons.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function mainBuildOptions(root = ROOT): BuildOptions {
  return {
    entryPoints: [join(root, 'main/shell/main.ts')],
    outfile: join(root, 'out/main/index.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // npm packages (pino, msal, keytar…) load from node_modules at run time; native ones are
    // unpacked from the asar by electron-builder.yml.
    packages: 'external',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  };
}

export function preloadBuildOptions(root = ROOT): BuildOptions {
  return {
    entryPoints: [join(root, 'preload/index.ts')],
    outfile: join(root, 'out/preload/index.js'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    logLevel: 'warning',
  };
}

/** Problems with a preload bundle's text: foreign requires, zod. */
export function preloadBundleProblems(code: string): string[] {
  const problems: string[] = [];
  const requires = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  for (const name of requires) if (name !== 'electron') problems.push(`requires "${name}" (only "electron" is allowed)`);
  if (/\bzod\b|ZodError|\$ZodType/.test(code)) problems.push('contains zod');
  return problems;
}

export async function bundlePreload(root = ROOT, write = true): Promise<string> {
  const result = await build({ ...preloadBuildOptions(root), write });
  const file: OutputFile | undefined = result.outputFiles?.[0];
  return file ? file.text : '';
}

export async function buildElectron(root = ROOT): Promise<void> {
  await build(mainBuildOptions(root));
  const preload = await build({ ...preloadBuildOptions(root), write: false });
  const output = preload.outputFiles[0];
  if (!output) throw new Error('preload: no output');
  const problems = preloadBundleProblems(output.text);
  if (problems.length > 0) throw new Error(`preload bundle: ${problems.join('; ')}`);
  await build(preloadBuildOptions(root));
  await writeIcons(join(root, 'resources'));
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  await buildElectron();
  console.log('build:electron: out/main/index.js, out/preload/index.js, resources/ icons');
}
