// The popup opened by the web host for a notification click reads its target from the URL
// fragment (`#open=` + encodeURIComponent(JSON), contract.ts): every target kind round-trips,
// and anything else — another fragment, bad JSON, wrong shapes, oversized ids — opens nothing.
import { describe, expect, it } from 'vitest';
import type { NavigateTarget } from '../../preload/contract.ts';
import { openingTarget } from '../../renderer/src/lib/opening-target.ts';

const fragment = (target: unknown) => `#open=${encodeURIComponent(JSON.stringify(target))}`;

describe('openingTarget', () => {
  it('reads every navigate target the web host writes', () => {
    const targets: NavigateTarget[] = [
      { kind: 'message', accountId: 'acc-1', messageId: 'AAMkAD/+=x' },
      { kind: 'event', accountId: 'acc-1', eventId: 'e1' },
      { kind: 'inbox', accountId: null },
      { kind: 'inbox', accountId: 'acc-2' },
      { kind: 'agenda' },
      { kind: 'settings' },
    ];
    for (const target of targets) expect(openingTarget(fragment(target))).toEqual(target);
  });

  it('opens nothing for anything else', () => {
    for (const hash of ['', '#', '#/inbox', '#open=', '#open=%7Bnot%20json', fragment(null), fragment([1]), fragment({ kind: 'message', accountId: 'a' }), fragment({ kind: 'message', accountId: 'a', messageId: 7 }), fragment({ kind: 'message', accountId: 'a', messageId: 'x'.repeat(5000) }), fragment({ kind: 'javascript' }), '#open=%E0%A4%A']) {
      expect(openingTarget(hash), hash.slice(0, 40)).toBeNull();
    }
  });

  it('keeps only the fields of the target (extra ones are dropped)', () => {
    expect(openingTarget(fragment({ kind: 'agenda', evil: '<img src=x>' }))).toEqual({ kind: 'agenda' });
  });
});
