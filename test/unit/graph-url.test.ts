import { describe, expect, it } from 'vitest';
import { mergePrefer, normalizeRequestHeaders, toRelativeUrl } from '../../main/core/graph/graph-url.ts';
import { Semaphore } from '../../main/core/graph/semaphore.ts';

describe('toRelativeUrl', () => {
  it('strips origin and version from absolute next/delta links, keeping the token bytes', () => {
    expect(toRelativeUrl("https://graph.microsoft.com/v1.0/me/mailFolders('inbox')/messages/delta?$deltatoken=a'b%27c")).toBe(
      "/me/mailFolders('inbox')/messages/delta?$deltatoken=a'b%27c",
    );
    expect(toRelativeUrl('http://127.0.0.1:4010/beta/me/messages?$skiptoken=x')).toBe('/me/messages?$skiptoken=x');
  });

  it('leaves relative URLs alone and adds a leading slash', () => {
    expect(toRelativeUrl('/me/messages/abc')).toBe('/me/messages/abc');
    expect(toRelativeUrl('me/messages')).toBe('/me/messages');
    expect(toRelativeUrl('/v1.0/me')).toBe('/me');
    expect(toRelativeUrl('/v1.0x/me')).toBe('/v1.0x/me');
  });
});

describe('Prefer headers', () => {
  it('always asks for immutable ids and merges other preferences', () => {
    expect(mergePrefer()).toBe('IdType="ImmutableId"');
    expect(mergePrefer('odata.maxpagesize=2000', 'outlook.timezone="UTC"')).toBe(
      'IdType="ImmutableId", odata.maxpagesize=2000, outlook.timezone="UTC"',
    );
  });

  it('lets a later value of the same preference win and keeps quoted commas', () => {
    expect(mergePrefer('odata.maxpagesize=10, odata.maxpagesize=20')).toBe('IdType="ImmutableId", odata.maxpagesize=20');
    expect(mergePrefer('outlook.timezone="A, B"')).toBe('IdType="ImmutableId", outlook.timezone="A, B"');
  });

  it('normalizes header names case-insensitively', () => {
    expect(normalizeRequestHeaders({ PREFER: 'odata.maxpagesize=5', 'X-Thing': '1' })).toEqual({
      prefer: 'IdType="ImmutableId", odata.maxpagesize=5',
      'x-thing': '1',
    });
  });
});

describe('Semaphore', () => {
  it('never lets more than its size run at once and serves waiters in order', async () => {
    const gate = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const tasks = [0, 1, 2, 3, 4].map((n) =>
      gate.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(n);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
      }),
    );
    while (order.length < 5) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    releases.forEach((r) => r());
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(gate.inUse).toBe(0);
  });

  it('rejects a nonsensical size', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
