// Herald's Microsoft Entra app registration: a public client (no secret) with the
// http://localhost loopback redirect and the delegated Graph permissions in scopes.ts.
// The id below is the development registration; a packaged build may override it with
// HERALD_CLIENT_ID (for organisations that register their own copy of the app).
export const DEFAULT_CLIENT_ID = 'c6f3b9a4-4f0e-4d1a-9b7e-3e1f2a8d5c10';

export function heraldClientId(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.HERALD_CLIENT_ID?.trim();
  return fromEnv && /^[0-9a-f-]{36}$/i.test(fromEnv) ? fromEnv : DEFAULT_CLIENT_ID;
}
