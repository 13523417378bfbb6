// `npm run bench`: starts the simulator in a child process, runs each benchmark group against
// it, and merges the figures into bench/results.json. Prints one line per figure.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { bigInboxFigures, burstFigures, idleFigures } from './core-bench.ts';
import { pushFigures } from './push-bench.ts';
import { rendererBuilt, rendererFigures } from './renderer-bench.ts';
import { mergeResults, type Figure } from './results-file.ts';
import { coreRssFigures } from './webhost-bench.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function startSimProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'sim/cli.ts'), '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Simulator: (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited early (${code})`)));
  });
  return { url, child };
}

async function main(): Promise<void> {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    console.warn('bench: run with --expose-gc for heap figures (npm run bench does)');
  }
  const { url, child } = await startSimProcess();
  const admin = new SimAdminClient(url);
  const figures: Record<string, Figure> = {};
  try {
    Object.assign(figures, await idleFigures(url, admin));
    Object.assign(figures, await bigInboxFigures(url, admin));
    Object.assign(figures, await burstFigures(url, admin));
    Object.assign(figures, await pushFigures(url, admin));
    Object.assign(figures, await coreRssFigures(url, admin));
    // The renderer figures need the built popup (npm run build:renderer) and Debian's Chromium.
    if (rendererBuilt()) Object.assign(figures, await rendererFigures());
    else console.warn('bench: out/renderer is not built (npm run build:renderer): popup_ready_ms, list_scroll_p95_frame_ms and renderer_gzip_kb skipped');
  } finally {
    child.kill('SIGTERM');
  }
  await mergeResults(path.join(root, 'bench/results.json'), figures);
  for (const [name, f] of Object.entries(figures)) {
    const base = f.baseline !== undefined ? ` (baseline ${f.baseline})` : '';
    console.log(`${f.met === false ? 'MISS' : 'ok  '} ${name}: ${f.value} ${f.unit}${base}  target ${f.target ?? '-'}${f.note ? `  — ${f.note}` : ''}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
