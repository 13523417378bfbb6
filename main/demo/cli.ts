// `npm run demo`: Herald on the simulator's demo tenant. Starts the simulator (two accounts, new
// mail about every 30 s, meetings starting soon), signs both accounts in through the real MSAL
// Node against it, and runs the engine. Until the desktop shell and web host land, the host is
// the terminal: every notification Herald would raise is printed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AccountManager } from '../core/accounts/account-manager.ts';
import { heraldClientId } from '../core/accounts/app-registration.ts';
import { systemClock } from '../core/clock.ts';
import { HeraldEngine } from '../core/engine/herald-engine.ts';
import { createLogger } from '../core/log.ts';
import { defaultSettings } from '../core/state/settings-schema.ts';
import { SyncStateStore } from '../core/state/sync-state-store.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { createTestBrowser } from '../../sim/auto-consent-browser.ts';
import { DEMO_PERSONAL_ACCOUNT, DEMO_WORK_ACCOUNT, seedDemoTenant, startDemoScheduler } from '../../sim/demo-tenant.ts';
import { startSimulator } from '../../sim/server.ts';
import { TerminalSink } from './terminal-sink.ts';

interface DemoArgs {
  port: number;
  pollSeconds: number;
}

function parseArgs(argv: string[]): DemoArgs {
  const args: DemoArgs = { port: 0, pollSeconds: 15 };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    if (flag === '--port' && Number.isInteger(value) && value >= 0 && value < 65536) {
      args.port = value;
      i += 1;
    } else if (flag === '--poll' && Number.isFinite(value) && value >= 15) {
      args.pollSeconds = value;
      i += 1;
    } else if (flag === '--web') console.error('demo: the web host arrives with the desktop-app issue; running the terminal host.');
    else {
      console.error(`demo: unknown option ${flag}\nusage: npm run demo -- [--port N] [--poll SECONDS (>= 15)]`);
      process.exit(2);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sim = await startSimulator({ port: args.port });
  const admin = new SimAdminClient(sim.url);
  const tenant = await seedDemoTenant(admin);
  const scheduler = startDemoScheduler(admin, tenant);
  const profileDir = await mkdtemp(path.join(tmpdir(), 'herald-demo-'));
  const logger = createLogger({ level: process.env.HERALD_LOG_LEVEL === 'debug' ? 'debug' : 'warn' });

  const browser = createTestBrowser();
  const accounts = new AccountManager({ clientId: heraldClientId(), identityHostOverride: sim.url, openBrowser: browser.openBrowser });
  const work = await accounts.signInInteractive({ loginHint: DEMO_WORK_ACCOUNT.upn });
  const personal = await accounts.signInInteractive({ loginHint: DEMO_PERSONAL_ACCOUNT.upn });
  const labels = new Map([
    [work.id, 'work'],
    [personal.id, 'personal'],
  ]);

  const settings = { ...defaultSettings(), pollIntervalMs: args.pollSeconds * 1000 };
  const engine = new HeraldEngine({
    tokens: accounts,
    store: new SyncStateStore({ directory: profileDir, log: logger }),
    settings: () => settings,
    sink: new TerminalSink((id) => labels.get(id) ?? id),
    clock: systemClock,
    logger,
    graphBaseUrl: sim.url,
  });
  await engine.addAccount(work);
  await engine.addAccount(personal);
  engine.start();

  console.log(`Simulator: ${sim.url}`);
  console.log(`Herald (terminal host): ${work.username} (work) and ${personal.username} (personal), checking every ${args.pollSeconds} s.`);
  console.log('New mail arrives about every 30 s; notifications print below. Ctrl-C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    scheduler.stop();
    await engine.stop();
    await sim.close();
    await rm(profileDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error('demo failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
