// The page hears first when the network comes back (the browser's `online` event; in Electron the
// popup stays loaded while hidden): it tells main, so accounts poll now instead of at the end of
// their offline backoff. A hint only: main coalesces it with other wake signals.
// https://developer.mozilla.org/docs/Web/API/Window/online_event
// Structural types, not DOM or Bridge imports, so the Node-side typecheck of its test needs no DOM.

export interface OnlineEventTarget {
  addEventListener(type: 'online', listener: () => void): void;
  removeEventListener(type: 'online', listener: () => void): void;
}

export interface NetworkOnlineBridge {
  call(name: 'sync.networkOnline', input: Record<string, never>): Promise<unknown>;
}

export function attachNetworkOnline(bridge: NetworkOnlineBridge, target: OnlineEventTarget): () => void {
  const online = () => void bridge.call('sync.networkOnline', {}).catch(() => undefined);
  target.addEventListener('online', online);
  return () => target.removeEventListener('online', online);
}
