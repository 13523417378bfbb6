// A daily 15-minute online standup as a recurring series, for the recurrence tests.
import type { AdminEventInput } from '../../sim/admin-client.ts';

const MIN = 60_000;

/** Starts at `start` (epoch ms), reminds 10 minutes ahead; endless unless a count is given. */
export function standupSeries(start: number, numberOfOccurrences?: number): AdminEventInput {
  return {
    subject: 'Standup',
    start: new Date(start).toISOString(),
    end: new Date(start + 15 * MIN).toISOString(),
    isOnlineMeeting: true,
    reminderMinutesBeforeStart: 10,
    recurrence: {
      pattern: { type: 'daily', interval: 1 },
      range: numberOfOccurrences === undefined ? { type: 'noEnd' } : { type: 'numbered', numberOfOccurrences },
    },
  };
}
