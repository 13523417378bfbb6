// The rolling calendarView window: now − 1 h to now + 7 days. calendarView delta encodes the
// window in its state tokens, so a delta link can never move it; rolling forward means a new
// initial round for a new window (see calendar-delta-sync.ts).
// https://learn.microsoft.com/graph/delta-query-events

export interface CalendarWindow {
  /** UTC ISO instant. */
  start: string;
  end: string;
}

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export interface WindowPolicy {
  /** How far back the window reaches (ongoing meetings and just-missed reminders). */
  lookBehindMs: number;
  /** How far ahead the window reaches. */
  lookAheadMs: number;
  /** Roll when less than this much horizon remains ahead of now. */
  minHorizonMs: number;
}

/** now − 1 h … now + 7 days; roll once less than 6 days remain (so about once a day). */
export const DEFAULT_WINDOW_POLICY: WindowPolicy = {
  lookBehindMs: HOUR_MS,
  lookAheadMs: 7 * DAY_MS,
  minHorizonMs: 6 * DAY_MS,
};

export function windowAt(now: number, policy: WindowPolicy = DEFAULT_WINDOW_POLICY): CalendarWindow {
  // Whole seconds keep the URL short and stable; Graph takes ISO 8601 with Z.
  const second = (t: number) => new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return { start: second(now - policy.lookBehindMs), end: second(now + policy.lookAheadMs) };
}

/** True when the window no longer covers what the user needs: horizon short, or the clock went back. */
export function windowNeedsRoll(window: CalendarWindow, now: number, policy: WindowPolicy = DEFAULT_WINDOW_POLICY): boolean {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (Number.isNaN(start) || Number.isNaN(end)) return true;
  return end - now < policy.minHorizonMs || now < start;
}
