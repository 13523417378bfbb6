// installCrashGuard on an EventEmitter standing in for the process: which handler exits, and that
// removing the guard removes both handlers.
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { installCrashGuard } from '../../main/core/crash-guard.ts';
import { createLogger } from '../../main/core/log.ts';

function collectingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('installCrashGuard', () => {
  it('logs a rejection without exiting, and an exception with exit(1)', () => {
    const target = new EventEmitter();
    const exits: number[] = [];
    const { lines, logger } = collectingLogger();
    installCrashGuard({ logger, exit: (code) => exits.push(code), target: target as unknown as NodeJS.Process });
    target.emit('unhandledRejection', new Error('Bearer abc.def.ghi'));
    expect(exits).toEqual([]);
    target.emit('uncaughtException', new Error('boom'));
    expect(exits).toEqual([1]);
    expect(lines.join('')).toContain('unhandled promise rejection');
    expect(lines.join('')).toContain('uncaught exception: exiting');
    expect(lines.join('')).not.toContain('abc.def.ghi');
  });

  it('removes both handlers when asked', () => {
    const target = new EventEmitter();
    const { logger } = collectingLogger();
    const remove = installCrashGuard({ logger, exit: () => undefined, target: target as unknown as NodeJS.Process });
    expect([target.listenerCount('unhandledRejection'), target.listenerCount('uncaughtException')]).toEqual([1, 1]);
    remove();
    expect([target.listenerCount('unhandledRejection'), target.listenerCount('uncaughtException')]).toEqual([0, 0]);
  });
});
