// Hand-made notification histories for the chaos suite's assessment tests: intents the way the
// engine builds them, and a sink replayed at given (fake) times.
import type { IntentRetraction, NotificationIntent, ReminderIntent } from '../../main/core/notify/notification-intent.ts';
import { CoverageSink } from '../chaos/coverage.ts';

export const intentBase = { accountId: 'a', title: 't', body: 'b', actions: [], createdAt: 0, silent: false };

export const reminder = (eventId: string, fireAt: number): ReminderIntent => ({
  ...intentBase,
  id: `reminder:a:${eventId}:${fireAt}`,
  type: 'reminder',
  eventId,
  fireAt,
  startsAt: '',
  target: { kind: 'event', accountId: 'a', eventId },
});

/** A history with times: [at, step]. */
export function timed(steps: [number, NotificationIntent | IntentRetraction][]): CoverageSink {
  let now = 0;
  const sink = new CoverageSink(() => now);
  for (const [at, step] of steps) {
    now = at;
    if ('intentId' in step) sink.retract(step);
    else sink.show(step);
  }
  return sink;
}
