// The bridge over Electron IPC: one `ipcMain.handle` channel per call in the contract (never a
// generic channel), each checking its sender before anything else — only the popup window's main
// frame, showing our own renderer file, may call (electron/fiddle `src/main/ipc.ts`, VS Code's
// `validatedIpcMain`). Input validation happens next, in the dispatcher, against the contract's
// schemas. Events go the other way, one channel per event name.
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { CALL_NAMES, ipcChannel, type BridgeEvents, type CallName, type CallOutcome, type EventName } from '../../preload/contract.ts';
import type { Logger } from '../core/log.ts';

export interface BridgeDispatcher {
  dispatch(name: unknown, input: unknown): Promise<CallOutcome<unknown>>;
}

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** What the sender check needs of the popup window. */
export interface TrustedWindow {
  webContents: {
    id: number;
    mainFrame: Pick<WebFrameMain, 'processId' | 'routingId'>;
    send(channel: string, ...args: unknown[]): void;
  };
  isDestroyed(): boolean;
}

export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { id: number } };

export interface IpcBridgeOptions {
  ipcMain: IpcMainLike;
  app: BridgeDispatcher;
  /** The popup window, if one exists now. */
  window(): TrustedWindow | null;
  /** file://…/out/renderer/index.html — the only document allowed to call. */
  rendererUrl: string;
  logger: Logger;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

function withoutFragmentOrQuery(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    parsed.search = '';
    return parsed.href;
  } catch {
    return '';
  }
}

/** Is this call from the popup's main frame, showing our renderer? */
export function checkSender(event: SenderEvent, window: TrustedWindow | null, rendererUrl: string): SenderVerdict {
  if (!window || window.isDestroyed()) return { ok: false, reason: 'no popup window' };
  if (event.sender.id !== window.webContents.id) return { ok: false, reason: 'not the popup window' };
  const frame = event.senderFrame;
  // senderFrame is null when the frame navigated away or was destroyed before the call arrived.
  if (!frame) return { ok: false, reason: 'sender frame is gone' };
  const main = window.webContents.mainFrame;
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) {
    return { ok: false, reason: 'not the main frame' };
  }
  if (withoutFragmentOrQuery(frame.url) !== withoutFragmentOrQuery(rendererUrl)) {
    return { ok: false, reason: 'not our renderer document' };
  }
  return { ok: true };
}

const REFUSED: CallOutcome<never> = {
  ok: false,
  error: { code: 'notSupported', message: 'This call is only accepted from Herald’s own window.' },
};

export class IpcBridge {
  private readonly registered: string[] = [];

  constructor(private readonly o: IpcBridgeOptions) {}

  register(): void {
    for (const name of CALL_NAMES) this.registerCall(name);
  }

  unregister(): void {
    for (const channel of this.registered.splice(0)) this.o.ipcMain.removeHandler(channel);
  }

  /** main → renderer: one channel per event name, to the popup only. */
  emit<E extends EventName>(event: E, payload: BridgeEvents[E]): void {
    const window = this.o.window();
    if (!window || window.isDestroyed()) return;
    window.webContents.send(ipcChannel.event(event), payload);
  }

  private registerCall(name: CallName): void {
    const channel = ipcChannel.call(name);
    this.o.ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
      const verdict = checkSender(event, this.o.window(), this.o.rendererUrl);
      if (!verdict.ok) {
        this.o.logger.warn({ call: name, reason: verdict.reason, url: event.senderFrame?.url?.slice(0, 200) }, 'ipc: call dropped');
        return REFUSED;
      }
      return this.o.app.dispatch(name, input);
    });
    this.registered.push(channel);
  }
}
