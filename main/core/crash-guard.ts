// What a host process does with an error nobody caught. Node's defaults print the error (its
// message, stack and any fields, e.g. a failed request's headers) raw to stderr — past the
// scrubbing logger — and an unhandled promise rejection kills the process. Herald is a tray app
// people forget is running: one stray rejection must not end notifications, and nothing it
// prints may carry a token. So:
// - an unhandled rejection is logged through the scrubbing logger and the process goes on (the
//   engine's own paths catch what they expect; this is the net under them);
// - an uncaught exception is logged the same way, then the process exits (1): the state after
//   a synchronous throw from an unknown place is not trusted, and the persisted state is
//   crash-safe by design (atomic files, persist-then-emit), so a restart resumes exactly.
import type { Logger } from './log.ts';

export interface CrashGuardOptions {
  logger: Logger;
  /** How the process ends after an uncaught exception; default process.exit. */
  exit?: (code: number) => void;
  /** The process to watch; default the current one (tests pass an EventEmitter). */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/** Installs the handlers; returns a function that removes them. */
export function installCrashGuard(options: CrashGuardOptions): () => void {
  const target = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.logger.child({ component: 'crash-guard' });
  const onRejection = (reason: unknown) => {
    log.error({ err: reason }, 'unhandled promise rejection (the app keeps running)');
  };
  const onException = (error: Error) => {
    log.error({ err: error }, 'uncaught exception: exiting');
    exit(1);
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
