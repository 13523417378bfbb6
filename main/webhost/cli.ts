// `tsx main/webhost/cli.ts [--port N] [--profile DIR] [--sim URL]`: Herald's web host on its own.
// Prints the popup URL (with the per-launch secret) to open in a browser.
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { installCrashGuard } from '../core/crash-guard.ts';
import { createLogger, scrubString } from '../core/log.ts';
import { startWebHost } from './main.ts';
import { relaunchWithNodeFlags } from './node-flags.ts';

export interface WebHostCliArgs {
  port: number;
  profileDir: string;
  simulatorUrl?: string;
}

export function parseWebHostArgs(argv: readonly string[]): WebHostCliArgs | { error: string } {
  const args: WebHostCliArgs = { port: 0, profileDir: process.env.HERALD_PROFILE_DIR ?? path.join(homedir(), '.config', 'herald-web') };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--port' && value !== undefined && /^\d+$/.test(value) && Number(value) < 65536) args.port = Number(value);
    else if (flag === '--profile' && value) args.profileDir = path.resolve(value);
    else if (flag === '--sim' && value && /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(value)) args.simulatorUrl = value.replace(/\/$/, '');
    else return { error: `unknown or malformed option ${flag ?? ''}` };
    i += 1;
  }
  return args;
}

async function main(): Promise<void> {
  const parsed = parseWebHostArgs(process.argv.slice(2));
  if ('error' in parsed) {
    console.error(`webhost: ${parsed.error}\nusage: tsx main/webhost/cli.ts [--port N] [--profile DIR] [--sim http://127.0.0.1:PORT]`);
    process.exit(2);
  }
  await mkdir(parsed.profileDir, { recursive: true, mode: 0o700 });
  const logger = createLogger({ level: process.env.HERALD_LOG_LEVEL === 'debug' ? 'debug' : 'warn' });
  installCrashGuard({ logger });
  const host = await startWebHost({ port: parsed.port, profileDir: parsed.profileDir, logger, ...(parsed.simulatorUrl ? { simulatorUrl: parsed.simulatorUrl } : {}) });
  console.log(`Popup: ${host.popupUrl}`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename) && !relaunchWithNodeFlags()) {
  main().catch((err: unknown) => {
    console.error('webhost failed:', scrubString(err instanceof Error ? err.message : String(err)));
    process.exit(1);
  });
}
