// InboxDeltaSync over hand-written pages shaped like the documented examples in
// https://learn.microsoft.com/graph/api/message-delta and delta-query-messages.
import { describe, expect, it } from 'vitest';
import { InboxDeltaSync, INBOX_DELTA_PAGE_SIZE } from '../../main/core/mail/inbox-delta-sync.ts';
import { parseInboxSyncState } from '../../main/core/mail/inbox-sync-state.ts';
import { GraphError } from '../../main/core/graph/graph-errors.ts';
import type { GraphResponse } from '../../main/core/graph/graph-request.ts';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const HOUR = 3_600_000;
const BASE = "https://graph.microsoft.com/v1.0/me/mailFolders('inbox')/messages/delta";

function msg(id: string, hoursAgo: number, extra: Record<string, unknown> = {}) {
  return {
    '@odata.type': '#microsoft.graph.message',
    '@odata.etag': `W/"${id}"`,
    id,
    receivedDateTime: new Date(NOW - hoursAgo * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    subject: `Subject ${id}`,
    bodyPreview: `Preview ${id}`,
    isRead: false,
    importance: 'normal',
    inferenceClassification: 'focused',
    hasAttachments: false,
    flag: { flagStatus: 'notFlagged' },
    webLink: `https://outlook.office365.com/owa/?ItemID=${id}`,
    conversationId: `conv-${id}`,
    from: { emailAddress: { name: 'Sender', address: 'sender@contoso.com' } },
    ...extra,
  };
}

function page(value: unknown[], link: { next?: string; delta?: string }): GraphResponse {
  const body: Record<string, unknown> = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(message)', value };
  if (link.next) body['@odata.nextLink'] = `${BASE}?$skiptoken=${link.next}`;
  if (link.delta) body['@odata.deltaLink'] = `${BASE}?$deltatoken=${link.delta}`;
  return { status: 200, headers: {}, body };
}

function kinds(changes: { kind: string; id?: string; item?: { id: string } }[]): string[] {
  return changes.map((c) => `${c.kind}:${c.item?.id ?? c.id}`);
}

describe('InboxDeltaSync', () => {
  it('starts with a windowed, ordered, minimal initial request and a big page size', () => {
    const sync = new InboxDeltaSync();
    const req = sync.nextRequest(NOW);
    expect(req.method).toBe('GET');
    const url = new URL(`https://x${req.url}`);
    expect(url.pathname).toBe("/me/mailFolders('inbox')/messages/delta");
    expect(url.searchParams.get('$select')).toBe('receivedDateTime,from,subject,bodyPreview,isRead,importance,inferenceClassification,hasAttachments,flag,webLink,conversationId');
    expect(url.searchParams.get('$filter')).toBe('receivedDateTime ge 2026-10-19T09:00:00Z');
    expect(url.searchParams.get('$orderby')).toBe('receivedDateTime desc');
    expect(req.headers?.['Prefer']).toBe(`odata.maxpagesize=${INBOX_DELTA_PAGE_SIZE}`);
    expect(Math.ceil(5000 / INBOX_DELTA_PAGE_SIZE) + 1).toBeLessThanOrEqual(5);
  });

  it('pages through nextLinks, then uses the deltaLink', () => {
    const sync = new InboxDeltaSync();
    sync.nextRequest(NOW);
    const first = sync.applyResponse(page([msg('a', 1), msg('b', 2)], { next: 'p2' }));
    expect(first).toMatchObject({ roundComplete: false, resynced: false });
    expect(kinds(first.changes)).toEqual(['added:a', 'added:b']);
    expect(sync.nextRequest(NOW + 1).url).toBe(`${BASE}?$skiptoken=p2`);
    const second = sync.applyResponse(page([msg('c', 30)], { delta: 'd1' }));
    expect(second).toMatchObject({ roundComplete: true, roundStartedAt: NOW });
    expect(kinds(second.changes)).toEqual(['added:c']);
    expect(sync.isFirstRound).toBe(false);
    expect(sync.nextRequest(NOW + 60_000).url).toBe(`${BASE}?$deltatoken=d1`);
    expect(sync.items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });

  it('reports updates with the previous item, skips unchanged ones, and handles @removed', () => {
    const sync = new InboxDeltaSync();
    sync.nextRequest(NOW);
    sync.applyResponse(page([msg('a', 1), msg('b', 2)], { delta: 'd1' }));
    sync.nextRequest(NOW + 60_000);
    const res = sync.applyResponse(
      page([msg('a', 1, { isRead: true }), msg('b', 2), { '@odata.type': '#microsoft.graph.message', id: 'b', '@removed': { reason: 'deleted' } }, { id: 'zz', '@removed': { reason: 'changed' } }, msg('n', 0)], {
        delta: 'd2',
      }),
    );
    expect(kinds(res.changes)).toEqual(['updated:a', 'removed:b', 'added:n']);
    const updated = res.changes[0];
    expect(updated?.kind === 'updated' && updated.previous.isRead).toBe(false);
    expect(sync.items.map((i) => i.id)).toEqual(['n', 'a']);
  });

  it('skips and counts malformed entries without throwing', () => {
    const sync = new InboxDeltaSync();
    sync.nextRequest(NOW);
    const res = sync.applyResponse(page([msg('a', 1), { subject: 'no id' }, 42, msg('bad', 1, { receivedDateTime: 'not a date' }), msg('b', 2)], { delta: 'd1' }));
    expect(kinds(res.changes)).toEqual(['added:a', 'added:b']);
    expect(res.malformed).toBe(3);
    expect(sync.state.malformedEntries).toBe(3);
  });

  it('throws a typed error for a page without the documented shape, leaving the state as it was', () => {
    const sync = new InboxDeltaSync();
    sync.nextRequest(NOW);
    sync.applyResponse(page([msg('a', 1)], { next: 'p2' }));
    const before = sync.state;
    for (const body of [{ value: 'nope', '@odata.deltaLink': 'x' }, { value: [] }, null, 'text']) {
      expect(() => sync.applyResponse({ status: 200, headers: {}, body })).toThrow(GraphError);
    }
    expect(() => sync.applyResponse({ status: 503, headers: { 'retry-after': '3' }, body: null })).toThrow(expect.objectContaining({ status: 503, retryAfterMs: 3000 }));
    expect(sync.state).toEqual(before);
  });

  it.each(['syncStateNotFound', 'resyncRequired'])('on 410 %s resyncs without re-adding known items, and reports what vanished', (code) => {
    const sync = new InboxDeltaSync();
    sync.nextRequest(NOW);
    sync.applyResponse(page([msg('a', 1), msg('b', 2), msg('c', 3)], { delta: 'd1' }));

    sync.nextRequest(NOW + HOUR);
    const gone = sync.applyResponse({ status: 410, headers: { location: `${BASE}` }, body: { error: { code, message: 'expired' } } });
    expect(gone).toMatchObject({ resynced: true, roundComplete: false, changes: [] });
    expect(sync.state.deltaLink).toBeNull();

    // The new initial round: a was read elsewhere, b was deleted meanwhile, d arrived meanwhile.
    const req = sync.nextRequest(NOW + HOUR);
    expect(req.url).toContain('$filter=');
    const p1 = sync.applyResponse(page([msg('d', 0.5), msg('a', 1, { isRead: true })], { next: 'r2' }));
    expect(kinds(p1.changes)).toEqual(['added:d', 'updated:a']);
    const p2 = sync.applyResponse(page([msg('c', 3)], { delta: 'd2' }));
    expect(p2.roundComplete).toBe(true);
    expect(kinds(p2.changes)).toEqual(['removed:b']);
    expect(sync.items.map((i) => i.id).sort()).toEqual(['a', 'c', 'd']);
    expect(sync.state.resyncing).toBe(false);
  });

  it('a 410 in the middle of paging also restarts cleanly', () => {
    const sync = new InboxDeltaSync();
    sync.nextRequest(NOW);
    sync.applyResponse(page([msg('a', 1)], { next: 'p2' }));
    sync.nextRequest(NOW);
    sync.applyResponse({ status: 410, headers: {}, body: { error: { code: 'syncStateNotFound' } } });
    expect(sync.nextRequest(NOW).url).toContain('$filter=');
    const res = sync.applyResponse(page([msg('a', 1), msg('b', 2)], { delta: 'd1' }));
    expect(kinds(res.changes)).toEqual(['added:b']);
  });

  it('prunes items older than the window, silently', () => {
    const sync = new InboxDeltaSync(undefined, { windowDays: 1 });
    sync.nextRequest(NOW);
    sync.applyResponse(page([msg('new', 1), msg('old', 20)], { delta: 'd1' }));
    expect(sync.items.map((i) => i.id)).toEqual(['new', 'old']);
    sync.nextRequest(NOW + 10 * HOUR);
    const res = sync.applyResponse(page([msg('old', 20, { isRead: true })], { delta: 'd2' }));
    expect(res.changes).toEqual([]);
    expect(sync.items.map((i) => i.id)).toEqual(['new']);
  });

  it('round-trips its state through JSON (restart continues where it stopped)', () => {
    const sync = new InboxDeltaSync();
    sync.nextRequest(NOW);
    sync.applyResponse(page([msg('a', 1)], { next: 'p2' }));
    const restored = parseInboxSyncState(JSON.parse(JSON.stringify(sync.state)));
    expect(restored).not.toBeNull();
    const again = new InboxDeltaSync(restored ?? undefined);
    expect(again.nextRequest(NOW).url).toBe(`${BASE}?$skiptoken=p2`);
    const res = again.applyResponse(page([msg('a', 1), msg('b', 2)], { delta: 'd1' }));
    expect(kinds(res.changes)).toEqual(['added:b']);
    expect(parseInboxSyncState({ version: 2 })).toBeNull();
  });
});
