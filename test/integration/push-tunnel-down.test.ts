// The user's tunnel dies while push is live: Graph's deliveries would fail quietly and Herald
// would sit on its 40-minute safety net. The tunnel probe notices (two failed probes, five
// minutes apart, through the public URL — no Graph request), push reports failing with why and
// the user's poll interval is back; when the tunnel comes back, push is live again, the safety
// net returns and a catch-up sync runs. Real engine, simulator, receiver and an HTTP "tunnel";
// each probe is run directly (the probe's own timer is unit-tested in push-tunnel-probe.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { PUSH_SAFETY_NET_INTERVAL_MS } from '../../main/core/engine/poll-timing.ts';
import type { PushService } from '../../main/core/push/push-service.ts';
import { TUNNEL_DOWN_REASON } from '../../main/core/push/tunnel-probe.ts';
import type { EngineHarness } from '../support/engine-harness.ts';
import { pollingHarness, pushOnHarness } from '../support/harness-push.ts';
import { startTunnelProxy, type TunnelProxy } from '../support/tunnel-proxy.ts';

const ADA = 'ada@contoso.example';

let h: EngineHarness | undefined;
let service: PushService | undefined;
let tunnel: TunnelProxy | undefined;

afterEach(async () => {
  await service?.stop({ deleteSubscriptions: false });
  await tunnel?.stop();
  await h?.close();
  service = undefined;
  tunnel = undefined;
  h = undefined;
});

describe('push: the tunnel dies and comes back', () => {
  it('failing with why and the user interval while the tunnel is down; live, safety net and a catch-up sync when it is back', async () => {
    const harness = await pollingHarness(ADA, 'Ada Lovelace');
    h = harness;
    const proxy = await startTunnelProxy(() => push.localUrl);
    tunnel = proxy;
    const { push, overrides, syncs } = pushOnHarness(harness, { publicUrl: () => proxy.url });
    service = push;
    await push.start();
    await push.addAccount(ADA);
    expect(push.status()).toMatchObject({ state: 'live', publicUrl: proxy.url });
    expect(overrides.at(-1)).toBe(PUSH_SAFETY_NET_INTERVAL_MS);

    // Reachable: probes change nothing.
    await push.probeTunnel();
    expect(push.status().state).toBe('live');

    await proxy.stop();
    await push.probeTunnel();
    expect(push.status().state, 'one failed probe is not a dead tunnel').toBe('live');
    await push.probeTunnel();
    expect(push.status()).toMatchObject({ state: 'failing', reason: TUNNEL_DOWN_REASON });
    expect(overrides.at(-1)).toBeNull();

    await proxy.start();
    const before = syncs.length;
    await push.probeTunnel();
    expect(push.status()).toMatchObject({ state: 'live', reason: null });
    expect(overrides.at(-1)).toBe(PUSH_SAFETY_NET_INTERVAL_MS);
    expect(syncs.slice(before)).toContain('push:tunnelBack');
  });
});
