// The mailbox model: counters stay right through moves, reads and deletes; the change log
// records where each message went; bulk seeding keeps the folder sorted.
import { describe, expect, it } from 'vitest';
import { Mailbox, changesAfter } from '../../sim/graph/mailbox.ts';
import { bulkSeed } from '../../sim/graph/bulk-seed.ts';

const owner = { name: 'Megan', address: 'megan@contoso.example' };
const from = { name: 'A', address: 'a@x.example' };

describe('Mailbox', () => {
  it('keeps unread and total counts through read, move, delete and purge', () => {
    const box = new Mailbox('u1', owner, () => 0);
    const inbox = box.wellKnown('inbox');
    const archive = box.wellKnown('archive');
    const deleted = box.wellKnown('deleteditems');
    const a = box.add({ subject: 'a', from, receivedMs: 1 });
    const b = box.add({ subject: 'b', from, receivedMs: 2 });
    expect([inbox.unread, inbox.messages.length]).toEqual([2, 2]);
    box.update(a, { isRead: true });
    box.update(a, { isRead: true });
    expect(inbox.unread).toBe(1);
    box.move(b, archive);
    expect([inbox.unread, inbox.messages.length, archive.unread, archive.messages.length]).toEqual([0, 1, 1, 1]);
    box.delete(b);
    expect([archive.unread, deleted.unread, deleted.messages.length]).toEqual([0, 1, 1]);
    box.delete(b);
    expect([deleted.unread, deleted.messages.length, box.messages.has(b.id)]).toEqual([0, 0, false]);
    expect(b.id).toMatch(/^AAMkAG/);
  });

  it('logs every change with the folder before and after, in sequence order', () => {
    const box = new Mailbox('u2', owner, () => 0);
    const inbox = box.wellKnown('inbox');
    const archive = box.wellKnown('archive');
    const m = box.add({ subject: 'm', from, receivedMs: 1 });
    box.move(m, archive);
    box.purge(m);
    expect(box.changes.map((c) => [c.seq, c.prevFolderId, c.folderId])).toEqual([
      [1, null, inbox.id],
      [2, inbox.id, archive.id],
      [3, archive.id, null],
    ]);
    expect(changesAfter(box.changes, 1)).toBe(1);
    expect(changesAfter(box.changes, 3)).toBe(3);
  });

  it('bulk-seeds sorted messages into an existing folder with unread as asked', () => {
    const box = new Mailbox('u3', owner, () => 0);
    const inbox = box.wellKnown('inbox');
    box.add({ subject: 'middle', from, receivedMs: 5_000 });
    bulkSeed(box, inbox, { count: 1000, startMs: 0, endMs: 10_000, unreadRatio: 0.25, seed: 1 });
    const times = inbox.messages.map((m) => m.receivedMs);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(inbox.messages).toHaveLength(1001);
    expect(inbox.unread).toBe(inbox.messages.filter((m) => !m.isRead).length);
    expect(inbox.unread).toBeGreaterThan(150);
    expect(inbox.unread).toBeLessThan(350);
  });
});
