// "One $batch per poll cycle carries the inbox delta, the calendar delta and the unread count"
// (issue 2), read from the simulator's request log: which outer HTTP requests an idle cycle sent,
// and which inner requests rode in each.
import { afterEach, describe, expect, it } from 'vitest';
import { SELF_ADDRESSES_PATH } from '../../main/core/mail/self-addresses.ts';
import type { RequestLogEntry } from '../../sim/request-log.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';

const ADA = 'ada@contoso.example';

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

/** What each inner request is, by its path (inner paths are the version prefix + the relative url). */
function innerKind(entry: RequestLogEntry): string {
  const pathOnly = decodeURIComponent(entry.path.split('?')[0] ?? '');
  if (pathOnly === "/v1.0/me/mailFolders('inbox')/messages/delta") return 'inboxDelta';
  if (pathOnly === '/v1.0/me/calendarView/delta') return 'calendarDelta';
  if (pathOnly === "/v1.0/me/mailFolders('inbox')" && decodeURIComponent(entry.path).includes('$select=unreadItemCount')) return 'unreadCount';
  return `other: ${entry.method} ${entry.path}`;
}

describe('engine: one $batch per poll cycle', () => {
  it('an idle cycle is one HTTP request carrying exactly the inbox delta, the calendar delta and the unread count', async () => {
    h = await startEngineHarness();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.deliver(ADA, { subject: 'Before sign-in' });
    await h.admin.addEvent(ADA, { subject: 'Standup', start: new Date(h.clock.now() + 60 * 60_000).toISOString(), end: new Date(h.clock.now() + 90 * 60_000).toISOString() });
    await h.cycle(); // the baseline (and /me, once)
    await h.clock.advance(60_000);

    await h.admin.clearRequests();
    const [report] = await h.cycle();
    expect(report?.state.kind).toBe('ok');
    expect(report?.extraPages, 'an idle cycle fetched pages beyond its $batch').toBe(0);
    expect(report?.newMessages).toBe(0);

    const log = await h.admin.requests();
    const outer = log.filter((r) => !r.inner);
    expect(
      outer.map((r) => `${r.method} ${r.path}`),
      'an idle cycle must be exactly one HTTP request',
    ).toEqual(['POST /v1.0/$batch']);
    expect(outer[0]?.status).toBe(200);
    const batchId = outer[0]?.clientRequestId;
    expect(batchId, 'the outer request carried no client-request-id to match its inner ones by').toBeTruthy();

    const inner = log.filter((r) => r.inner);
    expect(inner.every((r) => r.batchClientRequestId === batchId), 'an inner request rode in another batch').toBe(true);
    expect(inner.map(innerKind).sort()).toEqual(['calendarDelta', 'inboxDelta', 'unreadCount']);
    expect(inner.every((r) => r.status === 200)).toBe(true);
  });

  it("the first cycle asks /me inside the same $batch, and idle cycles after it do not", async () => {
    h = await startEngineHarness();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.admin.clearRequests();
    await h.cycle();
    const first = await h.admin.requests();
    expect(first.filter((r) => !r.inner).map((r) => r.path)).toEqual(['/v1.0/$batch']);
    expect(first.filter((r) => r.inner).map((r) => decodeURIComponent(r.path))).toContain(`/v1.0${SELF_ADDRESSES_PATH}`);

    await h.admin.clearRequests();
    await h.clock.advance(60_000);
    await h.cycle();
    expect((await h.admin.requests()).filter((r) => r.inner && r.path.includes('/me?'))).toEqual([]);
  });
});
