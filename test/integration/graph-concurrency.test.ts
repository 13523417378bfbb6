// Graph's 4-concurrent-requests-per-mailbox limit counted as Graph counts it (GRAPH-NOTES
// "Throttling": each request inside a $batch counts on its own), end to end: the simulator's
// limit counts inner requests, Herald's client keeps a poll batch plus user actions within it,
// and a client that ignores it is caught. Latency faults hold slots so overlaps are certain;
// every wall-clock wait has a generous limit and says what it was waiting for.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reminderCheckRequest } from '../../main/core/calendar/reminder-check.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';
import type { RequestLogEntry } from '../../sim/request-log.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { driveFakeClock } from '../support/graph-fake-time.ts';

const WAIT_LIMIT_MS = 20_000;
/** Long enough that the other requests surely arrive while a batch's inner requests run. */
const INNER_HOLD_MS = 3_000;

let h: EngineHarness;

beforeAll(async () => {
  h = await startEngineHarness();
});
afterAll(async () => {
  await h.admin.setMailboxConcurrency(null);
  await h.close();
});
beforeEach(async () => {
  await h.admin.clearFaults();
  await h.admin.setMailboxConcurrency(null);
  await h.admin.resetConcurrencyPeaks();
});

async function userId(upn: string): Promise<string> {
  const user = (await h.admin.users()).find((u) => u.upn === upn.toLowerCase());
  if (!user) throw new Error(`no simulator user ${upn}`);
  return user.id;
}

/** Waits (wall clock, generous) until the simulator has seen `count` requests of the mailbox in flight at once. */
async function untilInFlight(id: string, count: number): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const peak = (await h.admin.throttling()).peaks[id] ?? 0;
    if (peak >= count) return;
    if (Date.now() > deadline) throw new Error(`the simulator never saw ${count} requests in flight for ${id} within ${WAIT_LIMIT_MS} ms (peak ${peak})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const ofUser = (log: readonly RequestLogEntry[], upn: string) => log.filter((e) => e.upn === upn.toLowerCase());
const throttled = (log: readonly RequestLogEntry[]) => log.filter((e) => e.status === 429).map((e) => `${e.inner ? 'inner ' : ''}${e.method} ${e.path.split('?')[0] ?? ''}`);

async function rawClient(upn: string): Promise<SimGraphClient> {
  return new SimGraphClient(h.sim.url, (await h.admin.token(upn)).accessToken);
}

interface BatchBody {
  responses: { id: string; status: number; headers: Record<string, string>; body: { error?: { code: string } } }[];
}

describe('the simulator counts every inner request of a $batch', () => {
  it('inner requests over the limit get their own 429 with Retry-After under a 200 batch', async () => {
    const upn = 'inner-limit@contoso.example';
    await h.admin.addUser({ upn, displayName: 'Inner Limit' });
    const graph = await rawClient(upn);
    await h.admin.setMailboxConcurrency(2);
    await h.admin.addFault({ kind: 'latency', latencyMs: 200, scope: 'inner', user: upn, times: 4 });
    const res = await graph.request<BatchBody>('POST', '/$batch', {
      body: { requests: ['a', 'b', 'c', 'd'].map((id) => ({ id, method: 'GET', url: '/me/mailFolders/inbox' })) },
    });
    expect(res.status).toBe(200);
    const statuses = res.body.responses.map((r) => r.status);
    // All four are dispatched at once: two fit the limit of 2, two are throttled on their own.
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    const over = res.body.responses.filter((r) => r.status === 429);
    expect(over).toHaveLength(2);
    for (const r of over) {
      expect(r.body.error?.code).toBe('ApplicationThrottled');
      expect(r.headers['Retry-After']).toBe('1');
    }
    expect((await h.admin.throttling()).peaks[await userId(upn)]).toBe(4);
  });

  it('a batch holds one slot per inner request running, and the POST itself none', async () => {
    const upn = 'inner-peak@contoso.example';
    await h.admin.addUser({ upn, displayName: 'Inner Peak' });
    const graph = await rawClient(upn);
    await h.admin.addFault({ kind: 'latency', latencyMs: 200, scope: 'inner', user: upn, times: 3 });
    const res = await graph.request<BatchBody>('POST', '/$batch', {
      body: { requests: ['a', 'b', 'c'].map((id) => ({ id, method: 'GET', url: '/me/mailFolders/inbox' })) },
    });
    expect(res.body.responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await h.admin.throttling()).peaks[await userId(upn)]).toBe(3);
    // With the limit at 3 the same batch fits exactly: the POST does not take a 4th slot.
    await h.admin.setMailboxConcurrency(3);
    const again = await graph.request<BatchBody>('POST', '/$batch', {
      body: { requests: ['a', 'b', 'c'].map((id) => ({ id, method: 'GET', url: '/me/mailFolders/inbox' })) },
    });
    expect(again.body.responses.map((r) => r.status)).toEqual([200, 200, 200]);
  });
});

describe('a poll $batch alongside user actions, with the mailbox limit of 4 on', () => {
  it("Herald's client: the engine's poll, mark read, open a body and a reminder check get no 429", async () => {
    const upn = 'busy-engine@contoso.example';
    await h.addAccount(upn, 'Busy Engine');
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push(await h.deliver(upn, { subject: `message ${i}` }));
    const start = new Date(h.clock.now() + 3_600_000);
    const { id: eventId } = await h.admin.addEvent(upn, { subject: 'Review', start: start.toISOString(), end: new Date(start.getTime() + 1_800_000).toISOString() });
    await h.cycle(upn); // baseline, before the limit and the latency
    const sync = h.engine.account(upn);
    if (!sync) throw new Error('account not open');
    const graph = h.engine.graphFor(upn);

    await h.admin.setMailboxConcurrency(4);
    await h.admin.resetConcurrencyPeaks();
    await h.admin.clearRequests();
    // The poll batch's 3 inner requests hold their slots; the actions take a while too.
    await h.admin.addFault({ kind: 'latency', latencyMs: INNER_HOLD_MS, scope: 'inner', user: upn, times: 3 });
    await h.admin.addFault({ kind: 'latency', latencyMs: 300, scope: 'outer', user: upn, path: '/me/messages' });
    await h.admin.addFault({ kind: 'latency', latencyMs: 300, scope: 'outer', user: upn, path: '/me/events' });

    const id = await userId(upn);
    const poll = h.cycle(upn);
    await untilInFlight(id, 3);
    const actions = driveFakeClock(
      h.clock,
      Promise.all([
        sync.mail.markRead(ids[0] as string, true),
        sync.mail.getMessage(ids[1] as string),
        sync.mail.markRead(ids[2] as string, true),
        graph.send(reminderCheckRequest(eventId)),
      ]),
    );
    const [reports, [, opened, , check]] = await Promise.all([poll, actions]);

    const log = ofUser(await h.admin.requests(), upn);
    expect(throttled(log), 'requests the simulator throttled').toEqual([]);
    expect((await h.admin.throttling()).peaks[id]).toBeLessThanOrEqual(4);
    expect(reports[0]?.state.kind).toBe('ok');
    expect(opened.item.subject).toBe('message 1');
    expect(check.status).toBe(200);
    // The poll really was one batch of three, and every action went out once.
    expect(log.filter((e) => e.inner)).toHaveLength(3);
    expect(log.filter((e) => !e.inner && e.method === 'PATCH')).toHaveLength(2);
  });

  it('a raw client that sends the same work all at once is throttled (the check can fail)', async () => {
    const upn = 'busy-raw@contoso.example';
    await h.addAccount(upn, 'Busy Raw');
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push(await h.deliver(upn, { subject: `message ${i}` }));
    const graph = await rawClient(upn);

    await h.admin.setMailboxConcurrency(4);
    await h.admin.resetConcurrencyPeaks();
    await h.admin.clearRequests();
    await h.admin.addFault({ kind: 'latency', latencyMs: INNER_HOLD_MS, scope: 'inner', user: upn, times: 3 });
    await h.admin.addFault({ kind: 'latency', latencyMs: 300, scope: 'outer', user: upn, path: '/me/messages' });

    const id = await userId(upn);
    const batch = graph.request<BatchBody>('POST', '/$batch', {
      body: {
        requests: [
          { id: '1', method: 'GET', url: "/me/mailFolders('inbox')/messages/delta" },
          { id: '2', method: 'GET', url: '/me/mailFolders/inbox?$select=unreadItemCount' },
          { id: '3', method: 'GET', url: '/me' },
        ],
      },
    });
    await untilInFlight(id, 3);
    // What a client counting the batch as one request would do: three more at once.
    const singles = await Promise.all([
      graph.request('PATCH', `/me/messages/${ids[0] ?? ''}`, { body: { isRead: true } }),
      graph.get(`/me/messages/${ids[1] ?? ''}`),
      graph.request('PATCH', `/me/messages/${ids[2] ?? ''}`, { body: { isRead: true } }),
    ]);
    expect((await batch).status).toBe(200);
    const statuses = singles.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length, `statuses of the single calls: ${statuses.join(', ')}`).toBeGreaterThanOrEqual(1);
    expect(throttled(ofUser(await h.admin.requests(), upn)).length).toBeGreaterThanOrEqual(1);
    expect((await h.admin.throttling()).peaks[id]).toBeGreaterThan(4);
  });
});
