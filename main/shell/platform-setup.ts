// Per-OS start-up: a tray app has no Dock icon on macOS (LSUIElement in the packaged Info.plist,
// and dock.hide() for unpackaged runs), and on Windows an AppUserModelID, without which toasts
// are not shown for an unpackaged app
// (https://www.electronjs.org/docs/latest/tutorial/notifications#windows).
import type { App } from 'electron';

export const APP_USER_MODEL_ID = 'app.herald.desktop';

export type PlatformApp = Pick<App, 'setAppUserModelId'> & { dock?: Pick<NonNullable<App['dock']>, 'hide'> };

export function setupPlatform(app: PlatformApp, platform: NodeJS.Platform | string): void {
  if (platform === 'darwin') app.dock?.hide();
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}
