// HeraldApp on the simulator: real MSAL Node (signing in through the simulator's identity
// platform with the headless test browser), real Graph over HTTP, real files in a temp profile
// directory, a FakeClock for the engine's timers, and a recording HostPorts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ICachePlugin } from '@azure/msal-node';
import type { AccountView, CallInput, CallName, CallOutcome, CallResult } from '../../preload/contract.ts';
import { HeraldApp } from '../../main/core/app/herald-app.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { silentLogger } from '../../main/core/log.ts';
import { SimAdminClient, type AdminMessageInput } from '../../sim/admin-client.ts';
import { createRecordingHostPorts, type RecordingHostPorts } from './app-host-ports.ts';
import { driveFakeClock } from './graph-fake-time.ts';
import { createMemoryCachePlugin, startIdentityFixture, TEST_CLIENT_ID, type IdentityFixture } from './identity-fixture.ts';

export interface AppHarness {
  fx: IdentityFixture;
  admin: SimAdminClient;
  clock: FakeClock;
  ports: RecordingHostPorts;
  app: HeraldApp;
  profileDir: string;
  cachePlugin: ICachePlugin;
  /** One bridge call, as the renderer makes it. */
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutcome<CallResult<N>>>;
  /** One bridge call that must succeed. */
  ok<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  /** Scripts the simulator's next interactive sign-in as `upn`, then calls accounts.add. */
  signIn(upn: string, mode?: 'readWrite' | 'readOnly'): Promise<AccountView>;
  /** "Check now" for every account, advancing the fake clock through any waits. */
  check(): Promise<void>;
  deliver(upn: string, input: Partial<AdminMessageInput> & { subject: string }): Promise<string>;
  /** A new HeraldApp on the same profile directory and token cache (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startAppHarness(options: { launchAtLoginSupported?: boolean; pushReceiverPort?: number; systemLocale?: string } = {}): Promise<AppHarness> {
  const fx = await startIdentityFixture();
  const admin = new SimAdminClient(fx.sim.url);
  const clock = new FakeClock(Date.now());
  const profileDir = await mkdtemp(path.join(tmpdir(), 'herald-app-'));
  const cachePlugin = createMemoryCachePlugin();
  const ports = createRecordingHostPorts({
    ...(options.launchAtLoginSupported === undefined ? {} : { launchAtLoginSupported: options.launchAtLoginSupported }),
    ...(options.systemLocale === undefined ? {} : { locale: options.systemLocale }),
  });
  const build = () =>
    HeraldApp.create({
      profileDir,
      clientId: TEST_CLIENT_ID,
      ports,
      logger: silentLogger,
      clock,
      identityHostOverride: fx.sim.url,
      graphBaseUrl: fx.sim.url,
      cachePlugin,
      timeZone: 'UTC',
      ...(options.pushReceiverPort !== undefined ? { pushReceiverPort: options.pushReceiverPort } : {}),
    });

  const h: AppHarness = {
    fx,
    admin,
    clock,
    ports,
    app: await build(),
    profileDir,
    cachePlugin,
    call: (name, input) => h.app.dispatch(name, input) as Promise<CallOutcome<CallResult<typeof name>>>,
    async ok(name, input) {
      const outcome = await h.call(name, input);
      if (!outcome.ok) throw new Error(`${name} failed: ${JSON.stringify(outcome.error)}`);
      return outcome.value;
    },
    async signIn(upn, mode = 'readWrite') {
      await fx.admin('/_admin/identity/next-sign-in', { upn });
      return h.ok('accounts.add', { method: 'interactive', mode });
    },
    check: () => driveFakeClock(clock, h.app.checkNow()),
    async deliver(upn, input) {
      const { id } = await admin.addMessage(upn, {
        from: { name: 'Sender', address: 'sender@fabrikam.example' },
        bodyHtml: `<p>${input.subject}</p>`,
        receivedDateTime: new Date(clock.now()).toISOString(),
        ...input,
      });
      return id;
    },
    async restart() {
      await h.app.stop();
      h.app = await build();
    },
    async close() {
      await h.app.stop();
      await fx.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
  return h;
}
