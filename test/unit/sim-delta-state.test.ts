// The delta state tokens and the sorted folder index the inbox delta relies on.
import { describe, expect, it } from 'vitest';
import { decodeDeltaState, encodeDeltaState, type DeltaState } from '../../sim/graph/delta-token.ts';
import { GraphError } from '../../sim/graph/graph-call.ts';
import { insertSorted, lowerBound, mergeSorted, removeSorted } from '../../sim/graph/sorted-index.ts';
import { parseMailFilter } from '../../sim/graph/mail-delta.ts';
import { normalizeSegments, parsePrefer } from '../../sim/graph/odata.ts';

describe('delta tokens', () => {
  it('round-trip the query and position', () => {
    const state: DeltaState = {
      query: { kind: 'mail', userId: 'u', folderId: 'f', select: ['subject'], filter: { op: 'ge', ms: 5 }, epoch: 0 },
      position: { phase: 'initial', baseline: 3, returned: 10, cursor: { ms: 9, id: 'm' } },
    };
    expect(decodeDeltaState(encodeDeltaState(state))).toEqual(state);
  });

  it('reject tampered tokens with a 400', () => {
    const bad = Buffer.from(JSON.stringify({ query: { kind: 'mail' } })).toString('base64url');
    for (const token of ['%%%', bad, '']) {
      expect(() => decodeDeltaState(token)).toThrow(GraphError);
    }
  });
});

describe('sorted folder index', () => {
  const item = (receivedMs: number, id: string) => ({ receivedMs, id });
  it('inserts, finds, removes and merges by (receivedMs, id)', () => {
    const list = [item(1, 'a'), item(3, 'a')];
    const mid = item(2, 'b');
    insertSorted(list, mid);
    insertSorted(list, item(2, 'a'));
    expect(list.map((i) => `${i.receivedMs}${i.id}`)).toEqual(['1a', '2a', '2b', '3a']);
    expect(lowerBound(list, 2, 'b')).toBe(2);
    expect(removeSorted(list, mid)).toBe(true);
    expect(removeSorted(list, item(2, 'b'))).toBe(false);
    const merged = mergeSorted(list, [item(0, 'z'), item(2, 'c'), item(9, 'a')]);
    expect(merged.map((i) => `${i.receivedMs}${i.id}`)).toEqual(['0z', '1a', '2a', '2c', '3a', '9a']);
  });
});

describe('OData parsing', () => {
  it('parses the receivedDateTime filter and nothing else', () => {
    expect(parseMailFilter("receivedDateTime ge 2026-11-14T00:00:00Z")).toEqual({ op: 'ge', ms: Date.parse('2026-11-14T00:00:00Z') });
    expect(parseMailFilter('receivedDateTime gt 2026-11-14T02:00:00 02:00')).toEqual({ op: 'gt', ms: Date.parse('2026-11-14T00:00:00Z') });
    expect(parseMailFilter(null)).toBeUndefined();
    expect(() => parseMailFilter('isRead eq false')).toThrow(GraphError);
  });

  it('turns key-as-parens into segments and reads Prefer', () => {
    expect(normalizeSegments("/me/mailFolders('inbox')/messages('AA=')/move")).toEqual(['me', 'mailFolders', 'inbox', 'messages', 'AA=', 'move']);
    expect(parsePrefer('odata.maxpagesize=50, IdType="ImmutableId", outlook.timezone="UTC"')).toEqual({ immutableId: true, maxPageSize: 50, timeZone: 'UTC' });
    expect(parsePrefer('odata.maxpagesize=-1')).toEqual({ immutableId: false });
  });
});
