// The benchmarks' shape: 100,000 messages seeded in bulk, then a 14-day filtered delta round
// touches only the window (and never more than the ~5,000 cap).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';
import { MAIL_DELTA_FILTERED_CAP } from '../../sim/graph/mail-delta.ts';

const DAY = 86_400_000;
let sim: RunningSimulator;
let admin: SimAdminClient;
const upn = 'big@contoso.example';

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn, displayName: 'Big Inbox' });
});
afterAll(() => sim.close());

describe('a 100,000-message inbox', () => {
  it('seeds in bulk and serves a small filtered first round', async () => {
    const end = Date.now();
    const seeded = await admin.bulkMessages(upn, { count: 100_000, startDateTime: new Date(end - 365 * DAY).toISOString(), endDateTime: new Date(end).toISOString(), seed: 3 });
    expect(seeded.count).toBe(100_000);
    const inbox = (await admin.folders(upn)).find((f) => f.wellKnownName === 'inbox');
    expect(inbox?.totalItemCount).toBe(100_000);

    const graph = new SimGraphClient(sim.url, (await admin.token(upn)).accessToken);
    await admin.clearRequests();
    const since = new Date(end - 14 * DAY).toISOString();
    const round = await graph.deltaRound(`${sim.url}/v1.0/me/mailFolders('inbox')/messages/delta?$select=subject,isRead,receivedDateTime&$filter=receivedDateTime ge ${since}`, {
      prefer: 'odata.maxpagesize=1000',
    });
    // 14 of 365 days ≈ 3,836 messages: the window, not the mailbox.
    expect(round.items.length).toBeGreaterThan(3_500);
    expect(round.items.length).toBeLessThan(4_200);
    expect(round.pages).toBe(4);
    expect(round.items.every((m) => Date.parse(String(m['receivedDateTime'])) >= Date.parse(since))).toBe(true);
    const log = await admin.requests();
    expect(log).toHaveLength(4);

    // A wide window is capped like Graph's filtered delta.
    const wide = await graph.deltaRound(`${sim.url}/v1.0/me/mailFolders('inbox')/messages/delta?$select=subject&$filter=receivedDateTime ge ${new Date(end - 200 * DAY).toISOString()}`, {
      prefer: 'odata.maxpagesize=5000',
    });
    expect(wide.items).toHaveLength(MAIL_DELTA_FILTERED_CAP);
    expect(wide.pages).toBe(5);

    // The next round is empty; one new message is one item.
    expect((await graph.deltaRound(round.deltaLink)).items).toEqual([]);
    await admin.addMessage(upn, { from: { name: 'New', address: 'new@x.example' }, subject: 'Fresh' });
    expect((await graph.deltaRound(round.deltaLink)).items.map((m) => m['subject'])).toEqual(['Fresh']);
  });
});
