// The tray's state, decided in the core so every host draws the same thing: an icon per kind,
// a count badge for unread, and a tooltip like "3 unread · Standup in 10 min".

export type TrayStateKind = 'signedOut' | 'allRead' | 'unread' | 'offline' | 'problem' | 'paused';

export interface TrayState {
  kind: TrayStateKind;
  /** Unread in the inboxes of all accounts (drawn as a badge when kind is 'unread'). */
  unreadTotal: number;
  /** Plain text for the tray tooltip. */
  tooltip: string;
}
