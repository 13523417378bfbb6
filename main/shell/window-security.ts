// The security handlers every Herald window gets (Electron security checklist:
// https://www.electronjs.org/docs/latest/tutorial/security): navigation cancelled, window.open
// denied with only http/https/mailto handed to the OS, <webview> refused, every permission
// request and check denied, and a strict Content-Security-Policy.
import type { Event, HandlerDetails, Session, WebContents, WebContentsWillNavigateEventParams } from 'electron';
import { isSafeExternalUrl } from '../core/app/host-ports.ts';
import type { Logger } from '../core/log.ts';

/**
 * The popup's CSP. Scripts and styles only from the app's own files (the renderer build has no
 * inline scripts); style attributes need 'unsafe-inline'; images: bundled, data:, cid: and https:
 * — the message frame (srcdoc, which inherits this policy) narrows img-src further with its own
 * meta policy until the user clicks "Show images". No network from the page: the bridge is IPC.
 */
export const POPUP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: cid: https:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "frame-src 'self' about:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

export interface WindowSecurityOptions {
  openInBrowser(url: string): Promise<void>;
  logger: Logger;
}

/** window.open / target=_blank: never a new Electron window; safe links go to the browser. */
export function windowOpenDecision(details: Pick<HandlerDetails, 'url'>, o: WindowSecurityOptions): { action: 'deny' } {
  if (isSafeExternalUrl(details.url)) {
    o.openInBrowser(details.url).catch((err: unknown) => o.logger.warn({ err: String(err) }, 'opening a link in the browser failed'));
  } else {
    o.logger.warn({ url: details.url.slice(0, 200) }, 'window.open refused: not http/https/mailto');
  }
  return { action: 'deny' };
}

export function secureWebContents(contents: WebContentsLike, o: WindowSecurityOptions): void {
  // The popup is a single page: any navigation (a link without a handler, a drop of a file,
  // a redirect) is refused. Links in mail go through the bridge's 'links.open' instead.
  const refuse = (kind: string) => (event: Event<WebContentsWillNavigateEventParams>) => {
    event.preventDefault();
    o.logger.warn({ url: event.url?.slice(0, 200) }, `${kind} refused`);
  };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-redirect', refuse('redirect'));
  contents.on('will-frame-navigate', (event) => {
    // Subframes (the sandboxed message frame) may load about:srcdoc; nothing else navigates.
    if (!event.isMainFrame && event.url.startsWith('about:')) return;
    if (event.isMainFrame) return; // main frame already handled by will-navigate
    event.preventDefault();
    o.logger.warn({ url: event.url.slice(0, 200) }, 'frame navigation refused');
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    o.logger.warn('webview refused');
  });
  contents.setWindowOpenHandler((details) => windowOpenDecision(details, o));
}

export function secureSession(session: SessionLike, o: Pick<WindowSecurityOptions, 'logger'>): void {
  // Herald needs no camera, microphone, geolocation, notifications-from-page, clipboard-read… so
  // every request and every check says no.
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    o.logger.warn({ permission }, 'permission request denied');
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  // The header form of the CSP. Chromium may not run webRequest for file:// responses on every
  // version (electron/electron#23485), so the renderer's index.html carries the same policy
  // in a <meta> tag as well; the stricter of the two applies.
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') {
      callback({});
      return;
    }
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [POPUP_CSP] } });
  });
}
