// A private D-Bus session bus for a test: `dbus-daemon --session` in the background, its address
// read from stdout, stopped by pid. The user's own session bus is never touched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface PrivateBus {
  address: string;
  stop(): Promise<void>;
}

/** Why a private bus cannot run here, or null when it can. */
export function dbusUnavailableReason(): string | null {
  if (process.platform !== 'linux') return `the D-Bus notification tests need Linux (this is ${process.platform})`;
  return spawnSync('sh', ['-c', 'command -v dbus-daemon']).status === 0 ? null : 'dbus-daemon is not installed (apt install dbus)';
}

function readAddress(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon did not print its address')), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffered.slice(0, newline).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited early with code ${code}`));
    });
  });
}

export async function startPrivateBus(): Promise<PrivateBus> {
  // stderr is dropped: in containers dbus-daemon warns that it cannot raise its fd limit.
  const child = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await readAddress(child, 10_000);
  return {
    address,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
