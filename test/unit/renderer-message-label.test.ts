// The inbox row's accessible name carries every marker a sighted user sees as an icon.
import { describe, expect, it } from 'vitest';
import { messageRowLabel } from '../../renderer/src/lib/message-label.ts';

const WORDS = { unread: 'Unread', highImportance: 'High importance', lowImportance: 'Low importance', hasAttachments: 'Has attachments', flagged: 'Flagged' };
const plain = { isRead: true, importance: 'normal', hasAttachments: false, flagStatus: 'notFlagged' } as const;

describe('messageRowLabel', () => {
  it('is sender, subject and time for a read, plain message', () => {
    expect(messageRowLabel(plain, 'Nestor Wilke', 'Budget', '10:04', WORDS)).toBe('Nestor Wilke, Budget, 10:04');
  });

  it('says unread, high importance, attachments and flagged, in reading order', () => {
    const message = { isRead: false, importance: 'high', hasAttachments: true, flagStatus: 'flagged' } as const;
    expect(messageRowLabel(message, 'Nestor Wilke', 'Budget', '10:04', WORDS)).toBe('Unread, High importance, Nestor Wilke, Budget, 10:04, Has attachments, Flagged');
  });

  it('says low importance, and nothing for a completed flag', () => {
    const message = { ...plain, importance: 'low', flagStatus: 'complete' } as const;
    expect(messageRowLabel(message, 'A', 'B', 'C', WORDS)).toBe('Low importance, A, B, C');
  });
});
