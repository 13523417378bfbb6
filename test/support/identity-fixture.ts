// Shared set-up for the accounts tests: a simulator on port 0 with a work and a personal user,
// the admin API over HTTP, and AccountManagers wired to the simulator with the test browser.
import type { ICachePlugin } from '@azure/msal-node';
import { AccountManager } from '../../main/core/accounts/account-manager.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import type { SimUser } from '../../sim/users.ts';
import { createTestBrowser } from '../../sim/auto-consent-browser.ts';

export const TEST_CLIENT_ID = '6e1c1a4c-6a2e-4a8e-9a6b-4e7e1d0c7a11';

export interface IdentityFixture {
  sim: RunningSimulator;
  work: SimUser;
  personal: SimUser;
  /** POSTs JSON to the simulator's admin API and returns the parsed answer (throws on non-2xx). */
  admin(path: string, body?: unknown): Promise<unknown>;
  adminRaw(path: string, body?: unknown): Promise<Response>;
  newManager(options?: { cachePlugin?: ICachePlugin }): { manager: AccountManager; browser: ReturnType<typeof createTestBrowser> };
  close(): Promise<void>;
}

export async function startIdentityFixture(): Promise<IdentityFixture> {
  const sim = await startSimulator();
  const work = sim.ctx.users.add({ upn: 'adele.vance@contoso.com', displayName: 'Adele Vance', kind: 'work' });
  const personal = sim.ctx.users.add({ upn: 'megan.bowen@outlook.com', displayName: 'Megan Bowen', kind: 'personal' });
  const adminRaw = (path: string, body?: unknown) =>
    fetch(`${sim.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    sim,
    work,
    personal,
    adminRaw,
    admin: async (path, body) => {
      const res = await adminRaw(path, body);
      const text = await res.text();
      if (!res.ok) throw new Error(`admin ${path} answered ${res.status}: ${text}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
    newManager: (options = {}) => {
      const browser = createTestBrowser();
      const manager = new AccountManager({
        clientId: TEST_CLIENT_ID,
        identityHostOverride: sim.url,
        openBrowser: browser.openBrowser,
        ...(options.cachePlugin ? { cachePlugin: options.cachePlugin } : {}),
      });
      return { manager, browser };
    },
    close: () => sim.close(),
  };
}

/**
 * An in-memory ICachePlugin (the shape MSAL documents for custom persistence) that lets a test see
 * the serialized cache MSAL writes — e.g. to present an old refresh token after rotation.
 */
export function createMemoryCachePlugin(): ICachePlugin & { snapshot(): string } {
  let stored = '';
  return {
    beforeCacheAccess: async (context) => {
      if (stored) context.tokenCache.deserialize(stored);
    },
    afterCacheAccess: async (context) => {
      if (context.cacheHasChanged) stored = context.tokenCache.serialize();
    },
    snapshot: () => stored,
  };
}

/** The refresh token secrets in a serialized MSAL cache. */
export function refreshTokensIn(serializedCache: string): string[] {
  if (!serializedCache) return [];
  const parsed = JSON.parse(serializedCache) as { RefreshToken?: Record<string, { secret: string }> };
  return Object.values(parsed.RefreshToken ?? {}).map((t) => t.secret);
}

/** Waits (wall time, as token expiry is wall time) until the predicate holds. */
export async function waitUntil(predicate: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
