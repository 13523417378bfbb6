// logind's PrepareForSleep(false) on a private bus (a logind of the test's own, owning
// org.freedesktop.login1) reaches the callback; PrepareForSleep(true) and the same signal from a
// connection that does not own the name do not.
import { Message, MessageType, NameFlag, sessionBus, type MessageBus } from 'dbus-next';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/log.ts';
import { watchLogindWake, type LogindWake } from '../../main/webhost/logind-wake.ts';
import { dbusUnavailableReason, startPrivateBus, type PrivateBus } from '../support/dbus-session.ts';
import { waitFor } from '../support/wait-for.ts';

const skipReason = dbusUnavailableReason();
if (skipReason) console.log(`[webhost-logind-wake] skipped: ${skipReason}`);

let bus: PrivateBus | null = null;
const clients: MessageBus[] = [];
let watcher: LogindWake | null = null;
afterEach(async () => {
  watcher?.close();
  for (const client of clients.splice(0)) client.disconnect();
  await bus?.stop();
  bus = null;
});

function prepareForSleep(from: MessageBus, starting: boolean): void {
  from.send(
    new Message({ type: MessageType.SIGNAL, path: '/org/freedesktop/login1', interface: 'org.freedesktop.login1.Manager', member: 'PrepareForSleep', signature: 'b', body: [starting] }),
  );
}

describe.skipIf(skipReason !== null)('web host: logind wake', () => {
  it('calls back after a sleep, only for logind and only on the way out of it', async () => {
    bus = await startPrivateBus();
    const logind = sessionBus({ busAddress: bus.address });
    const stranger = sessionBus({ busAddress: bus.address });
    clients.push(logind, stranger);
    await logind.requestName('org.freedesktop.login1', NameFlag.DO_NOT_QUEUE);

    const wakes: number[] = [];
    watcher = await watchLogindWake({ logger: silentLogger, busAddress: bus.address, onWake: () => wakes.push(Date.now()) });
    expect(watcher).not.toBeNull();

    prepareForSleep(logind, true); // going to sleep: nothing to do
    prepareForSleep(stranger, false); // not logind: ignored by the match rule
    prepareForSleep(logind, false); // woke
    await waitFor(() => wakes.length === 1, 'the wake');
    // The two ignored signals were sent first: were they delivered, the count would already be 3.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(wakes).toHaveLength(1);
  });

  it('is absent, not an error, when the bus does not answer', async () => {
    const absent = await watchLogindWake({ logger: silentLogger, busAddress: 'unix:path=/nonexistent/herald-test-bus', onWake: () => undefined, connectTimeoutMs: 500 });
    expect(absent).toBeNull();
  });
});
