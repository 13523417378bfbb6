// The machine woke (or its screen was unlocked): tell the core at once, so mail that arrived
// during the sleep and reminders that fell due are not left to timers that ran on a clock that
// stood still. Electron's powerMonitor says so ('resume'; 'unlock-screen' on macOS and Windows);
// a wake usually brings both, and the core counts signals seconds apart once
// (HeraldApp.systemResumed). Where powerMonitor stays silent (electron/electron#42050 on some
// Linux set-ups), the engine notices the sleep itself from a late poll timer.
// https://www.electronjs.org/docs/latest/api/power-monitor — usable only after app 'ready'.
import type { PowerMonitor } from 'electron';

export const WAKE_EVENTS = ['resume', 'unlock-screen'] as const;

export type WakeSource = Pick<PowerMonitor, 'on'>;

export function watchSystemWake(powerMonitor: WakeSource, onWake: () => void): void {
  for (const event of WAKE_EVENTS) powerMonitor.on(event as 'resume', () => onWake());
}
