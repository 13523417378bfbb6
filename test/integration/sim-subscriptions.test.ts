// The simulator's /subscriptions over real HTTP: create with the validation handshake, the
// documented errors (400 validation / expiry / https, 409 duplicate), renew, delete,
// reauthorize, expiry, delivery of changeNotificationCollections with retries, and the admin
// hooks (remove → subscriptionRemoved, drop → missed, failing deliveries).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimAdminClient } from '../../sim/admin-client.ts';
import type { SimGraphClient } from '../../sim/graph-client.ts';
import { startSubscriptionSetup, type SubscriptionSetup, type TestEndpoint, until } from '../support/webhook-endpoint.ts';

const ADA = 'ada@contoso.example';
const MINUTE = 60_000;

let setup: SubscriptionSetup;
let admin: SimAdminClient;
let graph: SimGraphClient;
let endpoint: TestEndpoint;
let hookUrl: string;

beforeEach(async () => {
  setup = await startSubscriptionSetup(ADA);
  ({ admin, graph, endpoint, hookUrl } = setup);
  await admin.setPushConfig({ retryBaseMs: 5, maxAttempts: 4 });
});

afterEach(async () => {
  await setup.close();
});

function createBody(overrides: Record<string, unknown> = {}) {
  return {
    changeType: 'created,updated',
    notificationUrl: `${hookUrl}/hook`,
    lifecycleNotificationUrl: `${hookUrl}/life`,
    resource: "me/mailFolders('inbox')/messages",
    expirationDateTime: new Date(Date.now() + 10_000 * MINUTE).toISOString(),
    clientState: 'secret-state',
    latestSupportedTlsVersion: 'v1_2',
    ...overrides,
  };
}

describe('sim: POST /subscriptions', () => {
  it('validates both endpoints, creates, and delivers ids only for new inbox mail', async () => {
    const res = await graph.request<Record<string, unknown>>('POST', '/subscriptions', { body: createBody() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ changeType: 'created,updated', clientState: 'secret-state', latestSupportedTlsVersion: 'v1_2' });
    expect(endpoint.validations).toBe(2);

    const { id } = await admin.addMessage(ADA, { from: { name: 'G', address: 'g@x.example' }, subject: 'Hello' });
    await until(() => endpoint.notifications().length === 1, 'a change notification');
    const [n] = endpoint.notifications();
    expect(n).toMatchObject({ subscriptionId: res.body['id'], changeType: 'created', clientState: 'secret-state' });
    expect(n?.['resourceData']).toEqual({ '@odata.type': '#Microsoft.Graph.Message', '@odata.id': expect.stringContaining(id) as unknown, id });
    // Mail outside the inbox does not notify an inbox subscription.
    await admin.addMessage(ADA, { from: { name: 'G', address: 'g@x.example' }, subject: 'Archived', folder: 'archive' });
    await admin.patchMessage(ADA, id, { isRead: true });
    await until(() => endpoint.notifications().length === 2, 'the update');
    expect(endpoint.notifications()[1]).toMatchObject({ changeType: 'updated' });
  });

  it('answers 400 when the endpoint does not echo the token, or fails validation', async () => {
    endpoint.mode = 'wrongEcho';
    const wrong = await graph.request<{ error: { code: string; message: string } }>('POST', '/subscriptions', { body: createBody() });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'ValidationError', message: expect.stringContaining('validationToken') as unknown });
    endpoint.mode = 'fail500';
    const failed = await graph.request<{ error: { code: string } }>('POST', '/subscriptions', { body: createBody() });
    expect(failed.status).toBe(400);
    expect(failed.body.error.code).toBe('ValidationError');
    expect((await admin.subscriptions()).length).toBe(0);
  });

  it('rejects an expiry beyond 10,080 minutes, a non-https URL, an unknown resource and a malformed body', async () => {
    const far = await graph.request('POST', '/subscriptions', { body: createBody({ expirationDateTime: new Date(Date.now() + 10_081 * MINUTE).toISOString() }) });
    expect(far.status).toBe(400);
    expect(far.text).toContain('10080 minutes');
    const http = await graph.request('POST', '/subscriptions', { body: createBody({ notificationUrl: 'http://example.com/hook' }) });
    expect(http.status).toBe(400);
    const unknown = await graph.request('POST', '/subscriptions', { body: createBody({ resource: 'me/contacts' }) });
    expect(unknown.status).toBe(400);
    const missing = await graph.request('POST', '/subscriptions', { body: { resource: 'me/events' } });
    expect(missing.status).toBe(400);
    expect(endpoint.validations).toBe(0);
  });

  it('answers 409 for the same changeType + resource, with the documented text', async () => {
    const first = await graph.request<{ id: string }>('POST', '/subscriptions', { body: createBody() });
    const second = await graph.request<{ error: { message: string } }>('POST', '/subscriptions', { body: createBody({ resource: "/me/mailfolders('Inbox')/messages" }) });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe(`Subscription Id ${first.body.id} already exists for the requested combination`);
    const events = await graph.request('POST', '/subscriptions', { body: createBody({ resource: 'me/events', changeType: 'created,updated,deleted' }) });
    expect(events.status).toBe(201);
  });
});

describe('sim: managing subscriptions', () => {
  it('lists, renews, reauthorizes and deletes; an expired subscription is 404 and silent', async () => {
    const { body } = await graph.request<{ id: string }>('POST', '/subscriptions', { body: createBody() });
    const list = await graph.get<{ value: { id: string }[] }>('/subscriptions');
    expect(list.body.value.map((s) => s.id)).toEqual([body.id]);
    const later = new Date(Date.now() + 10_050 * MINUTE).toISOString();
    const renewed = await graph.request<{ expirationDateTime: string }>('PATCH', `/subscriptions/${body.id}`, { body: { expirationDateTime: later } });
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expirationDateTime)).toBe(Date.parse(later));
    expect((await graph.request('POST', `/subscriptions/${body.id}/reauthorize`)).status).toBe(204);

    await admin.expireSubscription(body.id);
    expect((await graph.get(`/subscriptions/${body.id}`)).status).toBe(404);
    expect((await graph.request('PATCH', `/subscriptions/${body.id}`, { body: { expirationDateTime: later } })).status).toBe(404);
    await admin.addMessage(ADA, { from: { name: 'G', address: 'g@x.example' }, subject: 'Nobody hears this' });
    const again = await graph.request<{ id: string }>('POST', '/subscriptions', { body: createBody() });
    expect(again.status).toBe(201);
    expect((await graph.request('DELETE', `/subscriptions/${again.body.id}`)).status).toBe(204);
    expect((await graph.get(`/subscriptions/${again.body.id}`)).status).toBe(404);
    expect(endpoint.notifications()).toEqual([]);
  });

  it('retries a failed delivery with backoff until the endpoint answers 2xx', async () => {
    const { body } = await graph.request<{ id: string }>('POST', '/subscriptions', { body: createBody() });
    endpoint.failNext = 2;
    await admin.addMessage(ADA, { from: { name: 'G', address: 'g@x.example' }, subject: 'Eventually' });
    await until(() => endpoint.notifications().length === 1, 'the retried delivery');
    const [sub] = await admin.subscriptions();
    expect(sub).toMatchObject({ id: body.id, counters: { delivered: 1, failedAttempts: 2 } });
  });

  it('remove sends subscriptionRemoved; drop loses notifications and then sends missed', async () => {
    const { body } = await graph.request<{ id: string }>('POST', '/subscriptions', { body: createBody() });
    await admin.dropNotifications(body.id, 1, { thenMissed: true });
    await admin.addMessage(ADA, { from: { name: 'G', address: 'g@x.example' }, subject: 'Dropped' });
    await until(() => endpoint.notifications('/life').length === 1, 'missed');
    expect(endpoint.notifications('/life')[0]).toMatchObject({ subscriptionId: body.id, lifecycleEvent: 'missed', clientState: 'secret-state' });
    expect(endpoint.notifications()).toEqual([]);

    await admin.removeSubscription(body.id);
    await until(() => endpoint.notifications('/life').length === 2, 'subscriptionRemoved');
    expect(endpoint.notifications('/life')[1]).toMatchObject({ lifecycleEvent: 'subscriptionRemoved' });
    expect((await graph.get(`/subscriptions/${body.id}`)).status).toBe(404);
  });

  it('delivers event changes (created, updated, deleted) to an events subscription', async () => {
    await graph.request('POST', '/subscriptions', { body: createBody({ resource: 'me/events', changeType: 'created,updated,deleted' }) });
    const start = new Date(Date.now() + 60 * MINUTE).toISOString();
    const end = new Date(Date.now() + 90 * MINUTE).toISOString();
    const { id } = await admin.addEvent(ADA, { subject: 'Standup', start, end });
    await admin.patchEvent(ADA, id, { subject: 'Standup (moved)' });
    await admin.deleteEvent(ADA, id);
    await until(() => endpoint.notifications().length === 3, 'three event notifications');
    expect(endpoint.notifications().map((n) => n['changeType'])).toEqual(['created', 'updated', 'deleted']);
  });
});
