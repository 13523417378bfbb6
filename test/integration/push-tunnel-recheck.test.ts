// When push checks the tunnel at once instead of waiting for the probe's 5-minute timer:
// - "Try again" (applying the settings again) while the tunnel is marked down: the accounts are
//   still live at Graph, so restarting them does nothing; only a probe can tell the tunnel is back.
// - push goes live on subscriptions adopted from the last run: Graph validated their URL then,
//   not now, so the first probe runs right away and counts toward "down".
// Real engine, simulator, receiver and an HTTP "tunnel" (test/support/tunnel-proxy.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { PUSH_SAFETY_NET_INTERVAL_MS } from '../../main/core/engine/poll-timing.ts';
import type { PushService } from '../../main/core/push/push-service.ts';
import { TUNNEL_DOWN_REASON } from '../../main/core/push/tunnel-probe.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { pushOnHarness } from '../support/harness-push.ts';
import { startTunnelProxy, type TunnelProxy } from '../support/tunnel-proxy.ts';

const ADA = 'ada@contoso.example';

let h: EngineHarness | undefined;
let services: PushService[] = [];
let tunnel: TunnelProxy | undefined;

afterEach(async () => {
  for (const service of services) await service.stop({ deleteSubscriptions: false });
  await tunnel?.stop();
  await h?.close();
  services = [];
  tunnel = undefined;
  h = undefined;
});

async function harnessWithAda(): Promise<EngineHarness> {
  const harness = await startEngineHarness();
  h = harness;
  await harness.addAccount(ADA, 'Ada Lovelace');
  harness.engine.start();
  await harness.cycle();
  return harness;
}

describe('push: the tunnel is checked at once when it matters', () => {
  it('applying the settings while the tunnel is down probes it: back → live, safety net and a catch-up sync', async () => {
    const harness = await harnessWithAda();
    const proxy = await startTunnelProxy(() => push.localUrl);
    tunnel = proxy;
    const { push, overrides, syncs } = pushOnHarness(harness, { publicUrl: () => proxy.url });
    services.push(push);
    await push.start();
    await push.addAccount(ADA);
    expect(push.status()).toMatchObject({ state: 'live', publicUrl: proxy.url });

    await proxy.stop();
    await push.probeTunnel();
    await push.probeTunnel();
    expect(push.status()).toMatchObject({ state: 'failing', reason: TUNNEL_DOWN_REASON });
    // Still down: "Try again" reports it is still down (and does not pretend otherwise).
    await push.applySettings();
    expect(push.status()).toMatchObject({ state: 'failing', reason: TUNNEL_DOWN_REASON });

    await proxy.start();
    const before = syncs.length;
    await push.applySettings(); // the user pressed "Try again" / saved the settings
    expect(push.status()).toMatchObject({ state: 'live', reason: null });
    expect(overrides.at(-1)).toBe(PUSH_SAFETY_NET_INTERVAL_MS);
    expect(syncs.slice(before)).toContain('push:tunnelBack');
  });

  it('subscriptions adopted at start-up: the tunnel is probed as push goes live, so the next failure marks it down', async () => {
    const harness = await harnessWithAda();
    let current: PushService | undefined;
    const proxy = await startTunnelProxy(() => current?.localUrl ?? null);
    tunnel = proxy;
    const first = pushOnHarness(harness, { publicUrl: () => proxy.url }).push;
    current = first;
    services.push(first);
    await first.start();
    await first.addAccount(ADA);
    expect(first.status().state).toBe('live');
    const created = first.manager(ADA)?.subscriptions().map((r) => r.id).sort();
    await first.stop({ deleteSubscriptions: false }); // an update restart: the next run adopts

    // The tunnel died while Herald was not running; Graph still has the subscriptions.
    await proxy.stop();
    const second = pushOnHarness(harness, { publicUrl: () => proxy.url }).push;
    current = second;
    services.push(second);
    await second.start();
    await second.addAccount(ADA);
    expect(second.manager(ADA)?.subscriptions().map((r) => r.id).sort(), 'adopted, not recreated').toEqual(created);
    expect(second.status().state, 'one failed probe is not a dead tunnel').toBe('live');
    // The start-up probe already failed once: the next one (the timer's, 5 minutes on) marks it down.
    await second.probeTunnel();
    expect(second.status()).toMatchObject({ state: 'failing', reason: TUNNEL_DOWN_REASON });
  });
});
