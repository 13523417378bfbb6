// The webhook receiver over real HTTP on loopback: the validation echo, 202-then-work, unknown
// subscription ids, clientState mismatches, oversized and malformed bodies, wrong paths/methods.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientStateMatches, newClientState } from '../../main/core/push/client-state.ts';
import type { ChangeNotification, LifecycleNotification } from '../../main/core/push/notification-schema.ts';
import { WebhookReceiver } from '../../main/core/push/webhook-receiver.ts';

const SECRET = newClientState();
let receiver: WebhookReceiver;
let changes: { accountId: string; n: ChangeNotification }[];
let lifecycle: { accountId: string; n: LifecycleNotification }[];

beforeEach(async () => {
  changes = [];
  lifecycle = [];
  receiver = new WebhookReceiver({
    port: 0,
    maxBodyBytes: 4_096,
    handlers: {
      lookup: (id) => (id === 'sub-1' ? { accountId: 'ada', clientState: SECRET } : undefined),
      onChange: (accountId, n) => void changes.push({ accountId, n }),
      onLifecycle: (accountId, n) => void lifecycle.push({ accountId, n }),
    },
  });
  await receiver.start();
});

afterEach(async () => {
  await receiver.close();
});

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${receiver.localUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

function change(overrides: Record<string, unknown> = {}) {
  return { subscriptionId: 'sub-1', clientState: SECRET, changeType: 'created', resource: 'Users/u/Messages/m1', tenantId: 't', resourceData: { id: 'm1' }, ...overrides };
}

describe('webhook receiver', () => {
  it('echoes the decoded validation token as text/plain with 200', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 4f2c+/=?&';
    for (const path of ['/notifications', '/lifecycle']) {
      const res = await post(`${path}?validationToken=${encodeURIComponent(token)}`, '');
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^text\/plain/);
      expect(res.text).toBe(token);
    }
    expect(receiver.counters.validations).toBe(2);
  });

  it('answers 202 and hands valid change notifications to the handler', async () => {
    const res = await post('/notifications', JSON.stringify({ value: [change(), change({ changeType: 'updated' })] }));
    expect(res.status).toBe(202);
    await receiver.idle();
    expect(changes.map((c) => [c.accountId, c.n.changeType])).toEqual([
      ['ada', 'created'],
      ['ada', 'updated'],
    ]);
  });

  it('hands lifecycle notifications to their handler', async () => {
    const body = { value: [{ subscriptionId: 'sub-1', clientState: SECRET, lifecycleEvent: 'missed', subscriptionExpirationDateTime: '2026-11-30T00:00:00Z', organizationId: 'o' }] };
    expect((await post('/lifecycle', JSON.stringify(body))).status).toBe(202);
    await receiver.idle();
    expect(lifecycle.map((l) => l.n.lifecycleEvent)).toEqual(['missed']);
  });

  it('drops and counts unknown subscription ids and clientState mismatches', async () => {
    const body = { value: [change({ subscriptionId: 'someone-else' }), change({ clientState: 'guess' }), change({ clientState: null }), change({ clientState: SECRET.slice(0, -1) })] };
    expect((await post('/notifications', JSON.stringify(body))).status).toBe(202);
    await receiver.idle();
    expect(changes).toEqual([]);
    expect(receiver.counters.unknownSubscription).toBe(1);
    expect(receiver.counters.clientStateMismatch).toBe(3);
  });

  it('rejects malformed JSON and wrong shapes with 400, and nothing reaches the handlers', async () => {
    expect((await post('/notifications', '{"value": [')).status).toBe(400);
    expect((await post('/notifications', JSON.stringify({ value: [] }))).status).toBe(400);
    expect((await post('/notifications', JSON.stringify({ value: [change({ changeType: 'exploded' })] }))).status).toBe(400);
    expect((await post('/notifications', JSON.stringify({ value: [{ lifecycleEvent: 'missed', subscriptionId: 'sub-1' }] }))).status).toBe(400);
    expect((await post('/lifecycle', JSON.stringify({ value: [change()] }))).status).toBe(400);
    expect((await post('/notifications', JSON.stringify([change()]))).status).toBe(400);
    await receiver.idle();
    expect(receiver.counters.malformed).toBe(6);
    expect(changes).toEqual([]);
  });

  it('rejects an oversized body with 413, declared or streamed, and keeps serving', async () => {
    const big = JSON.stringify({ value: [change({ resource: 'x'.repeat(5_000) })] });
    expect((await post('/notifications', big)).status).toBe(413);
    // Chunked upload without a content-length: the limit applies while reading.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(`${receiver.localUrl}/notifications`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(1_000));
      req.end();
    });
    expect(streamed).toBe(413);
    expect(receiver.counters.oversized).toBe(2);
    expect((await post('/notifications', JSON.stringify({ value: [change()] }))).status).toBe(202);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    expect((await post('/elsewhere', '{}')).status).toBe(404);
    expect((await fetch(`${receiver.localUrl}/notifications`)).status).toBe(405);
  });

  it('keeps going when a handler throws', async () => {
    await receiver.close();
    receiver = new WebhookReceiver({
      port: 0,
      handlers: {
        lookup: () => ({ accountId: 'ada', clientState: SECRET }),
        onChange: () => {
          throw new Error('boom');
        },
        onLifecycle: () => undefined,
      },
    });
    await receiver.start();
    expect((await post('/notifications', JSON.stringify({ value: [change(), change()] }))).status).toBe(202);
    await receiver.idle();
    expect(receiver.counters.handlerErrors).toBe(2);
  });
});

describe('webhook receiver: the answer never waits for the work', () => {
  it('answers 202 while a handler has not resolved, and again for the next POST', async () => {
    await receiver.close();
    let release = (): void => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    let entered = (): void => undefined;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    const handled: string[] = [];
    receiver = new WebhookReceiver({
      port: 0,
      handlers: {
        lookup: () => ({ accountId: 'ada', clientState: SECRET }),
        onChange: async (_accountId, n) => {
          entered();
          await stuck; // never resolves until the test releases it
          handled.push(n.changeType);
        },
        onLifecycle: () => undefined,
      },
    });
    await receiver.start();
    expect((await post('/notifications', JSON.stringify({ value: [change()] }))).status).toBe(202);
    await handlerEntered;
    // The first notification's handler is still pending: the next POST is answered regardless.
    expect((await post('/notifications', JSON.stringify({ value: [change({ changeType: 'updated' })] }))).status).toBe(202);
    expect(receiver.counters.accepted).toBe(2);
    expect(handled).toEqual([]);
    release();
    await receiver.idle();
    expect(handled).toEqual(['created', 'updated']);
  });
});

describe('clientState', () => {
  it('is 32 random bytes in base64url and compares exactly', () => {
    const a = newClientState();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newClientState()).not.toBe(a);
    expect(clientStateMatches(a, a)).toBe(true);
    expect(clientStateMatches(a, `${a}x`)).toBe(false);
    expect(clientStateMatches(a, undefined)).toBe(false);
  });
});
