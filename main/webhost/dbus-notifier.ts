// Moved to main/freedesktop/dbus-notifier.ts (both hosts use it); kept so existing imports work.
export * from '../freedesktop/dbus-notifier.ts';
