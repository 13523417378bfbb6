// The opt-in mailbox concurrency limit: requests over it answer 429 ApplicationThrottled with
// Retry-After; the simulator reports the most requests it saw in flight per mailbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';

let sim: RunningSimulator;
let admin: SimAdminClient;
let graph: SimGraphClient;
let userId: string;

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  userId = (await admin.addUser({ upn: 'busy@contoso.example', displayName: 'Busy' })).id;
  graph = new SimGraphClient(sim.url, (await admin.token('busy@contoso.example')).accessToken);
});
afterAll(() => sim.close());

describe('mailbox concurrency', () => {
  it('is measured always and enforced when switched on', async () => {
    // Hold each request long enough that all four are in flight together.
    await admin.addFault({ kind: 'latency', latencyMs: 1500, path: '/me/mailFolders', times: 4 });
    await admin.setMailboxConcurrency(2);
    const results = await Promise.all(Array.from({ length: 4 }, () => graph.get('/me/mailFolders/inbox')));
    const throttled = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(throttled).toHaveLength(2);
    expect(throttled[0]?.body).toMatchObject({ error: { code: 'ApplicationThrottled' } });
    expect(throttled[0]?.headers.get('retry-after')).toBe('1');
    expect((await admin.throttling()).peaks[userId]).toBe(4);

    await admin.setMailboxConcurrency(null);
    await admin.resetConcurrencyPeaks();
    expect((await graph.get('/me/mailFolders/inbox')).status).toBe(200);
    expect((await admin.throttling()).peaks[userId]).toBe(1);
    await expect(admin.setMailboxConcurrency(0)).rejects.toMatchObject({ status: 400 });
  });
});
