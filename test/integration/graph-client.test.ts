// GraphClient against the simulator over real HTTP on loopback. Waits (Retry-After, backoff)
// run on a FakeClock: the tests assert how long the client waited on that clock, never on the
// wall clock.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { systemClock } from '../../main/core/clock.ts';
import { GraphClient } from '../../main/core/graph/graph-client.ts';
import { GraphError, errorFromResponse, toAccountState } from '../../main/core/graph/graph-errors.ts';
import type { GraphRequest } from '../../main/core/graph/graph-request.ts';
import { parseUnreadCount, unreadCountRequest } from '../../main/core/mail/unread-count.ts';
import { SimTokenProvider } from '../support/graph-token-provider.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { RecordingClock, driveFakeClock } from '../support/graph-fake-time.ts';

const UPN = 'ada@contoso.com';
let sim: RunningSimulator;
let admin: SimAdminClient;

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn: UPN, displayName: 'Ada Lovelace' });
  await admin.addMessage(UPN, { from: { name: 'Grace', address: 'grace@contoso.com' }, subject: 'Hello', bodyHtml: '<p>Hi</p>' });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await admin.clearFaults();
  await admin.clearRequests();
});
afterEach(async () => {
  await admin.clearFaults();
});

function setup(options: { maxRetries?: number; fetch?: typeof globalThis.fetch } = {}) {
  const fake = new FakeClock(Date.now());
  const clock = new RecordingClock(fake);
  const tokens = new SimTokenProvider(sim.url);
  const client = new GraphClient({ accountId: UPN, tokens, baseUrl: sim.url, clock, random: () => 0.5, ...options });
  return { fake, clock, tokens, client };
}

const outerRequests = async () => (await admin.requests()).filter((r) => !r.inner && !r.path.startsWith('/_admin'));

describe('GraphClient against the simulator', () => {
  it('sends a bearer token and the immutable-id preference, and reads a simple call', async () => {
    const { client } = setup();
    const seen: Headers[] = [];
    const spy = new GraphClient({
      accountId: UPN,
      tokens: new SimTokenProvider(sim.url),
      baseUrl: sim.url,
      clock: systemClock,
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers));
        return fetch(input, init);
      },
    });
    const count = parseUnreadCount(await spy.send(unreadCountRequest()));
    expect(count).toBe(1);
    expect(seen[0]?.get('authorization')).toMatch(/^Bearer .+/);
    expect(seen[0]?.get('prefer')).toContain('IdType="ImmutableId"');
    expect(await client.request<{ unreadItemCount: number }>(unreadCountRequest())).toMatchObject({ unreadItemCount: 1 });
  });

  it('honours Retry-After through a 429 storm, on the injected clock, and loses nothing', async () => {
    const { fake, clock, client } = setup();
    await admin.addFault({ kind: '429', path: '/me/mailFolders', times: 3, retryAfterSeconds: 5 });
    const started = fake.now();
    const res = await driveFakeClock(fake, client.send(unreadCountRequest()));
    expect(parseUnreadCount(res)).toBe(1);
    expect(clock.sleeps).toEqual([5_000, 5_000, 5_000]);
    expect(fake.now() - started).toBeGreaterThanOrEqual(15_000);
    const calls = (await outerRequests()).filter((r) => r.path.includes('/mailFolders'));
    expect(calls.map((r) => r.status)).toEqual([429, 429, 429, 200]);
  });

  it('backs off (jittered, on the clock) after 503/504 without Retry-After, and gives up after maxRetries', async () => {
    const { fake, clock, client } = setup({ maxRetries: 2 });
    await admin.addFault({ kind: '504', path: '/me/mailFolders' });
    const res = await driveFakeClock(fake, client.send(unreadCountRequest()));
    expect(res.status).toBe(504);
    expect(clock.sleeps).toEqual([750, 1_500]);
    await expect(driveFakeClock(fake, client.request(unreadCountRequest()))).rejects.toMatchObject({ kind: 'http', status: 504 });
    expect(toAccountState(errorFromResponse(res, fake.now())).kind).toBe('graphDown');
  });

  it('after a 429, holds back every request of the mailbox until Retry-After has passed', async () => {
    const fake = new FakeClock(Date.now());
    const sentAt: number[] = [];
    const client = new GraphClient({
      accountId: UPN,
      tokens: new SimTokenProvider(sim.url),
      baseUrl: sim.url,
      clock: fake,
      fetch: (input, init) => {
        sentAt.push(fake.now());
        return fetch(input, init);
      },
    });
    await admin.addFault({ kind: '429', path: '/me/mailFolders', times: 1, retryAfterSeconds: 10 });
    const start = fake.now();
    const first = client.send(unreadCountRequest());
    while (fake.pending === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    // The first request is now waiting out its Retry-After; a second one must wait too.
    const second = client.send({ method: 'GET', url: '/me?$select=displayName' });
    const results = await driveFakeClock(fake, Promise.all([first, second]));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(sentAt).toHaveLength(3);
    expect(sentAt[0]).toBe(start);
    expect(sentAt.slice(1).every((t) => t >= start + 10_000)).toBe(true);
  });

  it('retries inner $batch 429s in a follow-up batch after their own Retry-After, in request order', async () => {
    const { fake, clock, client } = setup();
    await admin.addFault({ kind: '429', scope: 'inner', path: '/me/mailFolders', times: 1, retryAfterSeconds: 3 });
    const reqs: GraphRequest[] = [{ method: 'GET', url: '/me?$select=displayName' }, unreadCountRequest()];
    const [me, unread] = await driveFakeClock(fake, client.batch(reqs));
    expect(me?.status).toBe(200);
    expect(me?.body).toMatchObject({ displayName: 'Ada Lovelace' });
    expect(unread && parseUnreadCount(unread)).toBe(1);
    expect(clock.sleeps).toEqual([3_000]);
    const batches = (await outerRequests()).filter((r) => r.path.endsWith('/$batch'));
    expect(batches).toHaveLength(2);
    const inner = (await admin.requests()).filter((r) => r.inner);
    expect(inner.map((r) => r.status)).toEqual([200, 429, 200]);
  });

  it('retries a failed $batch POST as a whole (outer 503 with Retry-After)', async () => {
    const { fake, clock, client } = setup();
    await admin.addFault({ kind: '503', scope: 'outer', path: '/$batch', times: 2, retryAfterSeconds: 2 });
    const [unread] = await driveFakeClock(fake, client.batch([unreadCountRequest()]));
    expect(unread && parseUnreadCount(unread)).toBe(1);
    expect(clock.sleeps).toEqual([2_000, 2_000]);
    expect((await outerRequests()).filter((r) => r.path.endsWith('/$batch')).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('talks to the beta endpoint when asked', async () => {
    const client = new GraphClient({ accountId: UPN, tokens: new SimTokenProvider(sim.url), baseUrl: sim.url, clock: systemClock, version: 'beta' });
    expect(parseUnreadCount(await client.send(unreadCountRequest()))).toBe(1);
    await client.batch([unreadCountRequest()]);
    const paths = (await outerRequests()).map((r) => r.path);
    expect(paths).toHaveLength(2);
    expect(paths.every((p) => p.startsWith('/beta/'))).toBe(true);
  });

  it('splits more than 20 requests into several $batch POSTs and keeps the order', async () => {
    const { client } = setup();
    const reqs: GraphRequest[] = Array.from({ length: 45 }, (_, i) => (i % 2 === 0 ? unreadCountRequest() : { method: 'GET', url: `/me?$select=displayName&n=${i}` }));
    const responses = await client.batch(reqs);
    expect(responses).toHaveLength(45);
    responses.forEach((r, i) => {
      expect(r.status).toBe(200);
      if (i % 2 === 0) expect(r.body).toHaveProperty('unreadItemCount');
      else expect(r.body).toHaveProperty('displayName');
    });
    expect((await outerRequests()).filter((r) => r.path.endsWith('/$batch'))).toHaveLength(3);
  });

  it('on 401 retries once with a force-refreshed token', async () => {
    const { client, tokens } = setup();
    await admin.addFault({ kind: '401', path: '/me/mailFolders', times: 1 });
    const count = parseUnreadCount(await client.send(unreadCountRequest()));
    expect(count).toBe(1);
    expect(tokens.forcedRefreshes).toBe(1);
  });

  it('a 401 that survives the refresh means the user must sign in', async () => {
    const { client, tokens } = setup();
    await admin.addFault({ kind: '401', path: '/me/mailFolders' });
    const error = await client.request(unreadCountRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(tokens.forcedRefreshes).toBe(1);
    expect(toAccountState(error)).toMatchObject({ kind: 'needsSignIn', action: 'signIn' });
  });

  it('turns malformed JSON into a typed malformedResponse error, not a crash', async () => {
    const { client } = setup();
    await admin.addFault({ kind: 'malformedJson', path: '/me/mailFolders', times: 1 });
    const error = await client.send(unreadCountRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ kind: 'malformedResponse' });
    expect(toAccountState(error).kind).toBe('graphDown');
    // The next call works again.
    expect(parseUnreadCount(await client.send(unreadCountRequest()))).toBe(1);
  });

  it.each([
    ['mailboxNotEnabled', 'MailboxNotEnabledForRESTAPI'],
    ['mailboxNotSupported', 'MailboxNotSupportedForRESTAPI'],
  ] as const)('maps the %s fault to the mailboxNotEnabled account state, alone and in a batch', async (kind, code) => {
    const { client } = setup();
    await admin.addFault({ kind, path: '/me/mailFolders' });
    const error = await client.request(unreadCountRequest()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http', status: 404, code });
    const state = toAccountState(error);
    expect(state.kind).toBe('mailboxNotEnabled');
    expect(state.message).toMatch(/on-premises/);
    const [inner] = await client.batch([unreadCountRequest()]);
    expect(inner && toAccountState(errorFromResponse(inner, Date.now())).kind).toBe('mailboxNotEnabled');
  });

  it('retries connection resets with backoff and recovers', async () => {
    const { fake, clock, client } = setup();
    await admin.addFault({ kind: 'reset', path: '/me/mailFolders', times: 2 });
    const res = await driveFakeClock(fake, client.send(unreadCountRequest()));
    expect(parseUnreadCount(res)).toBe(1);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('reports a server that never answers as offline after its retries', async () => {
    const fake = new FakeClock(Date.now());
    const client = new GraphClient({ accountId: UPN, tokens: new SimTokenProvider(sim.url), baseUrl: 'http://127.0.0.1:9', clock: fake, maxRetries: 1 });
    const error = await driveFakeClock(fake, client.send(unreadCountRequest())).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect(toAccountState(error).kind).toBe('offline');
  });

  it('an inner 401 in a $batch also gets one forced refresh and a follow-up batch', async () => {
    const { fake, client, tokens } = setup();
    await admin.addFault({ kind: '401', scope: 'inner', path: '/me/mailFolders', times: 1 });
    const [unread] = await driveFakeClock(fake, client.batch([unreadCountRequest()]));
    expect(unread && parseUnreadCount(unread)).toBe(1);
    expect(tokens.forcedRefreshes).toBe(1);
  });

  it('a malformed $batch answer is a typed error, and the next batch works', async () => {
    const { client } = setup();
    await admin.addFault({ kind: 'malformedJson', scope: 'inner', path: '/me/mailFolders', times: 1 });
    await expect(client.batch([unreadCountRequest()])).rejects.toMatchObject({ name: 'GraphError', kind: 'malformedResponse' });
    const [unread] = await client.batch([unreadCountRequest()]);
    expect(unread && parseUnreadCount(unread)).toBe(1);
  });

  it('maps a mailbox that is not enabled for the API (tenant state, not a fault) to mailboxNotEnabled', async () => {
    const upn = 'onprem@contoso.com';
    await admin.addUser({ upn, displayName: 'On Prem' });
    await admin.setMailboxState(upn, 'notEnabled');
    const client = new GraphClient({ accountId: upn, tokens: new SimTokenProvider(sim.url), baseUrl: sim.url, clock: systemClock });
    const error = await client.request(unreadCountRequest()).catch((e: unknown) => e);
    expect(toAccountState(error)).toMatchObject({ kind: 'mailboxNotEnabled', code: 'MailboxNotEnabledForRESTAPI', action: 'none' });
  });

  it('does not repeat a POST action after a connection reset (it may have been processed)', async () => {
    const { fake, clock, client } = setup();
    await admin.addFault({ kind: 'reset', method: 'POST', pathRegex: '/reply$', times: 1 });
    const error = await driveFakeClock(fake, client.send({ method: 'POST', url: '/me/messages/some-id/reply', body: { comment: 'hi' } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect(clock.sleeps).toEqual([]);
    expect((await outerRequests()).filter((r) => r.path.endsWith('/reply'))).toHaveLength(1);
  });

  it('gives up on a hung request after requestTimeoutMs and retries it', async () => {
    const fake = new FakeClock(Date.now());
    const clock = new RecordingClock(fake);
    const client = new GraphClient({ accountId: UPN, tokens: new SimTokenProvider(sim.url), baseUrl: sim.url, clock, requestTimeoutMs: 200, random: () => 0.5 });
    await admin.addFault({ kind: 'latency', path: '/me/mailFolders', latencyMs: 5_000, times: 1 });
    const res = await driveFakeClock(fake, client.send(unreadCountRequest()));
    expect(parseUnreadCount(res)).toBe(1);
    expect(clock.sleeps).toEqual([750]);
  });

  it('logs no token and no query string', async () => {
    const lines: string[] = [];
    const logger = { debug: (o: object, m?: string) => lines.push(JSON.stringify(o) + (m ?? '')), warn: (o: object, m?: string) => lines.push(JSON.stringify(o) + (m ?? '')) };
    const fake = new FakeClock(Date.now());
    const tokens = new SimTokenProvider(sim.url);
    const client = new GraphClient({ accountId: UPN, tokens, baseUrl: sim.url, clock: fake, logger });
    await admin.addFault({ kind: '429', path: '/me/mailFolders', times: 1, retryAfterSeconds: 1 });
    await driveFakeClock(fake, client.send(unreadCountRequest()));
    const token = await tokens.getAccessToken(UPN);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain('$select');
  });

  it('never has more than 4 requests in flight for one mailbox', async () => {
    let inFlight = 0;
    let peak = 0;
    const counting: typeof globalThis.fetch = async (input, init) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        const res = await fetch(input, init);
        await res.clone().arrayBuffer();
        return res;
      } finally {
        inFlight -= 1;
      }
    };
    const client = new GraphClient({ accountId: UPN, tokens: new SimTokenProvider(sim.url), baseUrl: sim.url, clock: systemClock, fetch: counting });
    await admin.addFault({ kind: 'latency', path: '/me/mailFolders', latencyMs: 100 });
    const results = await Promise.all(Array.from({ length: 12 }, () => client.send(unreadCountRequest())));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(peak).toBe(4);
    expect((await outerRequests()).filter((r) => r.path.includes('/mailFolders'))).toHaveLength(12);
  });
});
