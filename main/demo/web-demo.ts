// The web host on the demo tenant: both demo accounts are signed in through the bridge itself
// (accounts.add, the simulator's auto-consent browser answering the sign-in page), so the popup
// shows mail at once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../core/log.ts';
import { DEMO_PERSONAL_ACCOUNT, DEMO_WORK_ACCOUNT } from '../../sim/demo-tenant.ts';
import { startWebHost, type RunningWebHost } from '../webhost/main.ts';

/** Signs a simulator user in through the app's own `accounts.add` call. */
export async function signInDemoUser(host: RunningWebHost, simUrl: string, upn: string): Promise<void> {
  // The simulator has no login UI: the next sign-in is scripted to this user (sim/identity/admin.ts).
  const scripted = await fetch(`${simUrl}/_admin/identity/next-sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ upn }) });
  if (!scripted.ok) throw new Error(`simulator refused to script the sign-in of ${upn} (${scripted.status})`);
  const outcome = await host.app.dispatch('accounts.add', { method: 'interactive' });
  if (!outcome.ok) throw new Error(`sign-in of ${upn} failed: ${outcome.error.message}`);
}

export async function runWebDemo(simUrl: string, port: number, logger: Logger, rendererDir?: string): Promise<() => Promise<void>> {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'herald-demo-web-'));
  const host = await startWebHost({ profileDir, port, simulatorUrl: simUrl, logger, tokenCache: 'memory', ...(rendererDir ? { rendererDir } : {}) });
  await signInDemoUser(host, simUrl, DEMO_WORK_ACCOUNT.upn);
  await signInDemoUser(host, simUrl, DEMO_PERSONAL_ACCOUNT.upn);
  console.log(`Popup: ${host.popupUrl}`);
  console.log(`Notifications: ${host.notifier ? 'desktop (freedesktop D-Bus)' : 'in the page (click "Enable notifications" in Settings)'}`);
  return async () => {
    await host.close();
    await rm(profileDir, { recursive: true, force: true });
  };
}
