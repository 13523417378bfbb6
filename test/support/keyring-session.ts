// A private Secret Service for tests: its own D-Bus session bus and an unlocked gnome-keyring
// (secrets component only) with HOME / XDG dirs in a temp directory, so the user's real keyring
// is never touched. Everything started here is stopped by stop(), by pid.
// libsecret connects to the bus named by DBUS_SESSION_BUS_ADDRESS on first use, so call
// useInThisProcess() before the first keytar (msal-node-extensions) call of the test process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyringSession {
  /** DBUS_SESSION_BUS_ADDRESS of the private bus. */
  busAddress: string;
  dir: string;
  /** Points this process at the private bus (and back on stop()). */
  useInThisProcess(): void;
  stop(): Promise<void>;
}

const TOOLS = ['dbus-daemon', 'gnome-keyring-daemon', 'dbus-send'] as const;

/** Why keyring tests cannot run here, or null when they can. */
export function keyringUnavailableReason(): string | null {
  if (process.platform !== 'linux') return `the Secret Service test needs Linux (this is ${process.platform})`;
  const missing = TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  return missing.length > 0 ? `missing ${missing.join(', ')} (install the packages dbus, gnome-keyring and libsecret-1-0)` : null;
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
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

function secretsServiceRegistered(env: NodeJS.ProcessEnv): boolean {
  const check = spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
    { env, encoding: 'utf8' },
  );
  return check.status === 0 && /boolean true/.test(check.stdout);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startKeyringSession(password = 'herald-test'): Promise<KeyringSession> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-keyring-'));
  const home = join(dir, 'home');
  const runtime = join(dir, 'run');
  await mkdir(home, { recursive: true });
  await mkdir(runtime, { recursive: true, mode: 0o700 });

  // stderr is dropped: in containers dbus-daemon warns that it cannot raise its fd limit.
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const started: ChildProcess[] = [bus];
  const stopAll = async () => {
    for (const child of started.reverse()) await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const busAddress = await firstLine(bus, 10_000);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: busAddress,
      HOME: home,
      XDG_RUNTIME_DIR: runtime,
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CONFIG_HOME: join(home, '.config'),
    };
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    started.push(keyring);
    // --unlock reads the login keyring password from stdin (and creates the keyring with it).
    keyring.stdin?.end(password);
    for (let attempt = 0; !secretsServiceRegistered(env); attempt++) {
      if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited with code ${keyring.exitCode}`);
      if (attempt > 100) throw new Error('gnome-keyring-daemon did not register org.freedesktop.secrets');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const previous = process.env.DBUS_SESSION_BUS_ADDRESS;
    let applied = false;
    return {
      busAddress,
      dir,
      useInThisProcess: () => {
        process.env.DBUS_SESSION_BUS_ADDRESS = busAddress;
        applied = true;
      },
      stop: async () => {
        if (applied) {
          if (previous === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
          else process.env.DBUS_SESSION_BUS_ADDRESS = previous;
        }
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
