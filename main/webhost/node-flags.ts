// Node flags the web host runs with. It is a long-lived, mostly idle process: V8's default young
// generation (semi-spaces up to 16 MiB each) keeps tens of MB of RSS committed for allocation
// bursts an idle tray app rarely has. Measured by `npm run bench` (core_rss_mb: the web host with
// two accounts after 1,000 poll cycles): 150 MB with the defaults, 115 MB with 1 MiB
// semi-spaces, the JS heap unchanged at ~22 MB. V8 reads these flags only at start-up, so a
// launcher that was started without them starts the host again with them.
import { spawn } from 'node:child_process';

export const WEB_HOST_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/**
 * If this process lacks `flags`, runs the same command again as a child with them (stdio
 * inherited, signals forwarded, its exit code passed on) and returns true: the caller then does
 * nothing more. Returns false when the flags are already in effect.
 */
export function relaunchWithNodeFlags(flags: readonly string[] = WEB_HOST_NODE_FLAGS): boolean {
  const missing = flags.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0 || process.env.HERALD_NO_RELAUNCH === '1') return false;
  const child = spawn(process.execPath, [...missing, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, HERALD_NO_RELAUNCH: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}
