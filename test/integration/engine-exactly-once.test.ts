// The engine end to end against the simulator: one intent per new message, through restarts,
// delta-link expiry, throttling storms, two accounts and a corrupted state file.
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const ADA = 'ada@contoso.example';
const GRACE = 'grace@outlook.example';

let h: EngineHarness;
afterEach(async () => {
  await h?.close();
});

async function withAda(): Promise<EngineHarness> {
  h = await startEngineHarness();
  await h.admin.addUser({ upn: ADA, displayName: 'Ada Lovelace' });
  return h;
}

describe('engine: new mail, exactly once', () => {
  it('treats the first sync as a baseline, then raises one intent per new message', async () => {
    await withAda();
    // Unread mail from before sign-in must not flood the user.
    await h.deliver(ADA, { subject: 'Old unread 1' });
    await h.deliver(ADA, { subject: 'Old unread 2' });
    await h.clock.advance(1_000);
    await h.addAccount(ADA, 'Ada Lovelace');

    const [first] = await h.cycle();
    expect(first?.state.kind).toBe('ok');
    expect(h.sink.shown).toEqual([]);
    expect(h.engine.account(ADA)?.items.map((m) => m.subject).sort()).toEqual(['Old unread 1', 'Old unread 2']);

    await h.clock.advance(1_000);
    const id = await h.deliver(ADA, { subject: 'Quarterly numbers', from: { name: 'Grace Hopper', address: 'grace@fabrikam.example' } });
    await h.cycle();
    expect(h.sink.shown).toHaveLength(1);
    expect(h.sink.shown[0]).toMatchObject({ type: 'mail', messageId: id, title: 'Grace Hopper' });
    expect(h.sink.shown[0]?.body).toContain('Quarterly numbers');

    await h.cycle();
    await h.cycle();
    expect(h.sink.shown).toHaveLength(1);
  });

  it('repeats nothing after a restart, and still notifies what arrived while it was down', async () => {
    await withAda();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    await h.clock.advance(1_000);
    await h.deliver(ADA, { subject: 'Before restart' });
    await h.cycle();
    expect(h.sink.shown.map((i) => i.body)).toEqual([expect.stringContaining('Before restart')]);

    await h.restart();
    await h.clock.advance(60_000);
    const during = await h.deliver(ADA, { subject: 'While down' });
    await h.cycle();
    expect(h.sink.shown.map((i) => i.type === 'mail' && i.messageId)).toEqual([expect.any(String), during]);
  });

  it('retracts the notification when the message is read elsewhere', async () => {
    await withAda();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    await h.clock.advance(1_000);
    const id = await h.deliver(ADA, { subject: 'Read me on the phone' });
    await h.cycle();
    const intentId = h.sink.shown[0]?.id;
    expect(h.sink.visible.has(intentId ?? '')).toBe(true);

    await h.admin.patchMessage(ADA, id, { isRead: true });
    await h.cycle();
    expect(h.sink.retracted).toEqual([{ intentId, reason: 'readElsewhere' }]);
    expect(h.sink.visible.size).toBe(0);
  });

  it('resyncs after the delta link expires without repeating or losing anything', async () => {
    await withAda();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.deliver(ADA, { subject: 'Baseline' });
    await h.cycle();
    await h.clock.advance(1_000);
    await h.deliver(ADA, { subject: 'Seen before expiry' });
    await h.cycle();
    expect(h.sink.shown).toHaveLength(1);

    await h.clock.advance(1_000);
    await h.deliver(ADA, { subject: 'Arrived as the token expired' });
    await h.admin.expireDeltaTokens(ADA);
    await h.cycle();
    await h.cycle();
    const subjects = h.sink.shown.map((i) => i.body.split('\n')[0]);
    expect(subjects).toEqual(['Seen before expiry', 'Arrived as the token expired']);
  });

  it('honours Retry-After through a 429 storm and loses nothing', async () => {
    await withAda();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    await h.clock.advance(1_000);
    const ids = [await h.deliver(ADA, { subject: 'During the storm 1' }), await h.deliver(ADA, { subject: 'During the storm 2' })];
    await h.admin.addFault({ kind: '429', path: "/me/mailFolders('inbox')/messages/delta", retryAfterSeconds: 7, times: 3 });
    await h.admin.addFault({ kind: '429', path: '/$batch', retryAfterSeconds: 3, times: 1, scope: 'outer' });
    const before = h.clock.now();
    await h.cycle();
    // One outer 429 (3 s) then three inner 429s (7 s each) must all have been waited out.
    expect(h.clock.now() - before).toBeGreaterThanOrEqual(3_000 + 3 * 7_000);
    expect(h.sink.ofType('mail').map((i) => i.messageId).sort()).toEqual([...ids].sort());
  });

  it('shows again next cycle what the host failed to show, and only that', async () => {
    await withAda();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    await h.clock.advance(1_000);
    const id = await h.deliver(ADA, { subject: 'Shown on the second try' });
    const show = h.sink.show.bind(h.sink);
    let failures = 1;
    h.sink.show = (intent) => {
      if (failures-- > 0) throw new Error('notification service not running');
      show(intent);
    };
    await h.cycle();
    expect(h.sink.shown).toHaveLength(0);
    await h.cycle();
    await h.cycle();
    expect(h.sink.ofType('mail').map((i) => i.messageId)).toEqual([id]);
  });

  it('ends a cycle on a long Retry-After instead of waiting inside it, and the next poll waits it out', async () => {
    await withAda();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    await h.admin.addFault({ kind: '429', path: '/$batch', retryAfterSeconds: 600, times: 1, scope: 'outer' });
    const before = h.clock.now();
    const [report] = await h.cycle();
    expect(report?.state.kind).toBe('throttled');
    expect(report?.state.retryAt).toBeGreaterThanOrEqual(before + 600_000);
    // The cycle did not sleep through the ten minutes.
    expect(h.clock.now() - before).toBeLessThan(30_000);
  });

  it('keeps two accounts apart', async () => {
    h = await startEngineHarness();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.addAccount(GRACE, 'Grace Hopper');
    await h.cycle();
    await h.clock.advance(1_000);
    const forAda = await h.deliver(ADA, { subject: 'For Ada' });
    const forGrace = await h.deliver(GRACE, { subject: 'For Grace' });
    await h.cycle();
    const mail = h.sink.ofType('mail');
    expect(mail.map((i) => [i.accountId, i.messageId]).sort()).toEqual([
      [ADA, forAda],
      [GRACE, forGrace],
    ].sort());
  });

  it('summarises more than three new messages in one sync', async () => {
    await withAda();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    await h.clock.advance(1_000);
    for (let i = 1; i <= 5; i += 1) await h.deliver(ADA, { subject: `Burst ${i}` });
    await h.cycle();
    expect(h.sink.shown).toHaveLength(1);
    expect(h.sink.shown[0]).toMatchObject({ type: 'mailSummary', count: 5 });
  });

  it('rebuilds a corrupted state file with a baseline instead of a flood of old mail', async () => {
    await withAda();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    await h.clock.advance(1_000);
    await h.deliver(ADA, { subject: 'Already notified' });
    await h.cycle();
    expect(h.sink.shown).toHaveLength(1);

    await h.engine.stop();
    // Both files of the account: its decisions and its inbox cache (account-sync-state.ts).
    const files = (await readdir(h.profileDir)).filter((f) => f.startsWith('sync-') && f.endsWith('.json'));
    expect(files).toHaveLength(2);
    for (const file of files) await writeFile(path.join(h.profileDir, file), '{"version":1,"accountId":"ada@contoso.example","payl');
    await h.restart();
    await h.cycle();
    expect(h.sink.shown).toHaveLength(1);
    expect((await readdir(h.profileDir)).filter((f) => f.includes('.corrupt-'))).toHaveLength(2);

    await h.clock.advance(1_000);
    await h.deliver(ADA, { subject: 'After recovery' });
    await h.cycle();
    expect(h.sink.shown.map((i) => i.body.split('\n')[0])).toEqual(['Already notified', 'After recovery']);
  });

  it('reports a mailbox that is not enabled for the API as that account state, once', async () => {
    await withAda();
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.admin.setMailboxState(ADA, 'notEnabled');
    const [report] = await h.cycle();
    expect(report?.state.kind).toBe('mailboxNotEnabled');
    expect(report?.state.message).toMatch(/mailbox/i);
    await h.cycle();
    const problems = h.sink.ofType('accountProblem');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.stateKind).toBe('mailboxNotEnabled');
  });
});

describe('engine: meeting reminders on a fake clock', () => {
  it('fires a reminder at start − reminderMinutesBeforeStart, once, and snooze reaches the simulator', async () => {
    await withAda();
    await h.admin.setClock(new Date(h.clock.now()).toISOString());
    const start = h.clock.now() + 40 * 60_000;
    const { id } = await h.admin.addEvent(ADA, {
      subject: 'Design review',
      start: new Date(start).toISOString(),
      end: new Date(start + 30 * 60_000).toISOString(),
      isOnlineMeeting: true,
      reminderMinutesBeforeStart: 15,
    });
    await h.addAccount(ADA, 'Ada Lovelace');
    await h.cycle();
    expect(h.sink.ofType('reminder')).toHaveLength(0);

    await h.clock.advanceTo(start - 15 * 60_000 - 1);
    expect(h.sink.ofType('reminder')).toHaveLength(0);
    await h.clock.advance(1);
    await waitFor(() => h.sink.ofType('reminder').length === 1, 'the reminder to show');
    const reminder = h.sink.ofType('reminder')[0];
    expect(reminder).toMatchObject({ eventId: id, fireAt: start - 15 * 60_000, title: 'Design review' });
    expect(reminder?.actions.map((a) => a.kind)).toEqual(['join', 'snooze', 'dismiss']);

    await h.engine.account(ADA)?.snoozeReminder(id, 5);
    const event = await h.admin.getEvent(ADA, id);
    expect(event.reminderState.snoozeCount).toBe(1);

    await h.restart();
    await h.clock.advance(5 * 60_000);
    await waitFor(() => h.sink.ofType('reminder').length === 2, 'the snoozed reminder to come back after the restart');
    expect(h.sink.ofType('reminder')[1]?.fireAt).toBe(start - 10 * 60_000);
  });
});
