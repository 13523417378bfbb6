// When to retry a Graph call and how long to wait. Graph's throttling guidance says: honour
// Retry-After on 429 (and 503/504 when present) and never retry sooner; without it, back off
// exponentially. https://learn.microsoft.com/graph/throttling#best-practices-to-handle-throttling
// GRAPH-NOTES.md: Retry-After is in seconds, but a decimal or an HTTP date must be accepted too.

/** Statuses Graph documents as transient: throttled, unavailable, gateway timeout. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503 || status === 504;
}

/**
 * Milliseconds to wait according to a Retry-After header value, or null when the header is
 * absent or unreadable (the caller then uses backoff). Accepts delta-seconds ("10"), a decimal
 * ("1.5") and an HTTP-date (RFC 9110 §10.2.3). Rounded up: never retry sooner than asked.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? Math.ceil(seconds * 1000) : null;
  }
  // An HTTP-date always names a weekday and "GMT"; Date.parse alone accepts far too much
  // (e.g. "2" parses as a year), so require the shape before trusting it.
  if (!/^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}:\d{2}\s+GMT$/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

export const DEFAULT_BACKOFF_BASE_MS = 1_000;
export const DEFAULT_BACKOFF_MAX_MS = 60_000;

/**
 * "Full jitter" exponential backoff (attempt 0 → up to base, 1 → up to 2×base, …, capped):
 * spreads retries of many clients so they do not hit a recovering service together.
 * The result lies in [ceiling/2, ceiling] so that a retry is never immediate.
 * `random` returns a number in [0, 1) and is injected for tests.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const max = options.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt, 30)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}
