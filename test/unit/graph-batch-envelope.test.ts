import { describe, expect, it } from 'vitest';
import { parseBatchResponse, toBatchEntry } from '../../main/core/graph/batch-envelope.ts';
import { GraphError } from '../../main/core/graph/graph-errors.ts';

describe('$batch envelope', () => {
  it('builds inner requests with relative URLs, immutable ids and a content type for bodies', () => {
    expect(toBatchEntry('1', { method: 'GET', url: 'https://graph.microsoft.com/v1.0/me/messages/delta?$deltatoken=abc', headers: { Prefer: 'odata.maxpagesize=50' } })).toEqual({
      id: '1',
      method: 'GET',
      url: '/me/messages/delta?$deltatoken=abc',
      headers: { prefer: 'IdType="ImmutableId", odata.maxpagesize=50' },
    });
    expect(toBatchEntry('2', { method: 'PATCH', url: '/me/messages/x', body: { isRead: true } })).toMatchObject({
      headers: { 'content-type': 'application/json' },
      body: { isRead: true },
    });
  });

  it('reads responses in any order, lower-casing header names', () => {
    const byId = parseBatchResponse(
      {
        responses: [
          { id: '2', status: 429, headers: { 'Retry-After': '3' }, body: { error: { code: 'TooManyRequests' } } },
          { id: '1', status: 200, body: { unreadItemCount: 2 } },
        ],
      },
      ['1', '2'],
    );
    expect(byId.get('1')).toEqual({ status: 200, headers: {}, body: { unreadItemCount: 2 } });
    expect(byId.get('2')?.headers).toEqual({ 'retry-after': '3' });
  });

  it.each([
    ['not an object', 'oops'],
    ['no responses', {}],
    ['bad status', { responses: [{ id: '1', status: '200' }] }],
    ['a missing id', { responses: [{ id: '1', status: 200 }] }],
  ])('turns %s into a malformedResponse error', (_label, body) => {
    expect(() => parseBatchResponse(body, ['1', '2'])).toThrow(GraphError);
    try {
      parseBatchResponse(body, ['1', '2']);
    } catch (error) {
      expect(error).toMatchObject({ kind: 'malformedResponse' });
    }
  });
});
