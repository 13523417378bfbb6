// The bridge over a WebSocket (`/bridge`): the same calls and events as Electron's IPC, as
// `WireFrame` JSON (preload/contract.ts). Every call goes through `dispatch`, which validates the
// input against the contract's schemas; this file only checks the frame's shape. A frame that
// is not JSON, is binary, or has no usable id closes that socket with 1008 (policy violation);
// a frame with an id but a bad shape gets a typed `invalidInput` result. Nothing here throws.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import type { BridgeEvents, CallOutcome, EventName, WireFrame } from '../../preload/contract.ts';
import type { Logger } from '../core/log.ts';

/** What the socket needs from the app: HeraldApp satisfies it. */
export interface BridgeDispatcher {
  dispatch(name: unknown, input: unknown): Promise<CallOutcome<unknown>>;
}

export interface BridgeSocketOptions {
  dispatcher: BridgeDispatcher;
  logger: Logger;
  /** Largest accepted frame; bigger frames close the socket (ws answers 1009). Default 1 MiB. */
  maxPayloadBytes?: number;
  /** Ping period; a client that missed the previous pong is dropped. Default 30 s. */
  keepaliveMs?: number;
}

const MAX_ID = 2 ** 31 - 1;
const frameId = z.number().int().min(0).max(MAX_ID);
const callFrame = z.object({ type: z.literal('call'), id: frameId, name: z.string().max(200), input: z.unknown() }).strict();

export class BridgeSocket {
  private readonly wss: WebSocketServer;
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly log: Logger;
  private readonly keepalive: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: BridgeSocketOptions) {
    this.log = options.logger.child({ component: 'bridge-socket' });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 1024 * 1024, perMessageDeflate: false });
    this.wss.on('connection', (ws) => this.attach(ws));
    this.keepalive = setInterval(() => this.ping(), options.keepaliveMs ?? 30_000);
    this.keepalive.unref();
  }

  /** For `WebHostServer.onUpgrade('/bridge', …)`: the request was already authenticated. */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  };

  get clientCount(): number {
    return this.wss.clients.size;
  }

  /** Sends an event to every connected page. */
  broadcast<E extends EventName>(event: E, payload: BridgeEvents[E]): void {
    const frame: WireFrame = { type: 'event', name: event, payload };
    const text = JSON.stringify(frame);
    for (const client of this.wss.clients) {
      if (client.readyState === client.OPEN) client.send(text);
    }
  }

  /** Closes every client (1001 going away) and stops accepting. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepalive);
    for (const client of this.wss.clients) client.close(1001, 'Herald is shutting down');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        for (const client of this.wss.clients) client.terminate();
        resolve();
      }, 1000);
      timer.unref();
      this.wss.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private attach(ws: WebSocket): void {
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.on('error', (err) => this.log.warn({ err: err.message }, 'bridge socket error'));
    ws.on('message', (data, isBinary) => this.receive(ws, data, isBinary));
  }

  private ping(): void {
    for (const client of this.wss.clients) {
      if (this.alive.get(client) === false) {
        client.terminate();
        continue;
      }
      this.alive.set(client, false);
      client.ping();
    }
  }

  private receive(ws: WebSocket, data: RawData, isBinary: boolean): void {
    if (isBinary) return this.violation(ws, 'binary frames are not part of the bridge');
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch {
      return this.violation(ws, 'frame is not JSON');
    }
    const id = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? frameId.safeParse((parsed as { id?: unknown }).id) : null;
    if (!id || !id.success) return this.violation(ws, 'frame has no numeric id');
    const frame = callFrame.safeParse(parsed);
    if (!frame.success) {
      this.reply(ws, id.data, {
        ok: false,
        error: { code: 'invalidInput', message: 'Not a bridge call frame.', issues: frame.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })) },
      });
      return;
    }
    const { name, input } = frame.data;
    this.options.dispatcher.dispatch(name, input).then(
      (outcome) => this.reply(ws, id.data, outcome),
      (err: unknown) => {
        // dispatch promises never to throw; if it does anyway the page still gets an answer.
        this.log.error({ err, call: name }, 'dispatch threw');
        this.reply(ws, id.data, { ok: false, error: { code: 'internal', message: 'Something went wrong.' } });
      },
    );
  }

  private reply(ws: WebSocket, id: number, outcome: CallOutcome<unknown>): void {
    if (ws.readyState !== ws.OPEN) return;
    const frame: WireFrame = { type: 'result', id, outcome };
    ws.send(JSON.stringify(frame));
  }

  private violation(ws: WebSocket, reason: string): void {
    this.log.warn({ reason }, 'bridge frame refused');
    ws.close(1008, reason);
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
