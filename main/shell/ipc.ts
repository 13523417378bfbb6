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
  /** Wall time in ms (default Date.now): to let a held navigate go stale. */
  now?: () => number;
}

/**
 * A `navigate` (a notification or tray click) sent while no renderer is listening yet — no
 * window, or one just created that has not loaded — would land the user on the inbox instead of
 * the message. It is held and handed to the renderer with its first call (it subscribes before
 * calling), unless it is older than this: a click's intent does not outlive the moment.
 */
export const PENDING_NAVIGATE_MS = 30_000;

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
  /** webContents ids whose renderer has made a call (it is subscribed to events). */
  private readonly listening = new Set<number>();
  private pendingNavigate: { payload: BridgeEvents['navigate']; at: number } | null = null;

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
    const live = window !== null && !window.isDestroyed();
    if (event === 'navigate' && !(live && this.listening.has(window.webContents.id))) {
      this.pendingNavigate = { payload: payload as BridgeEvents['navigate'], at: this.now() };
    }
    if (!live) return;
    window.webContents.send(ipcChannel.event(event), payload);
  }

  /** The renderer of `window` made its first call: it listens now; hand over a held navigate. */
  private rendererListening(window: TrustedWindow): void {
    if (this.listening.has(window.webContents.id)) return;
    this.listening.add(window.webContents.id);
    const pending = this.pendingNavigate;
    this.pendingNavigate = null;
    if (pending && this.now() - pending.at <= PENDING_NAVIGATE_MS) window.webContents.send(ipcChannel.event('navigate'), pending.payload);
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  private registerCall(name: CallName): void {
    const channel = ipcChannel.call(name);
    this.o.ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
      const window = this.o.window();
      const verdict = checkSender(event, window, this.o.rendererUrl);
      if (!verdict.ok) {
        this.o.logger.warn({ call: name, reason: verdict.reason, url: event.senderFrame?.url?.slice(0, 200) }, 'ipc: call dropped');
        return REFUSED;
      }
      if (window) this.rendererListening(window);
      return this.o.app.dispatch(name, input);
    });
    this.registered.push(channel);
  }
}
