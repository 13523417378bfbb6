// Tunables of the simulated identity platform, changed through POST /_admin/identity/settings.
// Defaults follow Entra: access tokens live 60-90 minutes, refresh tokens 90 days (inactive),
// device codes 15 minutes with a 5 s polling interval.
// https://learn.microsoft.com/entra/identity-platform/configurable-token-lifetimes
import { z } from 'zod';

export interface IdentitySettings {
  accessTokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
  deviceCodeLifetimeSeconds: number;
  deviceCodeIntervalSeconds: number;
  /**
   * Entra does not revoke a refresh token when it is redeemed: the old one stays valid until it
   * expires, and clients are told to discard it (learn.microsoft.com/entra/identity-platform/
   * refresh-tokens, "Token lifetime"). true: a redeemed refresh token is invalid at once
   * (AADSTS70000) — stricter than Entra, for tests that prove a client always keeps the newest.
   */
  strictRefreshTokenRotation: boolean;
}

export const DEFAULT_IDENTITY_SETTINGS: Readonly<IdentitySettings> = {
  accessTokenLifetimeSeconds: 3600,
  refreshTokenLifetimeSeconds: 90 * 24 * 3600,
  deviceCodeLifetimeSeconds: 900,
  deviceCodeIntervalSeconds: 5,
  strictRefreshTokenRotation: false,
};

export const identitySettingsPatch = z
  .object({
    accessTokenLifetimeSeconds: z.number().int().min(1).max(86_400 * 365),
    refreshTokenLifetimeSeconds: z.number().int().min(1).max(86_400 * 365),
    deviceCodeLifetimeSeconds: z.number().int().min(1).max(86_400),
    deviceCodeIntervalSeconds: z.number().int().min(0).max(60),
    strictRefreshTokenRotation: z.boolean(),
  })
  .partial()
  .strict();
