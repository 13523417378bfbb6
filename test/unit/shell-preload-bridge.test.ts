import { describe, expect, it } from 'vitest';
import type { IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, ipcChannel } from '../../preload/contract.ts';
import { bundlePreload, preloadBundleProblems } from '../../main/shell/build.ts';
import { PRELOAD_CALL_NAMES, PRELOAD_EVENT_NAMES, createPreloadBridge, type IpcRendererLike } from '../../main/shell/preload-bridge.ts';

function fakeIpcRenderer() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<(event: IpcRendererEvent, payload: unknown) => void>>();
  const ipc = {
    invoke: async (channel: string, input: unknown) => {
      invoked.push([channel, input]);
      return { ok: true, value: channel };
    },
    on: (channel: string, listener: (event: IpcRendererEvent, payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return ipc;
    },
    removeListener: (channel: string, listener: (event: IpcRendererEvent, payload: unknown) => void) => {
      listeners.get(channel)?.delete(listener);
      return ipc;
    },
  };
  const fire = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'secret' } as unknown as IpcRendererEvent, payload);
  };
  return { ipc: ipc as unknown as IpcRendererLike, invoked, listeners, fire };
}

describe('preload bridge', () => {
  it('knows exactly the contract’s calls and events, on the contract’s channels', () => {
    expect([...PRELOAD_CALL_NAMES].sort()).toEqual([...CALL_NAMES].sort());
    expect([...PRELOAD_EVENT_NAMES].sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('invoke sends a known call on its own channel', async () => {
    const { ipc, invoked } = fakeIpcRenderer();
    const bridge = createPreloadBridge(ipc);
    for (const name of CALL_NAMES) await bridge.invoke(name, {} as never);
    expect(invoked.map(([channel]) => channel)).toEqual(CALL_NAMES.map((name) => ipcChannel.call(name)));
  });

  it('invoke rejects an unknown name without any IPC', async () => {
    const { ipc, invoked } = fakeIpcRenderer();
    const bridge = createPreloadBridge(ipc);
    for (const bad of ['nope', '__proto__', 'toString', 'herald:call:app.info', 42, null]) {
      const outcome = await bridge.invoke(bad as 'app.info', {});
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.code).toBe('invalidInput');
    }
    expect(invoked).toEqual([]);
  });

  it('on subscribes to known events only, hides the IPC event, and unsubscribes once', () => {
    const { ipc, listeners, fire } = fakeIpcRenderer();
    const bridge = createPreloadBridge(ipc);
    const seen: unknown[][] = [];
    const off = bridge.on('navigate', (...args: unknown[]) => void seen.push(args));
    fire(ipcChannel.event('navigate'), { kind: 'agenda' });
    expect(seen).toEqual([[{ kind: 'agenda' }]]);
    off();
    off();
    fire(ipcChannel.event('navigate'), { kind: 'settings' });
    expect(seen).toHaveLength(1);
    expect(listeners.get(ipcChannel.event('navigate'))?.size).toBe(0);
    const noop = bridge.on('herald:call:app.info' as 'navigate', () => undefined);
    expect(typeof noop).toBe('function');
    expect([...listeners.keys()]).toEqual([ipcChannel.event('navigate')]);
  });

  it('the bridge object is frozen with exactly invoke and on', () => {
    const bridge = createPreloadBridge(fakeIpcRenderer().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('the sandboxed preload bundle requires only electron and has no zod', async () => {
    const code = await bundlePreload(undefined, false);
    expect(code).toContain('exposeInMainWorld("herald"');
    expect(preloadBundleProblems(code)).toEqual([]);
    expect(code.match(/exposeInMainWorld/g)).toHaveLength(1);
    expect(preloadBundleProblems('require("fs"); const z = ZodError;')).toEqual(['requires "fs" (only "electron" is allowed)', 'contains zod']);
  });
});
