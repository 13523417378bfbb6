// Test hooks for the Playwright `_electron` suite, installed ONLY when HERALD_E2E=1 (never in a
// normal run): the tests reach them with `electronApp.evaluate(() => globalThis.__heraldE2E…)`
// because a tray icon and a native notification cannot be clicked by Playwright itself.
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayState } from '../core/app/tray-state.ts';
import type { NotificationIntent } from '../core/notify/notification-intent.ts';
import type { PopupMode } from './popup-window.ts';

export interface E2eHooks {
  trayState(): TrayState;
  trayAvailable(): boolean;
  clickTray(): void;
  menuItemIds(): string[];
  clickMenuItem(id: string): boolean;
  popupVisible(): boolean;
  /** 'popup' under a visible tray, else 'window' (tray-support.ts `windowModeFor`). */
  windowMode(): PopupMode;
  /** True once start-up has finished (the window, if any, opened at launch). */
  started(): boolean;
  /** Shows a notification for an intent through the real sink (as the engine would). */
  showNotification(intent: NotificationIntent): void;
  /** Titles of the notifications shown so far, in order. */
  shownNotifications(): { intentId: string; title: string }[];
  /** Emits 'click' on the live notification for the intent, as the OS would. */
  clickNotification(intentId: string): boolean;
}

export const E2E_FLAG = 'HERALD_E2E';

export function e2eEnabled(env: NodeJS.ProcessEnv): boolean {
  return env[E2E_FLAG] === '1';
}

/** Finds a menu item by id, searching submenus. */
export function findMenuItem(template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | null {
  for (const item of template) {
    if (item.id === id) return item;
    if (Array.isArray(item.submenu)) {
      const found = findMenuItem(item.submenu, id);
      if (found) return found;
    }
  }
  return null;
}

export function menuIds(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [...(item.id ? [item.id] : []), ...(Array.isArray(item.submenu) ? menuIds(item.submenu) : [])]);
}

export function installE2eHooks(hooks: E2eHooks): void {
  (globalThis as { __heraldE2E?: E2eHooks }).__heraldE2E = hooks;
}
