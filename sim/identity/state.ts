// The mutable state one simulated identity platform shares between its route modules.
import type { SimContext } from '../context.ts';
import { DeviceCodeStore } from './device-codes.ts';
import { DEFAULT_IDENTITY_SETTINGS, type IdentitySettings } from './settings.ts';
import { TokenStore } from './token-store.ts';

/** What the next /authorize does, scripted through the admin API and consumed by one sign-in. */
export type SignInOutcome = 'consent' | 'cancel' | 'consentDenied' | 'adminConsentRequired';

export interface ScriptedSignIn {
  upn?: string;
  outcome: SignInOutcome;
}

export interface IdentityRequestRecord {
  at: string;
  method: string;
  path: string;
  grantType?: string;
  status: number;
  error?: string;
}

export interface IdentityState {
  readonly ctx: SimContext;
  readonly tokens: TokenStore;
  readonly deviceCodes: DeviceCodeStore;
  settings: IdentitySettings;
  nextSignIn: ScriptedSignIn | null;
  readonly requests: IdentityRequestRecord[];
}

const MAX_LOGGED_REQUESTS = 1000;

export function createIdentityState(ctx: SimContext): IdentityState {
  // Tokens use wall time (MSAL compares expires_on with Date.now()), not the data clock.
  const now = () => Date.now();
  return {
    ctx,
    tokens: new TokenStore(now),
    deviceCodes: new DeviceCodeStore(now),
    settings: { ...DEFAULT_IDENTITY_SETTINGS },
    nextSignIn: null,
    requests: [],
  };
}

export function logRequest(state: IdentityState, record: Omit<IdentityRequestRecord, 'at'>): void {
  state.requests.push({ at: new Date().toISOString(), ...record });
  if (state.requests.length > MAX_LOGGED_REQUESTS) state.requests.splice(0, state.requests.length - MAX_LOGGED_REQUESTS);
}
