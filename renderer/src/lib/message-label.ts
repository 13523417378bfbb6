// The accessible name of an inbox row: everything a sighted user reads off the row at a glance,
// in reading order, including the markers (importance, attachments, flag) that are only icons.
// Pure; the component passes the translated words.
import type { MessageSummary } from '../../../preload/contract.ts';

export interface RowLabelWords {
  unread: string;
  highImportance: string;
  lowImportance: string;
  hasAttachments: string;
  flagged: string;
}

export function messageRowLabel(message: Pick<MessageSummary, 'isRead' | 'importance' | 'hasAttachments' | 'flagStatus'>, sender: string, subject: string, time: string, words: RowLabelWords): string {
  const importance = message.importance === 'high' ? words.highImportance : message.importance === 'low' ? words.lowImportance : null;
  return [
    message.isRead ? null : words.unread,
    importance,
    sender,
    subject,
    time,
    message.hasAttachments ? words.hasAttachments : null,
    message.flagStatus === 'flagged' ? words.flagged : null,
  ]
    .filter((part) => part !== null)
    .join(', ');
}
