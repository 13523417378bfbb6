// A private Secret Service for tests: its own D-Bus session bus and an unlocked gnome-keyring
// (secrets component only) with HOME / XDG dirs in a temp directory, so the user's real keyring
// is never touched. Everything started here is stopped by stop(), by pid.
// libsecret connects to the bus named by DBUS_SESSION_BUS_ADDRESS on first use, so call
// useInThisProcess() before the first keytar (msal-node-extensions) call of the test process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateBus, type PrivateBus } from './dbus-session.ts';

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

  const started: ChildProcess[] = [];
  let bus: PrivateBus | undefined;
  const stopAll = async () => {
    for (const child of started.reverse()) await stopChild(child);
    await bus?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    bus = await startPrivateBus();
    const busAddress = bus.address;
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
