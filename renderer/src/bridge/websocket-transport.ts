// The web host transport: the bridge contract as WireFrame JSON over one WebSocket to
// `/bridge` on the page's own origin. The host authenticates the socket by the HttpOnly session
// cookie it set when the page was opened with its secret, so nothing here handles secrets.
// When the socket drops, pending calls fail as 'offline' and the socket reconnects with backoff.
import type {
  BridgeEvents,
  CallInput,
  CallName,
  CallOutcome,
  CallResult,
  EventName,
  HeraldBridge,
  WireFrame,
} from '../../../preload/contract.ts';
import { reconnectDelayMs, type ConnectionListener, type ConnectionState } from './connection.ts';

type AnyListener = (payload: unknown) => void;

interface Pending {
  resolve: (outcome: CallOutcome<unknown>) => void;
}

/** Calls made while the socket is down wait this long for it to come back before failing. */
const QUEUE_TIMEOUT_MS = 10_000;
/** WebSocket.OPEN, spelled out so an injected socket class need not carry the constant. */
const OPEN = 1;

/** The part of the browser WebSocket the transport uses (tests inject `ws`'s, which matches). */
export interface BridgeSocket {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type SocketFactory = (url: string) => BridgeSocket;

export function bridgeSocketUrl(origin: string): string {
  return `${origin.replace(/^http/, 'ws')}/bridge`;
}

function offline(message: string): CallOutcome<never> {
  return { ok: false, error: { code: 'offline', message } };
}

export class WebSocketTransport implements HeraldBridge {
  private socket: BridgeSocket | null = null;
  private nextId = 1;
  private attempt = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly queued: { frame: WireFrame; pending: Pending; timer: ReturnType<typeof setTimeout> }[] = [];
  private readonly listeners = new Map<EventName, Set<AnyListener>>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private state: ConnectionState = { kind: 'connecting' };

  constructor(
    private readonly url: string,
    private readonly createSocket: SocketFactory = (target) => new WebSocket(target),
  ) {
    this.connect();
  }

  connection(): ConnectionState {
    return this.state;
  }

  onConnection(listener: ConnectionListener): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  invoke<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutcome<CallResult<N>>> {
    const id = this.nextId++;
    const frame: WireFrame = { type: 'call', id, name, input };
    return new Promise((resolve) => {
      const pending: Pending = { resolve: resolve as (outcome: CallOutcome<unknown>) => void };
      if (this.socket?.readyState === OPEN) {
        this.pending.set(id, pending);
        this.socket.send(JSON.stringify(frame));
        return;
      }
      const timer = setTimeout(() => {
        const index = this.queued.findIndex((entry) => entry.pending === pending);
        if (index >= 0) this.queued.splice(index, 1);
        pending.resolve(offline('Not connected to Herald.'));
      }, QUEUE_TIMEOUT_MS);
      this.queued.push({ frame, pending, timer });
    });
  }

  on<E extends EventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const stored = listener as AnyListener;
    set.add(stored);
    return () => set.delete(stored);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.connectionListeners) listener(state);
  }

  private connect(): void {
    const socket = this.createSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.setState({ kind: 'open' });
      for (const entry of this.queued.splice(0)) {
        clearTimeout(entry.timer);
        if (entry.frame.type === 'call') this.pending.set(entry.frame.id, entry.pending);
        socket.send(JSON.stringify(entry.frame));
      }
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => this.dropped(socket));
  }

  private dropped(socket: BridgeSocket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    for (const pending of this.pending.values()) pending.resolve(offline('The connection to Herald was lost.'));
    this.pending.clear();
    this.attempt += 1;
    const delay = reconnectDelayMs(this.attempt);
    this.setState({ kind: 'reconnecting', attempt: this.attempt, retryAt: Date.now() + delay });
    setTimeout(() => this.connect(), delay);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: WireFrame;
    try {
      frame = JSON.parse(data) as WireFrame;
    } catch {
      return; // Not ours: ignore rather than crash the popup.
    }
    if (frame.type === 'result') {
      const pending = this.pending.get(frame.id);
      if (!pending) return;
      this.pending.delete(frame.id);
      pending.resolve(frame.outcome);
    } else if (frame.type === 'event') {
      for (const listener of this.listeners.get(frame.name) ?? []) listener(frame.payload);
    }
  }
}
