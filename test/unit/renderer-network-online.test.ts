// The page tells main when the network comes back (jsdom's window and events).
import { describe, expect, it } from 'vitest';
import { attachNetworkOnline, type NetworkOnlineBridge, type OnlineEventTarget } from '../../renderer/src/bridge/network-online.ts';

// The root tsconfig has no DOM lib: jsdom's globals are typed by hand here.
const dom = globalThis as unknown as { window: OnlineEventTarget & { dispatchEvent(event: unknown): boolean }; Event: new (type: string) => unknown };
const fire = (type: string) => dom.window.dispatchEvent(new dom.Event(type));

describe('attachNetworkOnline', () => {
  it("calls sync.networkOnline on the window's online event, and stops when detached", () => {
    const calls: [string, unknown][] = [];
    const bridge: NetworkOnlineBridge = { call: async (name, input) => void calls.push([name, input]) };
    const detach = attachNetworkOnline(bridge, dom.window);
    fire('offline');
    expect(calls).toEqual([]);
    fire('online');
    expect(calls).toEqual([['sync.networkOnline', {}]]);
    detach();
    fire('online');
    expect(calls).toHaveLength(1);
  });

  it('a failed call (host gone) is swallowed: it was only a hint', async () => {
    const bridge: NetworkOnlineBridge = { call: () => Promise.reject(new Error('socket closed')) };
    const detach = attachNetworkOnline(bridge, dom.window);
    fire('online');
    await new Promise((resolve) => setTimeout(resolve, 0));
    detach();
  });
});
