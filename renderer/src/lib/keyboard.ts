// The inbox's single-key shortcuts (Outlook/Gmail-like). Pure: the component passes the key
// event's fields and whether focus is in a text field, and gets an action or null.

export type InboxAction = 'next' | 'previous' | 'open' | 'archive' | 'delete' | 'reply' | 'toggleUnread' | 'toggleFlag';

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Focus is in an input, textarea, select or contenteditable: keys are text there. */
  inTextField: boolean;
}

const KEY_ACTIONS: Readonly<Record<string, InboxAction>> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  Enter: 'open',
  e: 'archive',
  '#': 'delete',
  Delete: 'delete',
  r: 'reply',
  u: 'toggleUnread',
  s: 'toggleFlag',
};

export function inboxActionForKey(input: KeyInput): InboxAction | null {
  if (input.inTextField || input.ctrlKey || input.metaKey || input.altKey) return null;
  return Object.hasOwn(KEY_ACTIONS, input.key) ? (KEY_ACTIONS[input.key] ?? null) : null;
}

/** The index after moving `delta` rows, clamped to the list. -1 for an empty list. */
export function moveSelection(current: number, delta: number, length: number): number {
  if (length <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + delta));
}
