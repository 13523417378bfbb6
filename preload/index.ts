// The sandboxed preload: exposes exactly one object, `window.herald`, built from the contract's
// call and event names (main/shell/preload-bridge.ts). Only `contextBridge` and `ipcRenderer`
// are used — all a sandboxed preload may require — and the bundle carries no zod: the contract
// is imported for types only. https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from '../main/shell/preload-bridge.ts';

contextBridge.exposeInMainWorld('herald', createPreloadBridge(ipcRenderer));
