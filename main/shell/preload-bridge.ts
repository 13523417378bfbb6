// The object the preload exposes as `window.herald`, built from the contract's names. Kept apart
// from preload/index.ts so it is unit-tested under plain Node with a fake ipcRenderer; the preload
// itself only adds `contextBridge.exposeInMainWorld`.
//
// The sandboxed preload bundle must not carry zod, so the call names are listed here as a record
// the compiler checks against the contract (a missing or extra name is a type error), and a unit
// test checks the list equals the contract's CALL_NAMES.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { BridgeEvents, CallInput, CallName, CallOutcome, CallResult, EventName, HeraldBridge } from '../../preload/contract.ts';

const CALLS: Record<CallName, true> = {
  'app.info': true,
  'accounts.list': true,
  'accounts.add': true,
  'accounts.cancelSignIn': true,
  'accounts.remove': true,
  'accounts.fix': true,
  'messages.list': true,
  'messages.get': true,
  'messages.markRead': true,
  'messages.flag': true,
  'messages.archive': true,
  'messages.delete': true,
  'messages.reply': true,
  'messages.openInOutlook': true,
  'links.open': true,
  'events.list': true,
  'events.join': true,
  'events.snooze': true,
  'events.dismiss': true,
  'settings.get': true,
  'settings.update': true,
  'sync.checkNow': true,
  'sync.networkOnline': true,
  'sync.status': true,
  'notifications.pause': true,
  'notifications.activate': true,
  'push.status': true,
};

const EVENTS: Record<EventName, true> = {
  'accounts.changed': true,
  'inbox.changed': true,
  'events.changed': true,
  'sync.status': true,
  navigate: true,
  'signIn.deviceCode': true,
  'notification.show': true,
  'notification.close': true,
  'settings.changed': true,
  'push.status': true,
};

export const PRELOAD_CALL_NAMES = Object.keys(CALLS) as CallName[];
export const PRELOAD_EVENT_NAMES = Object.keys(EVENTS) as EventName[];

// Mirrors `ipcChannel` in the contract (importing it would pull zod into the bundle); a unit test
// checks both give the same channel names.
const callChannel = (name: CallName) => `herald:call:${name}`;
const eventChannel = (name: EventName) => `herald:event:${name}`;

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

function rejectLocally<T>(message: string): Promise<CallOutcome<T>> {
  return Promise.resolve({ ok: false, error: { code: 'invalidInput', message } });
}

export function createPreloadBridge(ipcRenderer: IpcRendererLike): HeraldBridge {
  const bridge: HeraldBridge = {
    invoke<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutcome<CallResult<N>>> {
      // Unknown names never reach IPC: the page cannot pick an arbitrary channel.
      if (typeof name !== 'string' || !Object.hasOwn(CALLS, name)) return rejectLocally(`Unknown call: ${String(name).slice(0, 100)}`);
      return ipcRenderer.invoke(callChannel(name), input) as Promise<CallOutcome<CallResult<N>>>;
    },
    on<E extends EventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void {
      if (typeof event !== 'string' || !Object.hasOwn(EVENTS, event) || typeof listener !== 'function') return () => {};
      // The page never sees the IpcRendererEvent (it carries `sender`, a way back into IPC).
      const wrapped = (_event: IpcRendererEvent, payload: BridgeEvents[E]) => listener(payload);
      ipcRenderer.on(eventChannel(event), wrapped);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipcRenderer.removeListener(eventChannel(event), wrapped);
      };
    },
  };
  return Object.freeze(bridge);
}
