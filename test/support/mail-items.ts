// MailItems and inbox changes for the new-mail detector's unit tests: an unread, focused message
// from Bea received at a given instant (Graph's whole-second timestamp), with any field overridden.
import type { MailChange } from '../../main/core/mail/mail-change.ts';
import type { MailItem } from '../../main/core/mail/mail-item.ts';

export function mailItem(id: string, receivedAt: number, extra: Partial<MailItem> = {}): MailItem {
  return {
    id,
    receivedDateTime: new Date(receivedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    from: { name: 'Bea', address: 'bea@fabrikam.example' },
    subject: id,
    bodyPreview: '',
    isRead: false,
    importance: 'normal',
    inferenceClassification: 'focused',
    hasAttachments: false,
    flagStatus: 'notFlagged',
    webLink: '',
    conversationId: '',
    ...extra,
  };
}

export const added = (item: MailItem): MailChange => ({ kind: 'added', item });
export const ids = (items: readonly MailItem[]) => items.map((m) => m.id);
