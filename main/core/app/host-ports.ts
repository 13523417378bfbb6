// What a host (the Electron shell, the web host) gives the app core. The core decides; a host
// only shows, opens and sends. Each port is small so a host adapter stays a thin shell.
import type { BridgeEvents, EventName, NavigateTarget } from '../../../preload/contract.ts';
import type { NotificationSink } from '../engine/account-sync.ts';

export interface HostPorts {
  host: 'electron' | 'web';
  version: string;
  platform: NodeJS.Platform | string;
  /** The system locale (BCP 47); the settings may override it. */
  systemLocale(): string;
  /**
   * Opens a URL in the user's browser or mail app. The core only ever passes https: or mailto:
   * URLs (checked by `isSafeExternalUrl`); the host checks again before handing it to the OS.
   */
  openInBrowser(url: string): Promise<void>;
  /** Opens the sign-in page (the system browser in Electron; a new tab in the web host). */
  openSignInPage(url: string): Promise<void>;
  /** Native notifications: Electron Notification, freedesktop D-Bus, or the page's Notification API. */
  notifications: NotificationSink;
  /** Sends an event to every renderer (the popup window, or every WebSocket client). */
  emit<E extends EventName>(event: E, payload: BridgeEvents[E]): void;
  /** Brings the popup up (a notification or tray click, a second launch); `target` is where it goes (also sent as `navigate`). */
  showPopup(target?: NavigateTarget): void;
  /** Whether notifications are drawn by the OS (false: the page's Notification API). Default true. */
  nativeNotifications?: boolean;
  launchAtLogin: {
    supported: boolean;
    set(enabled: boolean): Promise<void>;
  };
}

/**
 * Only these leave the app for the OS: the web, and mail links. Never file:, javascript:, custom
 * schemes. The string must already be exactly its parsed form's `href` apart from case (no
 * leading/trailing spaces or control characters that a parser trims but an OS handler may not).
 */
export function isSafeExternalUrl(url: string): boolean {
  if (url !== url.trim() || [...url].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' || parsed.protocol === 'mailto:';
  } catch {
    return false;
  }
}
