// Instruments around the engine for a chaos run: a logger that keeps error lines (a crashed
// cycle is logged at error level), and a deliberately defective host for the suite's self-test.
import type { NotificationSink } from '../../main/core/engine/account-sync.ts';
import type { Logger, LogMethod } from '../../main/core/log.ts';
import type { NotificationIntent } from '../../main/core/notify/notification-intent.ts';
import type { CoverageSink } from './coverage.ts';

export interface HostDefect {
  /** The message of the Nth distinct mail notification never reaches the screen (alone or in a summary). */
  dropMailIntent?: number;
  /** The Mth distinct mail notification is also shown under a second id. */
  copyMailIntent?: number;
  /** The first reminder the engine takes down (snoozed, dismissed) pops up again with the next notification. */
  reshowRetractedReminder?: boolean;
}

export function defectiveHost(target: CoverageSink, defect: HostDefect): NotificationSink {
  const mailIds: string[] = [];
  let dropped: string | null = null;
  let copied = false;
  const reminders = new Map<string, NotificationIntent>();
  let reshow: NotificationIntent | null = null;
  let reshown = false;
  return {
    show: (intent) => {
      if (intent.type === 'reminder') reminders.set(intent.id, intent);
      if (reshow) {
        target.show(reshow);
        reshow = null;
      }
      if (intent.type === 'mail' && !mailIds.includes(intent.id)) mailIds.push(intent.id);
      const nth = intent.type === 'mail' ? mailIds.indexOf(intent.id) + 1 : 0;
      if (intent.type === 'mail' && nth === defect.dropMailIntent) dropped = intent.messageId;
      // The dropped message never reaches the screen, alone or inside a summary.
      if (intent.type === 'mail' && intent.messageId === dropped) return;
      if (intent.type === 'mailSummary' && dropped !== null && intent.messageIds.includes(dropped)) {
        target.show({ ...intent, messageIds: intent.messageIds.filter((id) => id !== dropped) });
        return;
      }
      target.show(intent);
      if (intent.type === 'mail' && nth === defect.copyMailIntent && !copied) {
        copied = true;
        target.show({ ...intent, id: `${intent.id}:copy` });
      }
    },
    retract: (retraction) => {
      const shown = reminders.get(retraction.intentId);
      if (defect.reshowRetractedReminder && shown && !reshown) {
        reshown = true;
        reshow = shown;
      }
      return target.retract(retraction);
    },
  };
}


export /** Silent, except that error lines are kept: the engine logs a crashed cycle at error level. */
function recordingLogger(errors: string[]): Logger {
  const noop: LogMethod = () => undefined;
  const error: LogMethod = (first: unknown, second?: unknown) => {
    errors.push(typeof first === 'string' ? first : typeof second === 'string' ? second : JSON.stringify(first));
  };
  const logger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error, child: () => logger };
  return logger;
}
