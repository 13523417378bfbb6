// The two pause lengths offered by the tray menu and by the popup's settings, decided once so both
// mean the same thing. Pure and import-free: the renderer bundle imports this file too.

const HOUR_MS = 60 * 60_000;

/** "Until tomorrow" ends at this local hour: a pause taken late in the evening lasts the night. */
export const PAUSE_MORNING_HOUR = 8;

/**
 * Before this local hour it is still "tonight": a pause at 00:30 ends this coming morning at 08:00,
 * not the morning after (the user has not slept yet; "tomorrow" is the day they wake up to).
 */
export const PAUSE_NIGHT_ENDS_HOUR = 4;

/** One hour from now. */
export function pauseForOneHour(nowMs: number): number {
  return nowMs + HOUR_MS;
}

/**
 * "Until tomorrow": 08:00 local time on the coming morning — tomorrow's date, or today's when the
 * pause is taken between midnight and 04:00. Built from local date parts, so a DST change during
 * the night moves the instant with the wall clock (08:00 is never in a transition gap).
 */
export function pauseUntilTomorrow(nowMs: number): number {
  const now = new Date(nowMs);
  const daysAhead = now.getHours() < PAUSE_NIGHT_ENDS_HOUR ? 0 : 1;
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysAhead, PAUSE_MORNING_HOUR, 0, 0, 0).getTime();
}
