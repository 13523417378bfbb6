// What Herald keeps of an event. Times are UTC ISO strings (requests carry
// Prefer: outlook.timezone="UTC"); the renderer formats them in local time with Intl.

export interface CalendarItem {
  id: string;
  subject: string;
  /** UTC instant, ISO 8601 with Z. For all-day events, midnight in the event's own zone, in UTC. */
  start: string;
  end: string;
  isAllDay: boolean;
  isCancelled: boolean;
  isOnlineMeeting: boolean;
  joinUrl: string | null;
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  location: string;
  webLink: string;
  organizer: string;
  /** 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown' */
  showAs: string;
}
