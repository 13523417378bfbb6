// Web host only: the host asks the page to show a notification with the browser's
// Notification API (when no desktop notification service is available). The tag is the
// intent id, so a newer notification for the same intent replaces the older one.
// https://developer.mozilla.org/docs/Web/API/Notification
import type { Bridge } from '../bridge/bridge.ts';

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/** Asks for permission. Browsers only allow this from a user gesture (a click). */
export async function requestNotificationPermission(): Promise<NotificationPermission> {
  if (!notificationsSupported()) return 'denied';
  return Notification.requestPermission();
}

export function attachBrowserNotifications(bridge: Bridge, focusWindow: () => void): () => void {
  const shown = new Map<string, Notification>();
  const offShow = bridge.on('notification.show', (view) => {
    if (!notificationsSupported() || Notification.permission !== 'granted') return;
    const notification = new Notification(view.title, { body: view.body, tag: view.intentId, silent: view.silent });
    shown.set(view.intentId, notification);
    notification.addEventListener('click', () => {
      focusWindow();
      notification.close();
      void bridge.call('notifications.activate', { intentId: view.intentId, action: 'default' }).catch(() => undefined);
    });
    notification.addEventListener('close', () => {
      if (shown.get(view.intentId) === notification) shown.delete(view.intentId);
    });
  });
  const offClose = bridge.on('notification.close', ({ intentId }) => {
    shown.get(intentId)?.close();
    shown.delete(intentId);
  });
  return () => {
    offShow();
    offClose();
  };
}
