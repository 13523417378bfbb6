// Scripted faults over real HTTP (each kind), their matching rules, and the request log's bytes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimAdminClient, SimAdminError } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';

let sim: RunningSimulator;
let admin: SimAdminClient;
let megan: SimGraphClient;
let alex: SimGraphClient;

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn: 'megan@contoso.example', displayName: 'Megan Bowen' });
  await admin.addUser({ upn: 'alex@contoso.example', displayName: 'Alex Wilber' });
  megan = new SimGraphClient(sim.url, (await admin.token('megan@contoso.example')).accessToken);
  alex = new SimGraphClient(sim.url, (await admin.token('alex@contoso.example')).accessToken);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await admin.clearFaults();
  await admin.clearRequests();
});

describe('faults', () => {
  it.each([
    ['429', 429, 'TooManyRequests'],
    ['503', 503, 'ServiceNotAvailable'],
    ['504', 504, 'GatewayTimeout'],
    ['401', 401, 'InvalidAuthenticationToken'],
    ['mailboxNotEnabled', 404, 'MailboxNotEnabledForRESTAPI'],
    ['mailboxNotSupported', 404, 'MailboxNotSupportedForRESTAPI'],
  ] as const)('%s answers %i with code %s, once', async (kind, status, code) => {
    await admin.addFault({ kind, path: '/me/mailFolders', times: 1, retryAfterSeconds: 2 });
    const hit = await megan.get("/me/mailFolders('inbox')");
    expect(hit.status).toBe(status);
    expect(hit.body).toMatchObject({ error: { code, innerError: { 'request-id': expect.any(String), date: expect.any(String) } } });
    if (kind === '429' || kind === '503') expect(hit.headers.get('retry-after')).toBe('2');
    expect((await megan.get("/me/mailFolders('inbox')")).status).toBe(200);
  });

  it('latency delays the request, which then succeeds', async () => {
    await admin.addFault({ kind: 'latency', latencyMs: 50, path: '/v1.0/me', times: 1 });
    const res = await megan.get('/me');
    expect(res.status).toBe(200);
    expect((await admin.requests())[0]).toMatchObject({ status: 200, fault: expect.any(String) });
  });

  it('reset destroys the connection', async () => {
    await admin.addFault({ kind: 'reset', path: '/me', times: 1 });
    await expect(megan.get('/me')).rejects.toThrow();
    expect((await admin.requests())[0]).toMatchObject({ status: 0, path: '/v1.0/me' });
  });

  it('malformedJson answers 200 with a body that does not parse', async () => {
    await admin.addFault({ kind: 'malformedJson', pathRegex: 'messages/delta', times: 1 });
    const res = await megan.get("/me/mailFolders('inbox')/messages/delta");
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text) as unknown).toThrow();
  });

  it('matches by user and method, and leaves /_admin alone', async () => {
    await admin.addFault({ kind: '503', user: 'alex@contoso.example' });
    await admin.addFault({ kind: '504', method: 'PATCH' });
    expect((await megan.get('/me')).status).toBe(200);
    expect((await alex.get('/me')).status).toBe(503);
    expect((await megan.request('PATCH', '/me/messages/x', { body: { isRead: true } })).status).toBe(504);
    expect((await admin.users()).length).toBeGreaterThanOrEqual(2);
  });

  it('fires with a seeded probability, repeatably', async () => {
    const run = async () => {
      await admin.clearFaults();
      await admin.addFault({ kind: '503', path: '/me', probability: 0.5, seed: 7 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await megan.get('/me')).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('rejects a fault it cannot understand', async () => {
    await expect(admin.addFault({ kind: 'explode' } as never)).rejects.toBeInstanceOf(SimAdminError);
    await expect(admin.addFault({ kind: '429', pathRegex: '(' })).rejects.toMatchObject({ status: 400 });
    await expect(admin.addFault({ kind: '429', times: 0 })).rejects.toMatchObject({ status: 400 });
  });

  it('lists active faults with their hits', async () => {
    await admin.addFault({ kind: '429', path: '/me', times: 2 });
    await megan.get('/me');
    expect(await admin.faults()).toEqual([expect.objectContaining({ hits: 1, remaining: 1 })]);
  });
});

describe('request log', () => {
  it('records method, path, status, bytes and user for each request, and clears', async () => {
    const body = { isRead: true };
    await megan.request('PATCH', '/me/messages/missing', { body });
    const res = await megan.get('/me?$select=displayName');
    await fetch(`${sim.url}/v1.0/me`);
    const log = await admin.requests();
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({ method: 'PATCH', path: '/v1.0/me/messages/missing', status: 404, requestBytes: JSON.stringify(body).length, inner: false, upn: 'megan@contoso.example' });
    expect(log[1]).toMatchObject({ method: 'GET', path: '/v1.0/me?$select=displayName', status: 200, requestBytes: 0, responseBytes: Buffer.byteLength(res.text) });
    expect(log[2]).toMatchObject({ status: 401 });
    expect(log[2]?.upn).toBeUndefined();
    await admin.clearRequests();
    expect(await admin.requests()).toEqual([]);
  });
});
