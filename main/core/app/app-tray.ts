// Publishes the tray state: recomputed when something changes and once a minute (the tooltip
// counts down to the next meeting, and a pause ends by itself), sent to listeners only when it
// actually changed, so a host redraws its icon rarely.
import type { Clock, TimerHandle } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { TrayState } from './tray-state.ts';

/** The tooltip counts down to the next meeting and a pause ends on its own: re-decide each minute. */
const TRAY_TICK_MS = 60_000;

export class AppTray {
  private readonly listeners = new Set<(state: TrayState) => void>();
  private last: TrayState | null = null;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly compute: () => TrayState,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  current(): TrayState {
    return this.last ?? this.compute();
  }

  onChange(listener: (state: TrayState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the once-a-minute re-decision. */
  start(): void {
    this.stop();
    this.timer = this.clock.setTimeout(() => {
      this.refresh();
      this.start();
    }, TRAY_TICK_MS);
  }

  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  refresh(): void {
    const next = this.compute();
    const last = this.last;
    this.last = next;
    // The menu's labels are one object per language: a language change is a change too.
    if (last && last.kind === next.kind && last.unreadTotal === next.unreadTotal && last.tooltip === next.tooltip && last.menu === next.menu) return;
    for (const listener of this.listeners) {
      try {
        listener(next);
      } catch (err) {
        this.log.error({ err }, 'tray listener threw');
      }
    }
  }
}
