// Electronegativity findings above LOW that were reviewed and are not vulnerabilities. Each is
// explained in docs/security.md ("Electronegativity findings") and proven by the named test.
// Electronegativity reads one file at a time, so it cannot see options built in another module
// or a URL checked by the caller; these entries say where the check really happens.
import type { ReviewedFinding } from './findings.ts';

export const REVIEWED_FINDINGS: readonly ReviewedFinding[] = [
  {
    check: 'CONTEXT_ISOLATION_JS_CHECK',
    file: 'main/shell/main.ts',
    sampleIncludes: 'new BrowserWindow(options)',
    why: 'options come from popupWindowOptions(): contextIsolation, sandbox, no nodeIntegration, webSecurity',
    coveredBy: 'test/unit/shell-popup-window.test.ts, test/unit/security-electron-settings.test.ts',
  },
  {
    check: 'SANDBOX_JS_CHECK',
    file: 'main/shell/main.ts',
    sampleIncludes: 'new BrowserWindow(options)',
    why: 'sandbox: true is set by popupWindowOptions()',
    coveredBy: 'test/unit/shell-popup-window.test.ts, test/unit/security-electron-settings.test.ts',
  },
  {
    check: 'AUXCLICK_JS_CHECK',
    file: 'main/shell/main.ts',
    sampleIncludes: 'new BrowserWindow(options)',
    why: 'middle-click opens go through setWindowOpenHandler, which always denies (window-security.ts)',
    coveredBy: 'test/unit/security-electron-settings.test.ts',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/shell/main.ts',
    sampleIncludes: 'await shell.openExternal(url)',
    why: 'openSafeExternal: isSafeExternalUrl (http/https/mailto only) is checked on the line before',
    coveredBy: 'test/unit/security-electron-settings.test.ts',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/shell/window-security.ts',
    sampleIncludes: 'o.openExternal(details.url)',
    why: 'o.openExternal is openSafeExternal (scheme allow-list); the window itself is always denied',
    coveredBy: 'test/unit/security-electron-settings.test.ts',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/core/bridge/handlers.ts',
    sampleIncludes: 'app.ports.openExternal(url)',
    why: 'a HostPorts call: links.open checks isSafeExternalUrl, events.join safeJoinUrl (https) just before; the hosts check again',
    coveredBy: 'test/integration/sweep-bridge.test.ts (links.open with javascript:/file: URLs)',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/core/app/app-mail.ts',
    sampleIncludes: 'ports.openExternal(link)',
    why: 'the message webLink, only when isHttps() on the line before; through HostPorts, whose hosts check the scheme again',
    coveredBy: 'test/unit/security-electron-settings.test.ts',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/core/app/notification-actions.ts',
    sampleIncludes: 'ports.openExternal(join.url)',
    why: 'the join URL only when isSafeExternalUrl and https: (checked just before); through HostPorts, checked again by the host',
    coveredBy: 'test/unit/security-electron-settings.test.ts',
  },
  {
    // Reviewed by the security suite's author at 07:40 on the day the shell added it: the shell's
    // owner or the lead should confirm (see docs/security.md, "herald:// links").
    check: 'PROTOCOL_HANDLER_JS_CHECK',
    file: 'main/shell/protocol-links.ts',
    sampleIncludes: 'setAsDefaultProtocolClient(HERALD_SCHEME',
    why: 'herald:// URLs are parsed strictly (one shape, length and control-character limits) and act only on intents the core holds live',
    coveredBy: 'test/unit/shell-protocol-links.test.ts',
  },
];
