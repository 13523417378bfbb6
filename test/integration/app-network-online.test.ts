// The page says the network is back ('sync.networkOnline'): every account polls now instead of
// at the end of its offline backoff; signals seconds apart are one wake, so a page cannot make
// Herald poll in a loop.
import { afterEach, describe, expect, it } from 'vitest';
import { RESUME_COALESCE_MS } from '../../main/core/app/herald-app.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

const batches = async () => (await h.admin.requests()).filter((r) => !r.inner && r.method === 'POST' && r.path.endsWith('/$batch')).length;

describe("app: the page's online event", () => {
  it('polls at once, and counts signals seconds apart once', async () => {
    h = await startAppHarness();
    await h.app.start();
    await h.signIn(h.fx.work.upn);
    await h.check(); // baseline; the next poll is a minute out
    await waitFor(() => h.clock.pending > 0, 'the poll timer');
    const before = await batches();

    const id = await h.deliver(h.fx.work.upn, { subject: 'While the Wi-Fi was down' });
    expect(await h.ok('sync.networkOnline', {})).toBeNull();
    await h.clock.advance(0);
    await waitFor(() => h.ports.sink.shown.some((i) => i.type === 'mail' && i.messageId === id), 'the mail to be notified');
    await waitFor(() => h.clock.pending > 0, 'the next poll timer');
    expect(await batches()).toBe(before + 1);

    // The same wake heard again (unlock, a second online event): nothing more.
    await h.clock.advance(RESUME_COALESCE_MS - 1_000);
    await h.ok('sync.networkOnline', {});
    await h.clock.advance(0);
    expect(await batches()).toBe(before + 1);
    // A later one is news.
    await h.clock.advance(2_000);
    await h.ok('sync.networkOnline', {});
    await h.clock.advance(0);
    await waitFor(async () => (await batches()) === before + 2, 'a second poll');
  });
});
