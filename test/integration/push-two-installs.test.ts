// Two installs of Herald for the same account (two machines: two engines, two profile
// directories, two receivers) on one simulator. Graph allows one subscription per changeType +
// resource, so the second install's create gets 409. The subscription in the way is not the
// second install's: it must not delete it (that would silently take push away from the first),
// it says why and polls at the normal interval, retries on the back-off, and takes over only
// once the first install has let go.
import { afterEach, describe, expect, it } from 'vitest';
import { FOREIGN_SUBSCRIPTION_REASON } from '../../main/core/push/push-failure.ts';
import type { PushService } from '../../main/core/push/push-service.ts';
import { RETRY_AFTER_FAILURE_MS } from '../../main/core/push/subscription-manager.ts';
import { startEngineHarness, type EngineHarness } from '../support/engine-harness.ts';
import { pushOnHarness, until } from '../support/harness-push.ts';

const ADA = 'ada@contoso.example';

interface Install {
  h: EngineHarness;
  push: PushService;
  overrides: (number | null)[];
}

let installs: Install[] = [];

afterEach(async () => {
  // The second install shares the first one's simulator: close it first.
  for (const install of [...installs].reverse()) {
    await install.push.stop({ deleteSubscriptions: false });
    await install.h.close();
  }
  installs = [];
});

async function install(shared?: Install): Promise<Install> {
  const h = await startEngineHarness(shared ? { sim: shared.h.sim } : {});
  await h.addAccount(ADA, 'Ada Lovelace');
  h.engine.start();
  await h.cycle(); // the baseline
  const { push, overrides } = pushOnHarness(h);
  const made = { h, push, overrides };
  installs.push(made);
  await push.start();
  await push.addAccount(ADA);
  return made;
}

/** Moves one install's clock, and the simulator's data clock with it (subscription expiry). */
async function advance(target: Install, ms: number): Promise<void> {
  await target.h.admin.setClock(new Date(target.h.clock.now() + ms).toISOString());
  await target.h.clock.advance(ms);
}

const activeUrls = async (x: Install) => (await x.h.admin.subscriptions()).filter((s) => s.active).map((s) => s.notificationUrl);

describe('push: a second install for the same account', () => {
  it('leaves the first install’s subscriptions alone, fails over to polling with why, and takes over only when they are gone', async () => {
    const first = await install();
    expect(first.push.status().state).toBe('live');
    const firstIds = first.push.manager(ADA)?.subscriptions().map((r) => r.id).sort();

    const second = await install(first);
    expect(second.push.status()).toMatchObject({ state: 'failing', reason: FOREIGN_SUBSCRIPTION_REASON });
    expect(second.overrides.at(-1)).toBeNull(); // polling at the user's interval
    // The first install's subscriptions are untouched and still deliver to it.
    expect(first.push.status().state).toBe('live');
    const firstUrl = first.push.localUrl ?? '';
    expect(await activeUrls(first)).toEqual([`${firstUrl}/notifications`, `${firstUrl}/notifications`]);
    expect((await first.h.admin.subscriptions()).filter((s) => s.active).map((s) => s.id).sort()).toEqual(firstIds);
    const frozen = first.h.clock.now();
    const id = await first.h.deliver(ADA, { subject: 'Still pushed to the first install' });
    await until(() => first.h.sink.shown.some((i) => i.type === 'mail' && i.messageId === id), 'the first install to be notified by push');
    expect(first.h.clock.now()).toBe(frozen);

    // The second install retries on the back-off, and still leaves them alone.
    await first.h.admin.clearRequests();
    await advance(second, RETRY_AFTER_FAILURE_MS);
    await until(async () => (await first.h.admin.requests()).some((r) => r.method === 'POST' && r.path.endsWith('/subscriptions')), 'the retry to try a create');
    await second.push.manager(ADA)?.handleLifecycle('none', 'missed'); // waits for the manager's queue
    expect(second.push.status()).toMatchObject({ state: 'failing', reason: FOREIGN_SUBSCRIPTION_REASON });
    expect((await first.h.admin.requests()).filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(await activeUrls(first)).toEqual([`${firstUrl}/notifications`, `${firstUrl}/notifications`]);

    // The first install quits (deleting its subscriptions): the next retry goes live.
    await first.push.stop({ deleteSubscriptions: true });
    await advance(second, RETRY_AFTER_FAILURE_MS);
    await until(() => second.push.status().state === 'live', 'the second install to go live', () => second.push.status());
    const secondUrl = second.push.localUrl ?? '';
    expect(await activeUrls(second)).toEqual([`${secondUrl}/notifications`, `${secondUrl}/notifications`]);
  });
});
