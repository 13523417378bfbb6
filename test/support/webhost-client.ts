// A Node client for the web host, speaking to it like the page does: opens the popup URL to get
// the session cookie, then talks WireFrame JSON over the `/bridge` WebSocket (package `ws`).
import WebSocket from 'ws';
import type { BridgeEvents, CallOutcome, EventName, WireFrame } from '../../preload/contract.ts';

/** Opens the popup URL (secret) and returns the `name=value` session cookie it sets. */
export async function openSession(popupUrl: string): Promise<string> {
  const res = await fetch(popupUrl, { redirect: 'manual' });
  if (res.status !== 303) throw new Error(`popup URL answered ${res.status}, expected 303`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  if (!cookie.includes('=')) throw new Error('no session cookie');
  return cookie;
}

export interface BridgeClient {
  ws: WebSocket;
  call(name: string, input: unknown): Promise<CallOutcome<unknown>>;
  /** Sends raw text (bad frames in tests). */
  sendRaw(text: string | Buffer): void;
  /** Every event frame received so far. */
  events: { name: EventName; payload: unknown }[];
  waitForEvent<E extends EventName>(name: E, predicate?: (payload: BridgeEvents[E]) => boolean, timeoutMs?: number): Promise<BridgeEvents[E]>;
  /** Resolves with the close code. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export function connectBridge(origin: string, cookie: string, headers: { origin?: string; host?: string } = {}): Promise<BridgeClient> {
  const wsUrl = `${origin.replace(/^http/, 'ws')}/bridge`;
  const ws = new WebSocket(wsUrl, { headers: { cookie, origin: headers.origin ?? origin, ...(headers.host ? { host: headers.host } : {}) } });
  const pending = new Map<number, (outcome: CallOutcome<unknown>) => void>();
  const events: { name: EventName; payload: unknown }[] = [];
  const waiters: { name: EventName; predicate: (payload: unknown) => boolean; resolve: (payload: unknown) => void }[] = [];
  let nextId = 1;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as WireFrame;
    if (frame.type === 'result') pending.get(frame.id)?.(frame.outcome);
    if (frame.type === 'event') {
      events.push({ name: frame.name, payload: frame.payload });
      for (const waiter of [...waiters]) {
        if (waiter.name === frame.name && waiter.predicate(frame.payload)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(frame.payload);
        }
      }
    }
  });
  const client: BridgeClient = {
    ws,
    events,
    closed,
    call: (name, input) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, name, input }));
      }),
    sendRaw: (text) => ws.send(text),
    waitForEvent: (name, predicate, timeoutMs = 30_000) => {
      const test = (payload: unknown) => (predicate ? predicate(payload as never) : true);
      const seen = events.find((e) => e.name === name && test(e.payload));
      if (seen) return Promise.resolve(seen.payload as never);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${name} event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          name,
          predicate: test,
          resolve: (payload) => {
            clearTimeout(timer);
            resolve(payload as never);
          },
        });
      });
    },
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
