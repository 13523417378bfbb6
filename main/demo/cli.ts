// `npm run demo`: Herald on the simulator's demo tenant (two accounts, new mail about every 30 s,
// meetings starting soon). The host is Electron where its binary is installed, otherwise the web
// host (open the printed Popup URL). `-- --web` forces the web host, `-- --terminal` prints
// notifications in the terminal instead of showing a popup. It builds what it runs first
// (build-app.ts); HERALD_RENDERER_DIR puts the web host's popup build elsewhere (tests).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCrashGuard } from '../core/crash-guard.ts';
import { createLogger, scrubString } from '../core/log.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { seedDemoTenant, startDemoScheduler } from '../../sim/demo-tenant.ts';
import { startSimulator } from '../../sim/server.ts';
import { buildElectronApp, buildPopup } from './build-app.ts';
import { findElectronBinary } from './electron-binary.ts';
import { runTerminalDemo } from './terminal-demo.ts';
import { runWebDemo } from './web-demo.ts';
import { DEFAULT_RENDERER_DIR } from '../webhost/main.ts';
import { relaunchWithNodeFlags } from '../webhost/node-flags.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ELECTRON_ENTRY = path.join(REPO_ROOT, 'out', 'main', 'index.js');
const USAGE = 'usage: npm run demo -- [--web | --terminal] [--port N (simulator)] [--popup-port N (web host)] [--poll SECONDS (>= 15, terminal)]';

interface DemoArgs {
  host: 'auto' | 'web' | 'terminal';
  port: number;
  popupPort: number;
  pollSeconds: number;
}

function parsePort(value: string | undefined): number | null {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n >= 0 && n < 65536 ? n : null;
}

function parseArgs(argv: string[]): DemoArgs {
  const args: DemoArgs = { host: 'auto', port: 0, popupPort: 0, pollSeconds: 15 };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const port = parsePort(argv[i + 1]);
    if (flag === '--web') args.host = 'web';
    else if (flag === '--terminal') args.host = 'terminal';
    else if (flag === '--port' && port !== null) {
      args.port = port;
      i += 1;
    } else if (flag === '--popup-port' && port !== null) {
      args.popupPort = port;
      i += 1;
    } else if (flag === '--poll' && Number(argv[i + 1]) >= 15) {
      args.pollSeconds = Number(argv[i + 1]);
      i += 1;
    } else {
      console.error(`demo: unknown option ${flag}\n${USAGE}`);
      process.exit(2);
    }
  }
  return args;
}

/** Electron when its binary is installed; the reason otherwise. */
function electronLaunch(): { binary: string } | { reason: string } {
  const binary = findElectronBinary(REPO_ROOT);
  return binary ? { binary } : { reason: 'no Electron binary installed' };
}

/** Builds what the chosen host runs; exits with the build's error (nothing else started yet). */
async function buildFor(host: 'electron' | 'web', rendererDir: string): Promise<void> {
  console.log(host === 'electron' ? 'Building Herald (popup and Electron bundles)…' : 'Building the popup…');
  try {
    if (host === 'electron') await buildElectronApp(DEFAULT_RENDERER_DIR);
    else await buildPopup(rendererDir);
  } catch (err) {
    console.error(`demo: the build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  if (host === 'electron' && !existsSync(ELECTRON_ENTRY)) {
    console.error(`demo: the build wrote no ${ELECTRON_ENTRY}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // The web host runs with its measured memory settings (main/webhost/node-flags.ts).
  if (args.host !== 'terminal' && relaunchWithNodeFlags()) return;
  const logger = createLogger({ level: process.env.HERALD_LOG_LEVEL === 'debug' ? 'debug' : 'warn' });
  installCrashGuard({ logger });
  const electron = args.host === 'auto' ? electronLaunch() : { reason: `--${args.host}` };
  const rendererDir = process.env.HERALD_RENDERER_DIR || DEFAULT_RENDERER_DIR;
  if (args.host !== 'terminal') await buildFor('binary' in electron ? 'electron' : 'web', rendererDir);
  const sim = await startSimulator({ port: args.port });
  const admin = new SimAdminClient(sim.url);
  const tenant = await seedDemoTenant(admin);
  const scheduler = startDemoScheduler(admin, tenant);
  console.log(`Simulator: ${sim.url}`);

  let stopHost: () => Promise<void> = async () => undefined;
  if ('binary' in electron) {
    console.log(`Herald (Electron): ${electron.binary}`);
    const child = spawn(electron.binary, [ELECTRON_ENTRY], { stdio: 'inherit', env: { ...process.env, HERALD_SIM_URL: sim.url } });
    child.on('exit', (code) => void stop(code ?? 0));
    stopHost = async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    };
  } else if (args.host === 'terminal') {
    stopHost = await runTerminalDemo(sim.url, args.pollSeconds, logger);
  } else {
    if (args.host === 'auto') console.log(`Herald (web host): ${electron.reason}.`);
    stopHost = await runWebDemo(sim.url, args.popupPort, logger, rendererDir);
    console.log('New mail arrives about every 30 s. Ctrl-C to stop.');
  }

  let stopping = false;
  async function stop(code = 0): Promise<void> {
    if (stopping) return;
    stopping = true;
    scheduler.stop();
    await stopHost().catch(() => undefined);
    await sim.close();
    process.exit(code);
  }
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error('demo failed:', scrubString(err instanceof Error ? err.message : String(err)));
  process.exit(1);
});
