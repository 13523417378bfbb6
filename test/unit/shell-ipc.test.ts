import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, ipcChannel, type CallOutcome } from '../../preload/contract.ts';
import { createLogger } from '../../main/core/log.ts';
import { IpcBridge, PENDING_NAVIGATE_MS, checkSender, type IpcMainLike, type SenderEvent, type TrustedWindow } from '../../main/shell/ipc.ts';

const RENDERER = 'file:///app/out/renderer/index.html';

function fakeWindow() {
  const sent: [string, unknown][] = [];
  const window: TrustedWindow & { destroyed: boolean } = {
    destroyed: false,
    webContents: { id: 7, mainFrame: { processId: 3, routingId: 1 }, send: (channel: string, payload: unknown) => void sent.push([channel, payload]) },
    isDestroyed() {
      return this.destroyed;
    },
  };
  return { window, sent };
}

function event(frame: Partial<{ url: string; parent: unknown; processId: number; routingId: number }> | null, senderId = 7): SenderEvent {
  const senderFrame = frame === null ? null : { url: RENDERER, parent: null, processId: 3, routingId: 1, ...frame };
  return { sender: { id: senderId }, senderFrame } as unknown as SenderEvent;
}

describe('checkSender', () => {
  const { window } = fakeWindow();

  it('accepts the popup main frame showing our renderer (a #hash or ?query is fine)', () => {
    expect(checkSender(event({}), window, RENDERER)).toEqual({ ok: true });
    expect(checkSender(event({ url: `${RENDERER}#/inbox` }), window, RENDERER)).toEqual({ ok: true });
  });

  it('rejects another window, a subframe, another document, a gone frame, no window', () => {
    expect(checkSender(event({}, 8), window, RENDERER)).toMatchObject({ ok: false, reason: 'not the popup window' });
    expect(checkSender(event({ parent: {} , routingId: 5 }), window, RENDERER)).toMatchObject({ ok: false, reason: 'not the main frame' });
    expect(checkSender(event({ routingId: 9 }), window, RENDERER)).toMatchObject({ ok: false, reason: 'not the main frame' });
    expect(checkSender(event({ url: 'about:srcdoc', parent: {} }), window, RENDERER)).toMatchObject({ ok: false });
    expect(checkSender(event({ url: 'https://evil.example/' }), window, RENDERER)).toMatchObject({ ok: false, reason: 'not our renderer document' });
    expect(checkSender(event({ url: 'file:///home/mallory/evil.html' }), window, RENDERER)).toMatchObject({ ok: false, reason: 'not our renderer document' });
    expect(checkSender(event(null), window, RENDERER)).toMatchObject({ ok: false, reason: 'sender frame is gone' });
    expect(checkSender(event({}), null, RENDERER)).toMatchObject({ ok: false, reason: 'no popup window' });
    expect(checkSender(event({}), { ...window, isDestroyed: () => true }, RENDERER)).toMatchObject({ ok: false });
  });
});

describe('IpcBridge', () => {
  function setup(now: () => number = Date.now) {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>>();
    const removed: string[] = [];
    const ipcMain = {
      handle: (channel: string, handler: (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, handler);
      },
      removeHandler: (channel: string) => void removed.push(channel),
    } as unknown as IpcMainLike;
    const dispatched: [unknown, unknown][] = [];
    const lines: string[] = [];
    const { window, sent } = fakeWindow();
    const bridge = new IpcBridge({
      ipcMain,
      app: {
        dispatch: async (name, input): Promise<CallOutcome<unknown>> => {
          dispatched.push([name, input]);
          return { ok: true, value: 'answer' };
        },
      },
      window: () => window,
      rendererUrl: RENDERER,
      logger: createLogger({ level: 'warn', destination: { write: (line: string) => lines.push(line) } }),
      now,
    });
    bridge.register();
    return { bridge, handlers, removed, dispatched, lines, sent, window };
  }

  it('registers one channel per call in the contract, nothing generic', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(CALL_NAMES.map((name) => ipcChannel.call(name)).sort());
  });

  it('a call from the main frame is dispatched with its name and input', async () => {
    const { handlers, dispatched } = setup();
    const outcome = await handlers.get(ipcChannel.call('messages.markRead'))!(event({}) as unknown as IpcMainInvokeEvent, { accountId: 'a', messageId: 'm', isRead: true });
    expect(outcome).toEqual({ ok: true, value: 'answer' });
    expect(dispatched).toEqual([['messages.markRead', { accountId: 'a', messageId: 'm', isRead: true }]]);
  });

  it('drops a call from a subframe or another URL without dispatching, and logs it', async () => {
    const { handlers, dispatched, lines } = setup();
    const handler = handlers.get(ipcChannel.call('links.open'))!;
    for (const bad of [event({ parent: {}, routingId: 4 }), event({ url: 'https://evil.example/' }), event({}, 99), event(null)]) {
      const outcome = (await handler(bad as unknown as IpcMainInvokeEvent, { url: 'https://x' })) as CallOutcome<unknown>;
      expect(outcome.ok).toBe(false);
    }
    expect(dispatched).toEqual([]);
    expect(lines.filter((line) => line.includes('ipc: call dropped'))).toHaveLength(4);
  });

  it('emits events on their own channel to the popup; nothing when there is no window', () => {
    const { bridge, sent, window } = setup();
    bridge.emit('inbox.changed', { accountId: 'a', unreadCount: 2 });
    expect(sent).toEqual([[ipcChannel.event('inbox.changed'), { accountId: 'a', unreadCount: 2 }]]);
    window.destroyed = true;
    bridge.emit('navigate', { kind: 'agenda' });
    expect(sent).toHaveLength(1);
    expect(EVENT_NAMES).toContain('navigate');
  });

  it('a navigate sent while no renderer listens (no window, or one still loading) is handed over with its first call', async () => {
    const { bridge, sent, window, handlers } = setup(() => 1_000_000);
    window.destroyed = true; // the popup was closed: a notification click comes in
    bridge.emit('navigate', { kind: 'message', accountId: 'a', messageId: 'm' });
    expect(sent).toEqual([]);
    window.destroyed = false; // show() made a new one; its renderer starts and calls
    await handlers.get(ipcChannel.call('app.info'))!(event({}) as unknown as IpcMainInvokeEvent, {});
    expect(sent).toEqual([[ipcChannel.event('navigate'), { kind: 'message', accountId: 'a', messageId: 'm' }]]);
    // Listening now: the next navigate goes straight out, once.
    bridge.emit('navigate', { kind: 'agenda' });
    await handlers.get(ipcChannel.call('app.info'))!(event({}) as unknown as IpcMainInvokeEvent, {});
    expect(sent.map(([, payload]) => payload)).toEqual([{ kind: 'message', accountId: 'a', messageId: 'm' }, { kind: 'agenda' }]);
  });

  it('a held navigate goes stale after a while (the click meant then, not hours later)', async () => {
    let t = 1_000_000;
    const { bridge, sent, window, handlers } = setup(() => t);
    window.destroyed = true;
    bridge.emit('navigate', { kind: 'agenda' });
    window.destroyed = false;
    t += PENDING_NAVIGATE_MS + 1;
    await handlers.get(ipcChannel.call('app.info'))!(event({}) as unknown as IpcMainInvokeEvent, {});
    expect(sent).toEqual([]);
  });

  it('unregister removes every handler', () => {
    const { bridge, removed } = setup();
    bridge.unregister();
    expect(removed).toHaveLength(CALL_NAMES.length);
  });
});
