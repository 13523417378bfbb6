import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../main/core/graph/retry-policy.ts';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);

describe('parseRetryAfter', () => {
  it('reads whole seconds', () => {
    expect(parseRetryAfter('10', NOW)).toBe(10_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads decimal seconds, rounding up so a retry is never early', () => {
    expect(parseRetryAfter('1.5', NOW)).toBe(1_500);
    expect(parseRetryAfter('0.0001', NOW)).toBe(1);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Mon, 02 Nov 2026 09:00:30 GMT', NOW)).toBe(30_000);
  });

  it('treats an HTTP-date in the past as "now"', () => {
    expect(parseRetryAfter('Mon, 02 Nov 2026 08:59:00 GMT', NOW)).toBe(0);
  });

  it.each([undefined, null, '', 'soon', '-5', '1e3', '2', 'Mon, 99 Foo 2026 09:00:30 GMT', '10 seconds'])(
    'returns null for absent or garbage value %j (except plain numbers)',
    (value) => {
      const result = parseRetryAfter(value as string | undefined, NOW);
      if (value === '2') expect(result).toBe(2_000);
      else expect(result).toBeNull();
    },
  );
});

describe('backoffDelay', () => {
  it('stays within [ceiling/2, ceiling] for every attempt and random value', () => {
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const ceiling = Math.min(60_000, 1_000 * 2 ** attempt);
      for (const r of [0, 0.25, 0.5, 0.999999]) {
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('grows exponentially and is capped', () => {
    expect(backoffDelay(0, () => 0.999999)).toBe(1_000);
    expect(backoffDelay(3, () => 0.999999)).toBe(8_000);
    expect(backoffDelay(50, () => 0.999999)).toBe(60_000);
    expect(backoffDelay(2, () => 0, { baseMs: 100, maxMs: 300 })).toBe(150);
  });

  it('clamps a misbehaving random source', () => {
    expect(backoffDelay(0, () => 5)).toBe(1_000);
    expect(backoffDelay(0, () => -1)).toBe(500);
  });
});

describe('isRetryableStatus', () => {
  it('retries throttling and transient server errors only', () => {
    expect([429, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 410, 500, 502].some(isRetryableStatus)).toBe(false);
  });
});
