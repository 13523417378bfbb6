import { describe, expect, it } from 'vitest';
import { deltaEntrySchema, toMailItem } from '../../main/core/mail/graph-message.ts';
import { parseUnreadCount, unreadCountRequest } from '../../main/core/mail/unread-count.ts';
import { GraphError } from '../../main/core/graph/graph-errors.ts';
import { webLink } from '../../main/core/mail/mail-actions.ts';

function entry(value: unknown) {
  const parsed = deltaEntrySchema.safeParse(value);
  if (!parsed.success) throw new Error('bad entry');
  return parsed.data;
}

describe('toMailItem', () => {
  it('maps a documented message and flag.flagStatus', () => {
    const item = toMailItem(
      entry({
        id: 'AAMk1',
        receivedDateTime: '2026-11-02T08:00:00Z',
        from: { emailAddress: { name: 'Ada', address: 'ada@contoso.com' } },
        subject: 'Hello',
        bodyPreview: 'Hi there',
        isRead: false,
        importance: 'high',
        inferenceClassification: 'other',
        hasAttachments: true,
        flag: { flagStatus: 'flagged' },
        webLink: 'https://outlook.office365.com/owa/?ItemID=AAMk1',
        conversationId: 'c1',
      }),
    );
    expect(item).toEqual({
      id: 'AAMk1',
      receivedDateTime: '2026-11-02T08:00:00.000Z',
      from: { name: 'Ada', address: 'ada@contoso.com' },
      subject: 'Hello',
      bodyPreview: 'Hi there',
      isRead: false,
      importance: 'high',
      inferenceClassification: 'other',
      hasAttachments: true,
      flagStatus: 'flagged',
      webLink: 'https://outlook.office365.com/owa/?ItemID=AAMk1',
      conversationId: 'c1',
    });
  });

  it('fills missing or odd fields with safe defaults', () => {
    const item = toMailItem(entry({ id: 'x', receivedDateTime: '2026-11-02T08:00:00Z', subject: null, importance: 'urgent', flag: 'yes', from: { emailAddress: null } }));
    expect(item).toMatchObject({ subject: '', importance: 'normal', flagStatus: 'notFlagged', from: null, isRead: false, inferenceClassification: 'focused', webLink: '' });
  });

  it('keeps known values for fields a partial entry leaves out', () => {
    const previous = toMailItem(entry({ id: 'x', receivedDateTime: '2026-11-02T08:00:00Z', subject: 'S', isRead: false }));
    const updated = toMailItem(entry({ id: 'x', isRead: true }), previous ?? undefined);
    expect(updated).toMatchObject({ subject: 'S', isRead: true, receivedDateTime: '2026-11-02T08:00:00.000Z' });
  });

  it('rejects an entry without a usable receivedDateTime', () => {
    expect(toMailItem(entry({ id: 'x', receivedDateTime: 'yesterday' }))).toBeNull();
    expect(deltaEntrySchema.safeParse({ subject: 'no id' }).success).toBe(false);
  });
});

describe('unread count', () => {
  it('asks for only unreadItemCount of the inbox', () => {
    expect(unreadCountRequest()).toEqual({ method: 'GET', url: "/me/mailFolders('inbox')?$select=unreadItemCount" });
  });

  it('parses the count, and turns bad answers into typed errors', () => {
    expect(parseUnreadCount({ status: 200, headers: {}, body: { unreadItemCount: 3 } })).toBe(3);
    expect(() => parseUnreadCount({ status: 200, headers: {}, body: { unreadItemCount: 'three' } })).toThrow(GraphError);
    expect(() => parseUnreadCount({ status: 404, headers: {}, body: { error: { code: 'MailboxNotEnabledForRESTAPI' } } })).toThrow(
      expect.objectContaining({ code: 'MailboxNotEnabledForRESTAPI' }),
    );
  });
});

describe('webLink', () => {
  it('uses Graph webLink when it is https, else builds an Outlook on the web link', () => {
    expect(webLink({ id: 'a', webLink: 'https://outlook.office365.com/owa/?ItemID=a' })).toBe('https://outlook.office365.com/owa/?ItemID=a');
    expect(webLink({ id: 'a/b=', webLink: 'javascript:alert(1)' })).toBe('https://outlook.office.com/mail/inbox/id/a%2Fb%3D');
    expect(webLink({ id: 'a', webLink: '' })).toBe('https://outlook.office.com/mail/inbox/id/a');
  });
});
