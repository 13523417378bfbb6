// One Herald per user: a second launch hands over to the first and quits. The first gets the
// newcomer's argv: a Windows toast button arrives this way, as a `herald://` URL argument
// (main.ts hands argv to protocol-links.ts first; any other launch shows the popup).
// https://www.electronjs.org/docs/latest/api/app#apprequestsingleinstancelockadditionaldata
import type { App } from 'electron';

export type SingleInstanceApp = Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>;

/**
 * Takes the lock. Returns false (and quits) when another instance holds it; otherwise wires the
 * second-instance event to `onSecondLaunch` with the second launch's full command line.
 */
export function setupSingleInstance(app: SingleInstanceApp, onSecondLaunch: (argv: string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv) => onSecondLaunch(argv));
  return true;
}
