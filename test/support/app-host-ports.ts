// A HostPorts for tests: records everything the core asks a host to do (events sent to the
// renderer, URLs opened, notifications shown and retracted, popup shown), and opens sign-in
// pages with the simulator's headless test browser.
import type { BridgeEvents, EventName } from '../../preload/contract.ts';
import type { HostPorts } from '../../main/core/app/host-ports.ts';
import { createTestBrowser } from '../../sim/auto-consent-browser.ts';
import { RecordingSink } from './engine-harness.ts';

export interface RecordedEmit {
  event: EventName;
  payload: unknown;
}

export interface RecordingHostPorts extends HostPorts {
  readonly emits: RecordedEmit[];
  readonly opened: string[];
  readonly signInPages: string[];
  readonly sink: RecordingSink;
  readonly launchAtLoginCalls: boolean[];
  popupShown: number;
  readonly browser: ReturnType<typeof createTestBrowser>;
  /** Payloads of one event, in order. */
  emitted<E extends EventName>(event: E): BridgeEvents[E][];
}

export function createRecordingHostPorts(options: { host?: 'electron' | 'web'; launchAtLoginSupported?: boolean; locale?: string } = {}): RecordingHostPorts {
  const browser = createTestBrowser();
  const emits: RecordedEmit[] = [];
  const ports: RecordingHostPorts = {
    host: options.host ?? 'web',
    version: '0.0.0-test',
    platform: 'linux',
    systemLocale: () => options.locale ?? 'en-US',
    emits,
    opened: [],
    signInPages: [],
    sink: new RecordingSink(),
    launchAtLoginCalls: [],
    popupShown: 0,
    browser,
    async openInBrowser(url) {
      ports.opened.push(url);
    },
    async openSignInPage(url) {
      ports.signInPages.push(url);
      await browser.openBrowser(url);
    },
    get notifications() {
      return ports.sink;
    },
    emit(event, payload) {
      emits.push({ event, payload: structuredClone(payload) });
    },
    showPopup() {
      ports.popupShown += 1;
    },
    launchAtLogin: {
      supported: options.launchAtLoginSupported ?? true,
      async set(enabled) {
        ports.launchAtLoginCalls.push(enabled);
      },
    },
    emitted<E extends EventName>(event: E): BridgeEvents[E][] {
      return emits.filter((e) => e.event === event).map((e) => e.payload as BridgeEvents[E]);
    },
  };
  return ports;
}
