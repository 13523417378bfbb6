// Inbox delta sync + new-mail detection against the simulator over real HTTP: first sync,
// new mail exactly once, read/moved/deleted elsewhere, delta-token expiry, a 429 storm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { GraphClient } from '../../main/core/graph/graph-client.ts';
import { SimTokenProvider } from '../support/graph-token-provider.ts';
import { SimAdminClient, type AdminMessageInput } from '../../sim/admin-client.ts';
import { RecordingClock, driveFakeClock } from '../support/graph-fake-time.ts';
import { InboxDriver } from '../support/graph-inbox-driver.ts';
import { GraphError, toAccountState } from '../../main/core/graph/graph-errors.ts';
import { InboxDeltaSync } from '../../main/core/mail/inbox-delta-sync.ts';
import { parseInboxSyncState } from '../../main/core/mail/inbox-sync-state.ts';
import { NewMailDetector, type NewMailState } from '../../main/core/mail/new-mail-detector.ts';

const DAY = 86_400_000;
let sim: RunningSimulator;
let admin: SimAdminClient;
let userCount = 0;

beforeAll(async () => {
  sim = await startSimulator();
  admin = new SimAdminClient(sim.url);
});
afterAll(async () => {
  await sim.close();
});

/** A fresh mailbox per test, so tests share a simulator but not state. */
async function account() {
  userCount += 1;
  const upn = `user${userCount}@contoso.com`;
  await admin.addUser({ upn, displayName: `User ${userCount}` });
  const fake = new FakeClock(Date.now());
  const clock = new RecordingClock(fake);
  const client = new GraphClient({ accountId: upn, tokens: new SimTokenProvider(sim.url), baseUrl: sim.url, clock, random: () => 0.5 });
  const driver = new InboxDriver(client, clock, [upn]);
  return { upn, fake, clock, client, driver };
}

const grace = { name: 'Grace Hopper', address: 'grace@contoso.com' };
const iso = (ms: number) => new Date(ms).toISOString();
const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();
/** Delivers a message to the simulator's mailbox and returns its id. */
const deliver = async (upn: string, input: AdminMessageInput) => (await admin.addMessage(upn, input)).id;

describe('inbox delta sync against the simulator', () => {
  it('first sync of a seeded inbox: the 14-day window in ≤ 5 requests, nothing notified', async () => {
    const { upn, driver } = await account();
    const now = Date.now();
    await admin.bulkMessages(upn, { count: 2_500, startDateTime: iso(now - 13 * DAY), endDateTime: iso(now - 60_000) });
    await admin.bulkMessages(upn, { count: 700, startDateTime: iso(now - 60 * DAY), endDateTime: iso(now - 15 * DAY) });
    await admin.addMessage(upn, { from: grace, subject: 'Unread and recent', bodyHtml: '<p>x</p>' });

    const first = await driver.cycle();
    expect(first.deltaRequests).toBeLessThanOrEqual(5);
    expect(first.newMail).toEqual([]);
    expect(driver.sync.items).toHaveLength(2_501);
    expect(driver.sync.items.every((m) => Date.parse(m.receivedDateTime) >= now - 14 * DAY)).toBe(true);
    const folders = await admin.folders(upn);
    expect(first.unread).toBe(folders.find((f) => f.wellKnownName === 'inbox')?.unreadItemCount);
    expect(driver.detector.watermark).not.toBeNull();

    const idle = await driver.cycle();
    expect(idle).toMatchObject({ deltaRequests: 1, newMail: [], retractions: [], changes: [] });
  });

  it('a window fuller than the ~5,000 filtered-delta cap still takes ≤ 5 requests', async () => {
    const { upn, driver } = await account();
    const now = Date.now();
    await admin.bulkMessages(upn, { count: 6_000, startDateTime: iso(now - 10 * DAY), endDateTime: iso(now - 60_000) });
    const first = await driver.cycle();
    expect(first.deltaRequests).toBeLessThanOrEqual(5);
    expect(driver.sync.items).toHaveLength(5_000);
    expect(first.newMail).toEqual([]);
  });

  it('a new message is new exactly once; own and already-read mail is not', async () => {
    const { upn, driver } = await account();
    await admin.addMessage(upn, { from: grace, subject: 'Old news', bodyHtml: '' });
    await driver.cycle();

    const fresh = await deliver(upn, { from: grace, subject: 'Lunch?', bodyHtml: '<p>Noon</p>' });
    await admin.addMessage(upn, { from: { name: 'Me', address: upn.toUpperCase() }, subject: 'Note to self', bodyHtml: '' });
    await admin.addMessage(upn, { from: grace, subject: 'Already read', bodyHtml: '', isRead: true });
    const second = await driver.cycle();
    expect(second.newMail.map((m) => m.id)).toEqual([fresh]);
    expect(second.newMail[0]).toMatchObject({ subject: 'Lunch?', from: grace, isRead: false });
    expect(second.changes.filter((c) => c.kind === 'added')).toHaveLength(3);

    const third = await driver.cycle();
    expect(third.newMail).toEqual([]);
  });

  it('read, moved or deleted elsewhere → the notification is retracted', async () => {
    const { upn, driver } = await account();
    await driver.cycle();
    const read = await deliver(upn, { from: grace, subject: 'Read me', bodyHtml: '' });
    const moved = await deliver(upn, { from: grace, subject: 'Move me', bodyHtml: '' });
    const deleted = await deliver(upn, { from: grace, subject: 'Delete me', bodyHtml: '' });
    expect(ids((await driver.cycle()).newMail)).toEqual([read, moved, deleted].sort());

    await admin.patchMessage(upn, read, { isRead: true });
    await admin.patchMessage(upn, moved, { folder: 'archive' });
    await admin.deleteMessage(upn, deleted);
    const after = await driver.cycle();
    expect(after.newMail).toEqual([]);
    expect(after.retractions).toEqual(
      expect.arrayContaining([
        { messageId: read, reason: 'readElsewhere' },
        { messageId: moved, reason: 'removed' },
        { messageId: deleted, reason: 'removed' },
      ]),
    );
    expect(after.retractions).toHaveLength(3);
    expect(driver.sync.items.map((m) => m.id)).toEqual([read]);
  });

  it('delta token expiry → resync: nothing re-reported, nothing lost', async () => {
    const { upn, driver } = await account();
    const seeded = await deliver(upn, { from: grace, subject: 'Seeded', bodyHtml: '' });
    await admin.bulkMessages(upn, { count: 50, startDateTime: iso(Date.now() - 5 * DAY), endDateTime: iso(Date.now() - DAY) });
    await driver.cycle();
    const notified = await deliver(upn, { from: grace, subject: 'Notified before expiry', bodyHtml: '' });
    expect((await driver.cycle()).newMail.map((m) => m.id)).toEqual([notified]);

    await admin.expireDeltaTokens(upn);
    const arrived = await deliver(upn, { from: grace, subject: 'Arrived during the gap', bodyHtml: '' });
    await admin.deleteMessage(upn, seeded);
    await admin.patchMessage(upn, notified, { isRead: true });

    const resync = await driver.cycle();
    expect(resync.resynced).toBe(true);
    expect(resync.newMail.map((m) => m.id)).toEqual([arrived]);
    expect(resync.changes.filter((c) => c.kind === 'added').map((c) => c.kind === 'added' && c.item.id)).toEqual([arrived]);
    expect(resync.changes).toContainEqual(expect.objectContaining({ kind: 'removed', id: seeded }));
    expect(resync.retractions).toEqual([{ messageId: notified, reason: 'readElsewhere' }]);
    expect(driver.sync.items).toHaveLength(52);

    const calm = await driver.cycle();
    expect(calm).toMatchObject({ resynced: false, newMail: [], retractions: [], changes: [] });
  });

  it('a malformed delta page fails the cycle with a typed error and loses nothing', async () => {
    const { upn, driver } = await account();
    await driver.cycle();
    const before = driver.sync.state;
    const a = await deliver(upn, { from: grace, subject: 'A', bodyHtml: '' });
    const b = await deliver(upn, { from: grace, subject: 'B', bodyHtml: '' });
    await admin.addFault({ kind: 'malformedJson', scope: 'inner', path: "/me/mailFolders('inbox')/messages/delta", times: 1 });
    const error = await driver.cycle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(toAccountState(error).kind).toBe('graphDown');
    expect(driver.sync.state.deltaLink).toBe(before.deltaLink);
    expect(ids((await driver.cycle()).newMail)).toEqual([a, b].sort());
  });

  it('mailbox not enabled during a sync → that account state, and the sync state is untouched', async () => {
    const { upn, driver } = await account();
    await driver.cycle();
    await admin.setMailboxState(upn, 'notSupported');
    const error = await driver.cycle().catch((e: unknown) => e);
    expect(toAccountState(error)).toMatchObject({ kind: 'mailboxNotEnabled', code: 'MailboxNotSupportedForRESTAPI' });
    await admin.setMailboxState(upn, 'enabled');
    expect((await driver.cycle()).changes).toEqual([]);
  });

  it('restart: state restored from JSON continues the delta chain and re-notifies nothing', async () => {
    const { upn, clock, client, driver } = await account();
    await driver.cycle();
    const m = await deliver(upn, { from: grace, subject: 'Before restart', bodyHtml: '' });
    expect((await driver.cycle()).newMail.map((x) => x.id)).toEqual([m]);
    const saved = JSON.parse(JSON.stringify({ inbox: driver.sync.state, newMail: driver.detector.state })) as { inbox: unknown; newMail: NewMailState };

    const restarted = new InboxDriver(client, clock, [upn]);
    restarted.sync = new InboxDeltaSync(parseInboxSyncState(saved.inbox) ?? undefined);
    restarted.detector = new NewMailDetector([upn], saved.newMail);
    const n = await deliver(upn, { from: grace, subject: 'After restart', bodyHtml: '' });
    const after = await restarted.cycle();
    expect(after.deltaRequests).toBe(1);
    expect(after.newMail.map((x) => x.id)).toEqual([n]);
  });

  it('a 429 storm: Retry-After honoured on the clock, every new message notified once', async () => {
    const { upn, fake, clock, driver } = await account();
    await driver.cycle();
    const arrivals = [];
    for (let i = 0; i < 3; i += 1) arrivals.push(await deliver(upn, { from: grace, subject: `Storm ${i}`, bodyHtml: '' }));
    await admin.addFault({ kind: '429', times: 3, retryAfterSeconds: 4 });
    await admin.addFault({ kind: '429', scope: 'inner', path: "/me/mailFolders('inbox')/messages/delta", times: 2, retryAfterSeconds: 2 });
    const storm = await driveFakeClock(fake, driver.cycle());
    await admin.clearFaults();
    expect(ids(storm.newMail)).toEqual(arrivals.sort());
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(4);
    expect(clock.sleeps.filter((ms) => ms < 2_000)).toEqual([]);
    expect(clock.sleeps.filter((ms) => ms >= 4_000).length).toBeGreaterThanOrEqual(3);
    expect((await driver.cycle()).newMail).toEqual([]);
  });
});
