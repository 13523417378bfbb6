// "Until tomorrow" is one pure function (main/core/notify/pause-until.ts) for the tray menu and the
// popup's settings: 08:00 local on the coming morning. Local time depends on the process's zone,
// so each case runs under an explicit TZ (Node re-reads process.env.TZ when it is assigned).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pauseForOneHour, pauseUntilTomorrow } from '../../main/core/notify/pause-until.ts';

let savedTz: string | undefined;
beforeEach(() => {
  savedTz = process.env.TZ;
});
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

/** The wall clock in a zone, "YYYY-MM-DD HH:mm", read through Intl (independent of the code under test). */
function wallClock(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '?';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function inZone(timeZone: string): void {
  process.env.TZ = timeZone;
  // Guard: the zone really applies, or every case below would test UTC.
  expect(new Date(Date.UTC(2026, 0, 15, 12)).getTimezoneOffset(), `TZ=${timeZone} not applied`).toBe(
    { 'Europe/Moscow': -180, 'America/New_York': 300, 'Europe/Berlin': -60, 'America/Santiago': 180, UTC: 0 }[timeZone],
  );
}

describe('pauseUntilTomorrow', () => {
  it('in the evening: 08:00 the next morning, so a pause at 23:00 lasts the night', () => {
    inZone('Europe/Moscow');
    const at = Date.UTC(2026, 10, 28, 20, 0); // 23:00 in Moscow (UTC+3)
    const until = pauseUntilTomorrow(at);
    expect(wallClock(until, 'Europe/Moscow')).toBe('2026-11-29 08:00');
    expect(until).toBe(Date.UTC(2026, 10, 29, 5, 0));
  });

  it('at 00:30 "tomorrow" is the coming morning (08:00 today), not the day after', () => {
    inZone('Europe/Moscow');
    const at = Date.UTC(2026, 10, 28, 21, 30); // 00:30 on the 29th in Moscow
    expect(wallClock(at, 'Europe/Moscow')).toBe('2026-11-29 00:30');
    expect(wallClock(pauseUntilTomorrow(at), 'Europe/Moscow')).toBe('2026-11-29 08:00');
  });

  it('the night ends at 04:00: 03:59 → this morning, 04:00 and later → tomorrow morning', () => {
    inZone('UTC');
    expect(wallClock(pauseUntilTomorrow(Date.UTC(2026, 10, 28, 3, 59)), 'UTC')).toBe('2026-11-28 08:00');
    expect(wallClock(pauseUntilTomorrow(Date.UTC(2026, 10, 28, 4, 0)), 'UTC')).toBe('2026-11-29 08:00');
    expect(wallClock(pauseUntilTomorrow(Date.UTC(2026, 10, 28, 9, 30)), 'UTC')).toBe('2026-11-29 08:00');
    expect(wallClock(pauseUntilTomorrow(Date.UTC(2026, 10, 28, 8, 0)), 'UTC')).toBe('2026-11-29 08:00');
  });

  it('across the end of a month and a year', () => {
    inZone('UTC');
    expect(wallClock(pauseUntilTomorrow(Date.UTC(2026, 11, 31, 22, 0)), 'UTC')).toBe('2027-01-01 08:00');
  });

  it('DST starts in the night (New York, 2026-03-08 02:00 → 03:00): 08:00 EDT, 8 hours later not 9', () => {
    inZone('America/New_York');
    const at = Date.UTC(2026, 2, 8, 4, 0); // 23:00 EST on the 7th
    expect(wallClock(at, 'America/New_York')).toBe('2026-03-07 23:00');
    const until = pauseUntilTomorrow(at);
    expect(wallClock(until, 'America/New_York')).toBe('2026-03-08 08:00');
    expect(until).toBe(Date.UTC(2026, 2, 8, 12, 0)); // UTC−4 after the change
    expect(until - at).toBe(8 * 3_600_000);
  });

  it('DST ends in the night (Berlin, 2026-10-25 03:00 → 02:00): 08:00 CET, 11 hours later (10 on the wall clock)', () => {
    inZone('Europe/Berlin');
    const at = Date.UTC(2026, 9, 24, 20, 0); // 22:00 CEST on the 24th
    const until = pauseUntilTomorrow(at);
    expect(wallClock(until, 'Europe/Berlin')).toBe('2026-10-25 08:00');
    expect(until - at).toBe(11 * 3_600_000);
  });

  it('a zone whose midnight does not exist on the DST day (Santiago, 2026-09-06 00:00 → 01:00) still gets 08:00', () => {
    inZone('America/Santiago');
    const at = Date.UTC(2026, 8, 6, 3, 0); // 23:00 on the 5th (UTC−4 before the change)
    expect(wallClock(at, 'America/Santiago')).toBe('2026-09-05 23:00');
    expect(wallClock(pauseUntilTomorrow(at), 'America/Santiago')).toBe('2026-09-06 08:00');
  });
});

describe('pauseForOneHour', () => {
  it('is one hour from now, whatever the wall clock does', () => {
    const at = Date.UTC(2026, 2, 8, 6, 30);
    expect(pauseForOneHour(at)).toBe(at + 3_600_000);
  });
});
