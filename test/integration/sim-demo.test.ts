// The demo tenant's scheduler: each tick delivers one unread message and keeps a meeting soon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';
import { seedDemoTenant, startDemoScheduler, type DemoTenant } from '../../sim/demo-tenant.ts';

let sim: RunningSimulator;
let admin: SimAdminClient;
let tenant: DemoTenant;

function seeded(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 16807) % 2147483647) / 2147483647);
}

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  tenant = await seedDemoTenant(admin, { random: seeded(1) });
});
afterAll(() => sim.close());

describe('demo scheduler', () => {
  it('delivers new unread mail on each tick and schedules a meeting when none starts soon', async () => {
    let now = Date.now();
    const scheduler = startDemoScheduler(admin, tenant, { intervalMs: 3_600_000, now: () => now, random: seeded(2) });
    try {
      const inboxTotal = async (upn: string) => (await admin.folders(upn)).find((f) => f.wellKnownName === 'inbox')?.totalItemCount;
      const before = await inboxTotal(tenant.work.upn);
      await scheduler.tick();
      expect(await inboxTotal(tenant.work.upn)).toBe((before ?? 0) + 1);

      const graph = new SimGraphClient(sim.url, (await admin.token(tenant.work.upn)).accessToken);
      const countSoon = async () => {
        const view = await graph.get(`/me/calendarView?startDateTime=${new Date(now).toISOString()}&endDateTime=${new Date(now + 15 * 60_000).toISOString()}&$top=50`);
        return (view.body['value'] as unknown[]).length;
      };
      now += 60 * 60_000; // an hour later: the seeded standup is long over
      expect(await countSoon()).toBe(0);
      await scheduler.tick();
      expect(await countSoon()).toBe(1);
    } finally {
      scheduler.stop();
    }
  });
});
