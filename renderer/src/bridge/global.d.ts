// `window.herald`: exposed by the Electron preload (contextBridge); absent in the web host.
import type { HeraldBridge } from '../../../preload/contract.ts';

declare global {
  interface Window {
    herald?: HeraldBridge;
  }
}

export {};
