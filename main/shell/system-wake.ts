// The machine woke (or its screen was unlocked): tell the core at once, so mail that arrived
// during the sleep and reminders that fell due are not left to timers that ran on a clock that
// stood still. Electron's powerMonitor says so ('resume'; 'unlock-screen' on macOS and Windows);
// a wake usually brings both, so calls within a few seconds count once. Where powerMonitor
// stays silent (electron/electron#42050 on some Linux set-ups), the engine notices the sleep
// itself from a late poll timer (HeraldEngine SLEEP_DETECTION_LATENESS_MS).
// https://www.electronjs.org/docs/latest/api/power-monitor — usable only after app 'ready'.
import type { PowerMonitor } from 'electron';

export const WAKE_EVENTS = ['resume', 'unlock-screen'] as const;
export const WAKE_COALESCE_MS = 5_000;

export type WakeSource = Pick<PowerMonitor, 'on'>;

export function watchSystemWake(powerMonitor: WakeSource, onWake: () => void, now: () => number = Date.now): void {
  let last = -Infinity;
  const wake = () => {
    const at = now();
    if (at - last < WAKE_COALESCE_MS) return;
    last = at;
    onWake();
  };
  for (const event of WAKE_EVENTS) powerMonitor.on(event as 'resume', wake);
}
