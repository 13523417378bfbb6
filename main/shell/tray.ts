// The tray icon and its menu. Options carry the Electron pieces (Signal's SystemTrayService takes
// `createTrayInstance` the same way), so the logic is unit-tested with fakes. All of the tray's
// look comes from `render()`, which reads only the current TrayState: icon, tooltip, menu (its
// labels come with the state, in the app's language, so a locale change redraws it).
import type { Menu, MenuItemConstructorOptions, NativeImage, Rectangle, Tray } from 'electron';
import type { TrayState } from '../core/app/tray-state.ts';
import type { Logger } from '../core/log.ts';
import { pauseForOneHour, pauseUntilTomorrow } from '../core/notify/pause-until.ts';

/** The slice of `Tray` the service uses. */
export type TrayLike = Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on' | 'destroy' | 'getBounds' | 'popUpContextMenu'>;

export interface TrayActions {
  togglePopup(): void;
  openPopup(): void;
  checkNow(): void;
  /** Pause mail notifications until an instant (epoch ms), or resume with null. */
  pause(until: number | null): void;
  openSettings(): void;
  quit(): void;
}

export interface TrayServiceOptions {
  createTrayInstance(icon: NativeImage): TrayLike;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  iconFor(state: TrayState): NativeImage;
  actions: TrayActions;
  platform: NodeJS.Platform | string;
  /** Epoch ms now, for the pause items. */
  now(): number;
  logger: Logger;
}

export class TrayService {
  private tray: TrayLike | null = null;
  private state: TrayState;
  private failure: Error | null = null;

  constructor(
    private readonly o: TrayServiceOptions,
    initial: TrayState,
  ) {
    this.state = initial;
  }

  /**
   * Creates the tray icon. Returns false when the desktop has no tray (creation threw, e.g. on a
   * Linux session without a StatusNotifier host) — the caller then opens the popup as a window.
   */
  create(): boolean {
    if (this.tray) return true;
    try {
      const tray = this.o.createTrayInstance(this.o.iconFor(this.state));
      // Left click toggles the popup; on Windows and Linux the right click shows the menu set by
      // setContextMenu. macOS shows the context menu on any click when one is set, so there the
      // menu is popped up on right click only (https://www.electronjs.org/docs/latest/api/tray).
      tray.on('click', () => this.o.actions.togglePopup());
      if (this.o.platform === 'darwin') {
        tray.on('right-click', () => tray.popUpContextMenu(this.menu()));
      }
      this.tray = tray;
      this.render();
      return true;
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err));
      this.o.logger.warn({ err: this.failure.message }, 'tray: could not create the tray icon; the popup opens as a window');
      return false;
    }
  }

  get available(): boolean {
    return this.tray !== null;
  }

  get creationError(): Error | null {
    return this.failure;
  }

  /** Screen rectangle of the icon, or null where the platform does not say (Linux). */
  bounds(): Rectangle | null {
    return this.tray?.getBounds() ?? null;
  }

  setState(state: TrayState): void {
    this.state = state;
    this.render();
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = null;
  }

  /** Builds the menu template from the current state (exported shape for tests via `menuTemplate`). */
  menuTemplate(): MenuItemConstructorOptions[] {
    const a = this.o.actions;
    const paused = this.state.kind === 'paused';
    const label = this.state.menu;
    return [
      { id: 'open', label: label.open, click: () => a.openPopup() },
      { id: 'checkNow', label: label.checkNow, enabled: this.state.kind !== 'signedOut', click: () => a.checkNow() },
      {
        id: 'pause',
        label: label.pause,
        submenu: [
          { id: 'pause.hour', label: label.pauseHour, click: () => a.pause(pauseForOneHour(this.o.now())) },
          // The same "until tomorrow" as the popup's settings (08:00 on the coming morning).
          { id: 'pause.tomorrow', label: label.pauseTomorrow, click: () => a.pause(pauseUntilTomorrow(this.o.now())) },
          { type: 'separator' },
          { id: 'pause.resume', label: label.resume, enabled: paused, click: () => a.pause(null) },
        ],
      },
      { id: 'settings', label: label.settings, click: () => a.openSettings() },
      { type: 'separator' },
      { id: 'quit', label: label.quit, click: () => a.quit() },
    ];
  }

  private menu(): Menu {
    return this.o.buildMenu(this.menuTemplate());
  }

  /** The one place the tray's look is decided. */
  private render(): void {
    const tray = this.tray;
    if (!tray) return;
    tray.setImage(this.o.iconFor(this.state));
    tray.setToolTip(this.state.tooltip);
    if (this.o.platform !== 'darwin') tray.setContextMenu(this.menu());
  }
}
