// LocalMailView: the user's actions shown at once, dropped when the delta confirms them or
// after a while, and the unread count adjusted meanwhile.
import { describe, expect, it } from 'vitest';
import { LocalMailView } from '../../main/core/app/local-mail-view.ts';
import type { MailItem } from '../../main/core/mail/mail-item.ts';

const item = (id: string, over: Partial<MailItem> = {}): MailItem => ({
  id,
  receivedDateTime: '2026-11-02T09:00:00Z',
  from: { name: 'A', address: 'a@example.com' },
  subject: id,
  bodyPreview: '',
  isRead: false,
  importance: 'normal',
  inferenceClassification: 'focused',
  hasAttachments: false,
  flagStatus: 'notFlagged',
  webLink: 'https://outlook.office.com/x',
  conversationId: 'c',
  ...over,
});

describe('LocalMailView', () => {
  it('applies read, flag and removal on top of the synced items, per account', () => {
    const view = new LocalMailView();
    const items = [item('a'), item('b'), item('c', { isRead: true })];
    view.record('acc', 'a', { kind: 'read', isRead: true }, 0);
    view.record('acc', 'b', { kind: 'flag', flagStatus: 'flagged' }, 0);
    view.record('acc', 'c', { kind: 'removed' }, 0);
    const shown = view.apply('acc', items);
    expect(shown.map((m) => [m.id, m.isRead, m.flagStatus])).toEqual([
      ['a', true, 'notFlagged'],
      ['b', false, 'flagged'],
    ]);
    expect(view.apply('other', items)).toHaveLength(3);
    expect(items[0]?.isRead).toBe(false); // the engine's items are not touched
  });

  it('adjusts the unread count: read or removed unread −1, marked unread +1', () => {
    const view = new LocalMailView();
    const items = [item('a'), item('b'), item('c', { isRead: true }), item('d', { isRead: true })];
    view.record('acc', 'a', { kind: 'read', isRead: true }, 0);
    view.record('acc', 'b', { kind: 'removed' }, 0);
    view.record('acc', 'c', { kind: 'read', isRead: false }, 0);
    view.record('acc', 'd', { kind: 'removed' }, 0);
    expect(view.unreadDelta('acc', items)).toBe(-1);
  });

  it('drops a change once the synced items show it, keeps it while they do not, and gives up after five minutes', () => {
    const view = new LocalMailView();
    view.record('acc', 'a', { kind: 'read', isRead: true }, 0);
    view.record('acc', 'b', { kind: 'removed' }, 0);
    view.reconcile('acc', [item('a'), item('b')], 1_000); // a delta from before the action
    expect(view.apply('acc', [item('a'), item('b')])).toEqual([{ ...item('a'), isRead: true }]);
    view.reconcile('acc', [item('a', { isRead: true })], 2_000); // confirmed both
    expect(view.apply('acc', [item('a'), item('b')]).map((m) => [m.id, m.isRead])).toEqual([
      ['a', false],
      ['b', false],
    ]);
    view.record('acc', 'c', { kind: 'read', isRead: true }, 10_000);
    view.reconcile('acc', [item('c')], 10_000 + 5 * 60_000 + 1);
    expect(view.apply('acc', [item('c')])[0]?.isRead).toBe(false);
  });
});
