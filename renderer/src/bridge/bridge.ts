// The renderer's handle on the core. Picks the transport at start-up (Electron's preload
// object if present, else the web host's WebSocket) and turns outcomes into typed values or a
// thrown `BridgeCallError` carrying the contract's typed `BridgeError`.
import type {
  BridgeError,
  BridgeEvents,
  CallInput,
  CallName,
  CallResult,
  EventName,
  HeraldBridge,
} from '../../../preload/contract.ts';
import type { ConnectionListener, ConnectionState } from './connection.ts';
import { WebSocketTransport, bridgeSocketUrl } from './websocket-transport.ts';

export type { BridgeError, ConnectionState };

export class BridgeCallError extends Error {
  constructor(readonly error: BridgeError, readonly call: CallName) {
    super(error.message);
    this.name = 'BridgeCallError';
  }
}

export class Bridge {
  private constructor(
    private readonly transport: HeraldBridge,
    private readonly socket: WebSocketTransport | null,
  ) {}

  static connect(): Bridge {
    if (window.herald) return new Bridge(window.herald, null);
    const socket = new WebSocketTransport(bridgeSocketUrl(location.origin));
    return new Bridge(socket, socket);
  }

  /** The value of a call, or throws BridgeCallError with the typed error. */
  async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
    const outcome = await this.transport.invoke(name, input);
    if (outcome.ok) return outcome.value;
    throw new BridgeCallError(outcome.error, name);
  }

  on<E extends EventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void {
    return this.transport.on(event, listener);
  }

  connection(): ConnectionState {
    return this.socket ? this.socket.connection() : { kind: 'open' };
  }

  onConnection(listener: ConnectionListener): () => void {
    return this.socket ? this.socket.onConnection(listener) : () => undefined;
  }
}

/** The typed error of anything a call threw (non-bridge errors become 'internal'). */
export function toBridgeError(caught: unknown): BridgeError {
  if (caught instanceof BridgeCallError) return caught.error;
  return { code: 'internal', message: caught instanceof Error ? caught.message : String(caught) };
}
