// JSON $batch against the simulator: limits, dependsOn and 424, per-request faults with their own
// Retry-After under a 200 batch, and inner requests in the request log.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';

interface BatchBody {
  responses: { id: string; status: number; headers: Record<string, string>; body?: Record<string, unknown> }[];
}

let sim: RunningSimulator;
let admin: SimAdminClient;
let graph: SimGraphClient;
const upn = 'batch@contoso.example';

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn, displayName: 'Batch User' });
  graph = new SimGraphClient(sim.url, (await admin.token(upn)).accessToken);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await admin.clearFaults();
  await admin.clearRequests();
});

const batch = (requests: unknown[], version: 'v1.0' | 'beta' = 'v1.0') =>
  new SimGraphClient(sim.url, graph.accessToken, version).request<BatchBody>('POST', '/$batch', { body: { requests } });

describe('$batch', () => {
  it('answers each request with its own status, headers and body, in request order', async () => {
    const res = await batch([
      { id: '1', method: 'GET', url: '/me' },
      { id: '2', method: 'GET', url: "me/mailFolders('inbox')?$select=unreadItemCount,totalItemCount" },
      { id: '3', method: 'GET', url: '/me/messages/does-not-exist' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.responses.map((r) => [r.id, r.status])).toEqual([
      ['1', 200],
      ['2', 200],
      ['3', 404],
    ]);
    expect(res.body.responses[0]?.body).toMatchObject({ userPrincipalName: upn });
    expect(res.body.responses[1]?.body).toMatchObject({ unreadItemCount: 0, totalItemCount: 0 });
    expect(res.body.responses[1]?.headers['request-id']).toEqual(expect.any(String));
    expect(res.body.responses[2]?.body).toMatchObject({ error: { code: 'ErrorItemNotFound' } });
  });

  it('works the same under beta', async () => {
    const res = await batch([{ id: 'a', method: 'GET', url: '/me' }], 'beta');
    expect(res.body.responses[0]).toMatchObject({ status: 200, body: { userPrincipalName: upn } });
  });

  it('refuses more than 20 requests, duplicate ids, unknown dependencies and bodies without Content-Type', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' }));
    const tooMany = await batch(many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain('20');
    expect((await batch(many.slice(0, 20))).status).toBe(200);
    expect((await batch([{ id: 'a', method: 'GET', url: '/me' }, { id: 'A', method: 'GET', url: '/me' }])).status).toBe(400);
    expect((await batch([{ id: '1', method: 'GET', url: '/me', dependsOn: ['9'] }])).status).toBe(400);
    expect((await batch([{ id: '1', method: 'POST', url: '/me/sendMail', body: {} }])).status).toBe(400);
    expect((await batch([{ id: '1', method: 'GET', url: '/me', dependsOn: ['2'] }, { id: '2', method: 'GET', url: '/me', dependsOn: ['1'] }])).status).toBe(400);
    const notJson = await fetch(`${sim.url}/v1.0/$batch`, { method: 'POST', headers: { authorization: `Bearer ${graph.accessToken}`, 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('runs dependsOn in order and answers 424 when a dependency failed', async () => {
    const { id } = await admin.addMessage(upn, { from: { name: 'A', address: 'a@x.example' }, subject: 'read me' });
    const res = await batch([
      { id: 'read', method: 'GET', url: `/me/messages/${id}?$select=isRead`, dependsOn: ['mark'] },
      { id: 'mark', method: 'PATCH', url: `/me/messages('${id}')`, headers: { 'Content-Type': 'application/json' }, body: { isRead: true } },
      { id: 'bad', method: 'GET', url: '/me/messages/missing' },
      { id: 'after-bad', method: 'GET', url: '/me', dependsOn: ['bad'] },
    ]);
    const byId = new Map(res.body.responses.map((r) => [r.id, r]));
    expect(byId.get('read')).toMatchObject({ status: 200, body: { isRead: true } });
    expect(byId.get('mark')?.status).toBe(200);
    expect(byId.get('after-bad')).toMatchObject({ status: 424, body: { error: { code: 'FailedDependency' } } });
    const log = await admin.requests();
    const inner = log.filter((e) => e.inner);
    // Up to 4 inner requests run at once, as Graph dispatches them: 'bad' runs while 'read' waits
    // for 'mark'; each dependant runs only after what it depends on.
    expect(inner.map((e) => e.batchRequestId)).toEqual(['mark', 'bad', 'read', 'after-bad']);
  });

  it('applies faults to inner requests one by one: 429 with its own Retry-After under a 200 batch', async () => {
    await admin.addFault({ kind: '429', path: "/me/mailFolders('inbox')/messages/delta", retryAfterSeconds: 7, times: 1 });
    await admin.addFault({ kind: '503', path: '/me/calendarView', retryAfterSeconds: 3, scope: 'inner', times: 1 });
    const now = new Date();
    const res = await batch([
      { id: 'mail', method: 'GET', url: "/me/mailFolders('inbox')/messages/delta" },
      { id: 'cal', method: 'GET', url: `/me/calendarView/delta?startDateTime=${now.toISOString()}&endDateTime=${new Date(now.getTime() + 86_400_000).toISOString()}` },
      { id: 'me', method: 'GET', url: '/me' },
    ]);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.responses.map((r) => [r.id, r]));
    expect(byId.get('mail')).toMatchObject({ status: 429, headers: { 'Retry-After': '7' }, body: { error: { code: 'TooManyRequests' } } });
    expect(byId.get('cal')).toMatchObject({ status: 503, headers: { 'Retry-After': '3' } });
    expect(byId.get('me')?.status).toBe(200);
    const log = await admin.requests();
    expect(log.find((e) => e.batchRequestId === 'mail')).toMatchObject({ inner: true, status: 429, fault: expect.any(String) });
    expect(log.find((e) => !e.inner)).toMatchObject({ path: '/v1.0/$batch', status: 200 });

    // times: 1 — the retry goes through.
    const retry = await batch([{ id: 'mail', method: 'GET', url: "/me/mailFolders('inbox')/messages/delta" }]);
    expect(retry.body.responses[0]?.status).toBe(200);
  });

  it('gives responses without content "body": null', async () => {
    const { id } = await admin.addMessage(upn, { from: { name: 'A', address: 'a@x.example' }, subject: 'bin me' });
    const res = await batch([{ id: 'd', method: 'DELETE', url: `/me/messages/${id}` }]);
    expect(res.body.responses[0]).toMatchObject({ id: 'd', status: 204, body: null });
  });

  it('answers 401 for the whole batch without a valid token', async () => {
    const res = await new SimGraphClient(sim.url, 'nope').request('POST', '/$batch', { body: { requests: [{ id: '1', method: 'GET', url: '/me' }] } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('carries binary bodies base64-encoded', async () => {
    const res = await batch([{ id: 'p', method: 'GET', url: '/me/photo/$value' }]);
    const b64 = res.body.responses[0]?.body as unknown as string;
    expect(Buffer.from(b64, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });
});
