// The two pause lengths offered in settings (the tray offers the same): one hour from now, and
// "until tomorrow" = tomorrow at 08:00 local time.
export function pauseForOneHour(nowMs: number): number {
  return nowMs + 60 * 60_000;
}

export function pauseUntilTomorrow(nowMs: number): number {
  const now = new Date(nowMs);
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 8, 0, 0, 0).getTime();
}
