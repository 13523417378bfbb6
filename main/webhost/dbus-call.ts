// Moved to main/freedesktop/dbus-call.ts (shared by both hosts' D-Bus clients); kept so existing imports work.
export * from '../freedesktop/dbus-call.ts';
