// The web host transport against a real `ws` server on loopback: calls and results by id,
// events to subscribers, junk frames ignored, and a dropped socket failing pending calls as
// 'offline' and then reconnecting by itself. The client socket is `ws`'s WebSocket (the same
// event API as the browser's; jsdom's mixes Event realms under vitest). The module is loaded by
// path at run time: it names the DOM WebSocket type, which the Node tsconfig lacks.
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as ClientSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { CallOutcome, WireFrame } from '../../preload/contract.ts';

interface Transport {
  invoke(name: string, input: unknown): Promise<CallOutcome<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  connection(): { kind: string };
  onConnection(listener: (state: { kind: string }) => void): () => void;
}
interface TransportModule {
  WebSocketTransport: new (url: string, createSocket: (url: string) => unknown) => Transport;
  bridgeSocketUrl(origin: string): string;
}

let server: WebSocketServer;
let url: string;
let sockets: ServerSocket[];
let load: () => Promise<TransportModule>;
const clients: ClientSocket[] = [];
const connect = (target: string): ClientSocket => {
  const client = new ClientSocket(target);
  // A browser WebSocket reports a failed connect as an 'error' event that needs no listener,
  // then 'close' (which the transport handles). ws throws an unheard 'error', so listen here
  // the way the browser would swallow it — otherwise a reconnect attempt after the test's
  // server closed surfaces as an unhandled ECONNREFUSED.
  client.on('error', () => undefined);
  clients.push(client);
  return client;
};

function nextConnection(): Promise<ServerSocket> {
  return new Promise((resolve) => server.once('connection', resolve));
}

function nextFrame(socket: ServerSocket): Promise<WireFrame> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)) as WireFrame)));
}

function waitForState(transport: Transport, kind: string): Promise<void> {
  return new Promise((resolve) => {
    if (transport.connection().kind === kind) return resolve();
    const off = transport.onConnection((state) => {
      if (state.kind === kind) {
        off();
        resolve();
      }
    });
  });
}

beforeEach(async () => {
  sockets = [];
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/bridge' });
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/bridge`;
  const modulePath: string = '../../renderer/src/bridge/websocket-transport.ts';
  load = async () => (await import(/* @vite-ignore */ modulePath)) as TransportModule;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  for (const socket of sockets) socket.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('WebSocketTransport', () => {
  it('derives the socket URL from the page origin', async () => {
    const { bridgeSocketUrl } = await load();
    expect(bridgeSocketUrl('http://127.0.0.1:4321')).toBe('ws://127.0.0.1:4321/bridge');
    expect(bridgeSocketUrl('https://host.example')).toBe('wss://host.example/bridge');
  });

  it('sends calls as frames and resolves each with the result of its id, in any order', async () => {
    const { WebSocketTransport } = await load();
    const connected = nextConnection();
    const transport = new WebSocketTransport(url, connect);
    // Queued before the socket opens, sent once it does.
    const first = transport.invoke('app.info', {});
    const socket = await connected;
    const frameA = await nextFrame(socket);
    const second = transport.invoke('messages.get', { accountId: 'a', messageId: 'm' });
    const frameB = await nextFrame(socket);
    expect(frameA).toMatchObject({ type: 'call', name: 'app.info', input: {} });
    expect(frameB).toMatchObject({ type: 'call', name: 'messages.get', input: { accountId: 'a', messageId: 'm' } });
    if (frameA.type !== 'call' || frameB.type !== 'call') throw new Error('expected call frames');
    socket.send(JSON.stringify({ type: 'result', id: frameB.id, outcome: { ok: false, error: { code: 'notFound', message: 'no such message' } } }));
    socket.send(JSON.stringify({ type: 'result', id: frameA.id, outcome: { ok: true, value: { version: '1' } } }));
    await expect(first).resolves.toEqual({ ok: true, value: { version: '1' } });
    await expect(second).resolves.toEqual({ ok: false, error: { code: 'notFound', message: 'no such message' } });
  });

  it('delivers events to their subscribers until they unsubscribe, ignoring junk frames', async () => {
    const { WebSocketTransport } = await load();
    const connected = nextConnection();
    const transport = new WebSocketTransport(url, connect);
    const socket = await connected;
    await waitForState(transport, 'open');
    const seen: unknown[] = [];
    const off = transport.on('inbox.changed', (payload) => seen.push(payload));
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'result', id: 999, outcome: { ok: true, value: null } }));
    socket.send(JSON.stringify({ type: 'event', name: 'inbox.changed', payload: { accountId: 'a', unreadCount: 2 } }));
    // A call round trip orders the check after the frames above were handled.
    const ping = transport.invoke('sync.status', {});
    const frame = await nextFrame(socket);
    if (frame.type !== 'call') throw new Error('expected a call');
    socket.send(JSON.stringify({ type: 'result', id: frame.id, outcome: { ok: true, value: null } }));
    await ping;
    expect(seen).toEqual([{ accountId: 'a', unreadCount: 2 }]);
    off();
    socket.send(JSON.stringify({ type: 'event', name: 'inbox.changed', payload: { accountId: 'b', unreadCount: 0 } }));
    const ping2 = transport.invoke('sync.status', {});
    const frame2 = await nextFrame(socket);
    if (frame2.type !== 'call') throw new Error('expected a call');
    socket.send(JSON.stringify({ type: 'result', id: frame2.id, outcome: { ok: true, value: null } }));
    await ping2;
    expect(seen).toHaveLength(1);
  });

  it('fails pending calls as offline when the socket drops, then reconnects and works again', async () => {
    const { WebSocketTransport } = await load();
    const connected = nextConnection();
    const transport = new WebSocketTransport(url, connect);
    const socket = await connected;
    const pending = transport.invoke('app.info', {});
    await nextFrame(socket);
    const states: string[] = [];
    transport.onConnection((state) => states.push(state.kind));
    const reconnected = nextConnection();
    socket.terminate();
    const outcome = await pending;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('offline');
    const again = await reconnected;
    await waitForState(transport, 'open');
    expect(states).toEqual(['reconnecting', 'open']);
    const call = transport.invoke('accounts.list', {});
    const frame = await nextFrame(again);
    if (frame.type !== 'call') throw new Error('expected a call');
    again.send(JSON.stringify({ type: 'result', id: frame.id, outcome: { ok: true, value: [] } }));
    await expect(call).resolves.toEqual({ ok: true, value: [] });
  });
});
