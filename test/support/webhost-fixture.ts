// A simulator and a real web host (real HeraldApp, real MSAL Node against the simulator, real
// HTTP + WebSocket on loopback) with a fresh profile directory, for the web host's integration
// tests and the Playwright fixtures. Users sign in through the bridge's own `accounts.add`.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../main/core/log.ts';
import { DEFAULT_RENDERER_DIR, startWebHost, type RunningWebHost, type WebHostOptions } from '../../main/webhost/main.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { connectBridge, openSession, type BridgeClient } from './webhost-client.ts';

export const WORK_USER = { upn: 'adele.vance@contoso.example', displayName: 'Adele Vance', kind: 'work' } as const;
export const PERSONAL_USER = { upn: 'megan.bowen@outlook.com', displayName: 'Megan Bowen', kind: 'personal' } as const;

export interface WebHostFixture {
  sim: RunningSimulator;
  admin: SimAdminClient;
  profileDir: string;
  host: RunningWebHost;
  /** Commands the host ran to open URLs (nothing is really opened). */
  opened: { command: string; args: string[] }[];
  /** A bridge client with a session, like a page that opened the popup URL. */
  connect(): Promise<BridgeClient>;
  /** Scripts the simulator's next sign-in to `upn` and runs `accounts.add` through the app; returns the account id. */
  signIn(upn: string): Promise<string>;
  /** Stops the web host and starts a new one on the same profile directory. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface WebHostFixtureOptions extends Partial<Pick<WebHostOptions, 'notifications' | 'dbusAddress' | 'rendererDir'>> {
  users?: readonly { upn: string; displayName: string; kind: 'work' | 'personal' }[];
}

/** A renderer directory: the real build when present, else a one-line page (Node tests need no UI). */
async function rendererDir(scratch: string): Promise<string> {
  if (existsSync(path.join(DEFAULT_RENDERER_DIR, 'index.html'))) return DEFAULT_RENDERER_DIR;
  const dir = path.join(scratch, 'renderer');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Herald</title>');
  return dir;
}

export async function startWebHostFixture(options: WebHostFixtureOptions = {}): Promise<WebHostFixture> {
  const sim = await startSimulator();
  const admin = new SimAdminClient(sim.url);
  for (const user of options.users ?? [WORK_USER, PERSONAL_USER]) await admin.addUser({ ...user });
  const scratch = await mkdtemp(path.join(tmpdir(), 'herald-webhost-'));
  const profileDir = path.join(scratch, 'profile');
  await mkdir(profileDir, { recursive: true });
  const renderer = options.rendererDir ?? (await rendererDir(scratch));
  const opened: { command: string; args: string[] }[] = [];
  const logger = createLogger({ level: process.env.HERALD_TEST_LOG === 'debug' ? 'debug' : 'silent' });
  const launch = () =>
    startWebHost({
      profileDir,
      port: 0,
      simulatorUrl: sim.url,
      rendererDir: renderer,
      logger,
      tokenCache: 'plaintext',
      notifications: options.notifications ?? 'page',
      ...(options.dbusAddress ? { dbusAddress: options.dbusAddress } : {}),
      runCommand: async (command, args) => {
        opened.push({ command, args });
      },
    });
  let host = await launch();
  const clients: BridgeClient[] = [];
  const fixture: WebHostFixture = {
    sim,
    admin,
    profileDir,
    get host() {
      return host;
    },
    opened,
    connect: async () => {
      const cookie = await openSession(host.popupUrl);
      const client = await connectBridge(host.origin, cookie);
      clients.push(client);
      return client;
    },
    signIn: async (upn) => {
      const scripted = await fetch(`${sim.url}/_admin/identity/next-sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ upn }) });
      if (!scripted.ok) throw new Error(`next-sign-in answered ${scripted.status}`);
      const outcome = await host.app.dispatch('accounts.add', { method: 'interactive' });
      if (!outcome.ok) throw new Error(`sign-in failed: ${outcome.error.code} ${outcome.error.message}`);
      return (outcome.value as { id: string }).id;
    },
    restart: async () => {
      await host.close();
      host = await launch();
    },
    close: async () => {
      for (const client of clients) client.close();
      await host.close();
      await sim.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
  return fixture;
}
