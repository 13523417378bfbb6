// A PushService on an engine harness, as the app wires it: the real engine behind a PushEngine
// that records what push asked of it (sync requests, poll interval overrides), the account's
// own Graph client (no retries, so a scripted fault is seen at once), the harness's state
// directory and clock, and the receiver's own loopback URL as the "tunnel".
import { GraphClient } from '../../main/core/graph/graph-client.ts';
import { PushService, type PushEngine } from '../../main/core/push/push-service.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';
import { startEngineHarness, type EngineHarness, type EngineHarnessOptions } from './engine-harness.ts';

export interface HarnessPush {
  push: PushService;
  /** Every interval override push set on the engine, in order (null = back to the user's). */
  overrides: (number | null)[];
  /** The reason of every sync push asked the engine for. */
  syncs: string[];
}

/**
 * `publicUrl`: the tunnel's address (default: the receiver's own loopback URL). `graphMaxRetries`:
 * the Graph client's retries (default 0; the app's engine client has the default 5).
 */
export function pushOnHarness(h: EngineHarness, options: { publicUrl?: () => string | null; graphMaxRetries?: number } = {}): HarnessPush {
  const overrides: (number | null)[] = [];
  const syncs: string[] = [];
  const engine: PushEngine = {
    requestSync: (accountId, reason) => {
      syncs.push(reason);
      h.engine.requestSync(accountId, reason);
    },
    setPollIntervalOverride: (accountId, intervalMs) => {
      overrides.push(intervalMs);
      h.engine.setPollIntervalOverride(accountId, intervalMs);
    },
  };
  const push: PushService = new PushService({
    engine,
    graphFor: (accountId) => new GraphClient({ accountId, tokens: h.tokens, clock: h.clock, baseUrl: h.sim.url, maxRetries: options.graphMaxRetries ?? 0 }),
    store: new SyncStateStore({ directory: h.profileDir, clock: h.clock }),
    clock: h.clock,
    settings: () => ({ enabled: true, publicUrl: options.publicUrl ? options.publicUrl() : push.localUrl }),
    receiver: { port: 0 },
  });
  return { push, overrides, syncs };
}

/** Waits (wall time, generous) for push to reach a state; says what it last saw if it never does. */
export async function until(check: () => boolean | Promise<boolean>, what: string, lastSeen?: () => unknown): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastSeen ? `; last seen ${JSON.stringify(lastSeen())}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** An engine harness with one account signed in, the engine started and its baseline poll done. */
export async function pollingHarness(upn: string, displayName: string, options: EngineHarnessOptions = {}): Promise<EngineHarness> {
  const harness = await startEngineHarness(options);
  await harness.addAccount(upn, displayName);
  harness.engine.start();
  await harness.cycle(); // the baseline
  return harness;
}
