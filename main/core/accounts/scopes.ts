// The Graph permissions Herald asks for. Read-only mode is for tenants whose admins block
// consent to write permissions: mail and calendar can still be watched, and the actions that
// need write access say so instead of failing.
// https://learn.microsoft.com/graph/permissions-reference

export type AccessMode = 'readWrite' | 'readOnly';

export const READ_WRITE_SCOPES: readonly string[] = ['User.Read', 'Mail.ReadWrite', 'Mail.Send', 'Calendars.ReadWrite', 'offline_access'];
export const READ_ONLY_SCOPES: readonly string[] = ['User.Read', 'Mail.Read', 'Calendars.Read', 'offline_access'];

export function scopesFor(mode: AccessMode): string[] {
  return [...(mode === 'readOnly' ? READ_ONLY_SCOPES : READ_WRITE_SCOPES)];
}

/** Which mode a set of granted scopes amounts to (write permissions present or not). */
export function modeFromGrantedScopes(granted: readonly string[]): AccessMode {
  const short = granted.map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase());
  return short.includes('mail.readwrite') && short.includes('calendars.readwrite') ? 'readWrite' : 'readOnly';
}

/** Every action that needs a write permission; the mail ones are MailActions' method names. */
export type WriteAction = 'markRead' | 'setFlag' | 'archive' | 'delete' | 'reply' | 'sendMail' | 'snoozeReminder' | 'dismissReminder';

/** The permission a write action needs, so the UI can say "needs write permission". */
// Reply and send need Mail.Send (https://learn.microsoft.com/graph/api/message-reply);
// snooze/dismiss need Calendars.ReadWrite (https://learn.microsoft.com/graph/api/event-dismissreminder).
export function permissionFor(action: WriteAction): string {
  switch (action) {
    case 'sendMail':
    case 'reply':
      return 'Mail.Send';
    case 'snoozeReminder':
    case 'dismissReminder':
      return 'Calendars.ReadWrite';
    default:
      return 'Mail.ReadWrite';
  }
}
