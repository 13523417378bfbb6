// The terminal host of `npm run demo -- --terminal`: the engine on the demo tenant, every
// notification Herald would raise printed to the terminal (no popup).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AccountManager } from '../core/accounts/account-manager.ts';
import { heraldClientId } from '../core/accounts/app-registration.ts';
import { systemClock } from '../core/clock.ts';
import { HeraldEngine } from '../core/engine/herald-engine.ts';
import type { Logger } from '../core/log.ts';
import { defaultSettings } from '../core/state/settings-schema.ts';
import { SyncStateStore } from '../core/state/sync-state-store.ts';
import { createTestBrowser } from '../../sim/auto-consent-browser.ts';
import { DEMO_PERSONAL_ACCOUNT, DEMO_WORK_ACCOUNT } from '../../sim/demo-tenant.ts';
import { TerminalSink } from './terminal-sink.ts';

/** Runs until the process ends; returns its own cleanup. */
export async function runTerminalDemo(simUrl: string, pollSeconds: number, logger: Logger): Promise<() => Promise<void>> {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'herald-demo-'));
  const browser = createTestBrowser();
  const accounts = new AccountManager({ clientId: heraldClientId(), identityHostOverride: simUrl, openBrowser: browser.openBrowser });
  const work = await accounts.signInInteractive({ loginHint: DEMO_WORK_ACCOUNT.upn });
  const personal = await accounts.signInInteractive({ loginHint: DEMO_PERSONAL_ACCOUNT.upn });
  const labels = new Map([
    [work.id, 'work'],
    [personal.id, 'personal'],
  ]);
  const settings = { ...defaultSettings(), pollIntervalMs: pollSeconds * 1000 };
  const engine = new HeraldEngine({
    tokens: accounts,
    store: new SyncStateStore({ directory: profileDir, log: logger }),
    settings: () => settings,
    sink: new TerminalSink((id) => labels.get(id) ?? id),
    clock: systemClock,
    logger,
    graphBaseUrl: simUrl,
  });
  await engine.addAccount(work);
  await engine.addAccount(personal);
  engine.start();
  console.log(`Herald (terminal host): ${work.username} (work) and ${personal.username} (personal), checking every ${pollSeconds} s.`);
  console.log('New mail arrives about every 30 s; notifications print below. Ctrl-C to stop.');
  return async () => {
    await engine.stop();
    await rm(profileDir, { recursive: true, force: true });
  };
}
