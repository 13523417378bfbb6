// PushService status without Graph: disabled, enabled without a public URL, toggled off; and the
// failure → reason mapping the settings page shows.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../main/core/accounts/token-provider.ts';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { GraphError } from '../../main/core/graph/graph-errors.ts';
import { describeFailure, isValidationFailure } from '../../main/core/push/push-failure.ts';
import { PushService, type PushEngine, type PushStatus } from '../../main/core/push/push-service.ts';
import type { PushSettings } from '../../main/core/state/settings-schema.ts';
import { SyncStateStore } from '../../main/core/state/sync-state-store.ts';

let dir: string | null = null;
let service: PushService | null = null;

afterEach(async () => {
  await service?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  service = null;
  dir = null;
});

async function make(settings: PushSettings): Promise<{ service: PushService; overrides: [string, number | null][]; statuses: PushStatus[] }> {
  dir = await mkdtemp(path.join(tmpdir(), 'herald-push-status-'));
  const clock = new FakeClock();
  const overrides: [string, number | null][] = [];
  const engine: PushEngine = { requestSync: () => undefined, setPollIntervalOverride: (id, ms) => void overrides.push([id, ms]) };
  service = new PushService({
    engine,
    graphFor: () => {
      throw new Error('no Graph without a public URL');
    },
    store: new SyncStateStore({ directory: dir, clock }),
    clock,
    settings: () => settings,
    receiver: { port: 0 },
  });
  const statuses: PushStatus[] = [];
  service.onStatus((s) => statuses.push(s));
  return { service, overrides, statuses };
}

describe('PushService status', () => {
  it('is off without a receiver when disabled', async () => {
    const { service } = await make({ enabled: false, publicUrl: null });
    await service.start();
    await service.addAccount('ada');
    expect(service.status()).toMatchObject({ state: 'off', reason: null, localUrl: null, publicUrl: null });
  });

  it('listens but stays off with a reason until a public URL is set, and overrides nothing', async () => {
    const settings: PushSettings = { enabled: true, publicUrl: null };
    const { service, overrides, statuses } = await make(settings);
    await service.start();
    await service.addAccount('ada');
    const status = service.status();
    expect(status.state).toBe('off');
    expect(status.reason).toMatch(/public HTTPS URL/);
    expect(status.localUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The tunnel can be tested before the URL is saved: the handshake already answers.
    const echo = await fetch(`${status.localUrl}/notifications?validationToken=abc%20def`, { method: 'POST' });
    expect(await echo.text()).toBe('abc def');
    expect(overrides).toEqual([]);
    expect(statuses.length).toBeGreaterThan(0);

    settings.enabled = false;
    await service.applySettings();
    expect(service.status()).toMatchObject({ state: 'off', localUrl: null });
    await expect(fetch(`${status.localUrl}/notifications?validationToken=x`, { method: 'POST' })).rejects.toThrow();
  });
});

describe('push failure reasons', () => {
  it('maps Graph and auth failures to a kind and a user-facing reason', () => {
    const validation = describeFailure(new GraphError({ kind: 'http', status: 400, code: 'ValidationError', message: 'Graph answered 400 ValidationError: Subscription validation request failed.' }));
    expect(validation.kind).toBe('validation');
    expect(isValidationFailure(validation)).toBe(true);
    expect(validation.reason).toMatch(/tunnel/);
    expect(describeFailure(new AuthRequiredError('needsSignIn', 'sign in')).kind).toBe('auth');
    expect(describeFailure(new GraphError({ kind: 'network', message: 'reset' })).kind).toBe('network');
    const server = describeFailure(new GraphError({ kind: 'http', status: 503, code: 'ServiceNotAvailable', message: 'x' }));
    expect(server).toMatchObject({ kind: 'graph' });
    expect(isValidationFailure(server)).toBe(false);
    expect(describeFailure(new Error('boom')).kind).toBe('graph');
  });
});
