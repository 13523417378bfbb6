// The state of the link to the core, for the status line. Electron's IPC is always 'open';
// the web host's WebSocket can drop and reconnect.

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'reconnecting'; attempt: number; retryAt: number };

export type ConnectionListener = (state: ConnectionState) => void;

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** Exponential backoff with a cap; `random` (0..1) spreads reconnects of many tabs apart. */
export function reconnectDelayMs(attempt: number, random: number = Math.random()): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.75 + 0.5 * random));
}
