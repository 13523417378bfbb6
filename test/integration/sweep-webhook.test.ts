// Malformed, oversized and forged change-notification POSTs against the real WebhookReceiver
// (main/core/push/webhook-receiver.ts), wired to a real engine on the simulator as push wires it
// (a notification → engine.requestSync): each bad body gets 413 / 400 / 404 / 405 or is dropped
// and counted, nothing crashes, no sync is triggered by a forged one, and a following valid
// notification still triggers a sync that notifies the new message once.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookReceiver, DEFAULT_MAX_BODY_BYTES } from '../../main/core/push/webhook-receiver.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { waitUntil } from '../support/identity-fixture.ts';

const UPN = 'ada@contoso.example';
const SUBSCRIPTION = 'sub-0001';
const CLIENT_STATE = 'a-random-client-state-0123456789';

let h: EngineHarness;
let receiver: WebhookReceiver;
let baseUrl: string;
let syncRequests = 0;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(async () => {
  process.on('unhandledRejection', onUnhandled);
  syncRequests = 0;
  h = await startEngineHarness();
  await h.addAccount(UPN, 'Ada Lovelace');
  await h.cycle(); // baseline
  await h.clock.advance(1_000);
  h.engine.start();
  receiver = new WebhookReceiver({
    handlers: {
      lookup: (id) => (id === SUBSCRIPTION ? { accountId: UPN, clientState: CLIENT_STATE } : undefined),
      onChange: (accountId) => {
        syncRequests += 1;
        h.engine.requestSync(accountId, 'change notification');
      },
      onLifecycle: () => undefined,
    },
  });
  baseUrl = await receiver.start();
});

afterEach(async () => {
  await receiver?.close();
  await h?.close();
  process.off('unhandledRejection', onUnhandled);
});

interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP POST (node:http, so the test controls content-length and chunking). */
function post(path: string, body: string | Buffer, options: { method?: string; headers?: Record<string, string>; chunked?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    const req = request(`${baseUrl}${path}`, {
      method: options.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...(options.chunked ? {} : { 'content-length': String(data.length) }), ...options.headers },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The receiver may answer 413 and close before reading everything: that is an answer, not a failure.
    req.on('error', (err) => (/EPIPE|ECONNRESET/.test(String(err)) ? resolve({ status: -1, body: String(err) }) : reject(err)));
    if (options.chunked) {
      for (let offset = 0; offset < data.length; offset += 64 * 1024) req.write(data.subarray(offset, offset + 64 * 1024));
      req.end();
    } else req.end(data);
  });
}

const notification = (overrides: Record<string, unknown> = {}) => ({
  subscriptionId: SUBSCRIPTION,
  clientState: CLIENT_STATE,
  changeType: 'created',
  resource: "Users/ada/Messages('AAMk')",
  ...overrides,
});

function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const MALFORMED: { label: string; body: string | Buffer }[] = [
  { label: 'empty body', body: '' },
  { label: 'not JSON', body: '<xml>hello</xml>' },
  { label: 'truncated JSON', body: '{"value":[{"subscriptionId":' },
  { label: 'binary garbage', body: Buffer.from([0, 255, 254, 1, 2, 3, 0x7b]) },
  { label: 'JSON null', body: 'null' },
  { label: 'a JSON string', body: '"value"' },
  { label: 'empty object', body: '{}' },
  { label: 'value is not an array', body: '{"value":"x"}' },
  { label: 'value is empty', body: '{"value":[]}' },
  { label: 'a notification without fields', body: '{"value":[{}]}' },
  { label: 'unknown changeType', body: JSON.stringify({ value: [notification({ changeType: 'exploded' })] }) },
  { label: 'subscriptionId of the wrong type', body: JSON.stringify({ value: [notification({ subscriptionId: 42 })] }) },
  { label: 'a 10 KB subscriptionId', body: JSON.stringify({ value: [notification({ subscriptionId: 'x'.repeat(10_000) })] }) },
  { label: 'more than 1,000 notifications', body: JSON.stringify({ value: Array.from({ length: 1_001 }, () => notification()) }) },
  { label: '__proto__ pollution attempt', body: '{"__proto__":{"polluted":true},"value":[{"__proto__":{"polluted":true}}]}' },
  { label: 'deep nesting (5,000 levels)', body: deepJson(5_000) },
];

describe('bad-input sweep: the webhook receiver', () => {
  it('answers every malformed body 400, drops it, and still syncs on the next valid notification', async () => {
    for (const { label, body } of MALFORMED) {
      const answer = await post('/notifications', body);
      expect(answer.status, label).toBe(400);
      const lifecycle = await post('/lifecycle', body);
      expect(lifecycle.status, `lifecycle: ${label}`).toBe(400);
    }
    expect(receiver.counters.malformed).toBe(MALFORMED.length * 2);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(syncRequests).toBe(0);
    await expectAValidNotificationStillSyncs();
  });

  it('answers oversized bodies 413 whether declared or streamed, and keeps serving', async () => {
    const big = JSON.stringify({ value: [notification({ resource: 'x'.repeat(DEFAULT_MAX_BODY_BYTES) })] });
    const declared = await post('/notifications', big);
    expect([413, -1]).toContain(declared.status);
    const streamed = await post('/notifications', Buffer.alloc(4 * DEFAULT_MAX_BODY_BYTES, 0x20), { chunked: true });
    expect([413, -1]).toContain(streamed.status);
    const lying = await post('/notifications', big, { headers: { 'content-length': '10' } }).catch(() => ({ status: -1, body: '' }));
    expect([400, -1]).toContain(lying.status);
    expect(receiver.counters.oversized).toBeGreaterThanOrEqual(2);
    expect(syncRequests).toBe(0);
    await expectAValidNotificationStillSyncs();
  });

  it('drops forged notifications (unknown subscription, wrong or missing clientState) without a sync', async () => {
    const forged = [
      notification({ subscriptionId: 'not-ours' }),
      notification({ clientState: 'guessed' }),
      notification({ clientState: `${CLIENT_STATE}x` }),
      notification({ clientState: CLIENT_STATE.slice(0, -1) }),
      notification({ clientState: null }),
      notification({ clientState: undefined }),
    ];
    for (const n of forged) expect((await post('/notifications', JSON.stringify({ value: [n] }))).status).toBe(202);
    await receiver.idle();
    expect(receiver.counters.unknownSubscription).toBe(1);
    expect(receiver.counters.clientStateMismatch).toBe(5);
    expect(syncRequests).toBe(0);
    await expectAValidNotificationStillSyncs();
  });

  it('answers other paths and methods 404 / 405, and echoes a validation token as plain text only', async () => {
    expect((await post('/', '{}')).status).toBe(404);
    expect((await post('/notifications/../etc/passwd', '{}')).status).toBe(404);
    expect((await post('/notifications', '', { method: 'GET' })).status).toBe(405);
    expect((await post('/notifications', '', { method: 'PUT' })).status).toBe(405);
    const token = '<script>alert(1)</script>';
    const handshake = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request(`${baseUrl}/notifications?validationToken=${encodeURIComponent(token)}`, { method: 'POST' });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(handshake).toEqual({ status: 200, type: expect.stringMatching(/^text\/plain/), body: token });
    await expectAValidNotificationStillSyncs();
  });
});

async function expectAValidNotificationStillSyncs(): Promise<void> {
  const before = h.sink.ofType('mail').length;
  const id = await h.deliver(UPN, { subject: `After the hostile bodies ${Date.now()}` });
  const answer = await post('/notifications', JSON.stringify({ value: [notification()] }));
  expect(answer.status).toBe(202);
  await waitUntil(() => h.sink.ofType('mail').length > before, 'the push-triggered sync notified the new message');
  expect(h.sink.ofType('mail').slice(before).map((i) => i.messageId)).toEqual([id]);
  expect(syncRequests).toBe(1);
  expect(receiver.counters.handlerErrors).toBe(0);
  expect(unhandled).toEqual([]);
}
