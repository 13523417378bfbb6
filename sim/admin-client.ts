// A typed client for the /_admin API, for tests, the demo and the benchmarks (one place that
// knows the routes; see sim/README.md). Throws SimAdminError with the server's code on failure.
import type { FaultSpec, ActiveFault } from './faults.ts';
import type { RequestLogEntry } from './request-log.ts';

export interface AdminUser {
  upn: string;
  displayName: string;
  id: string;
  kind: 'work' | 'personal';
  mailboxState: 'enabled' | 'notEnabled' | 'notSupported';
  /** Primary SMTP address (the UPN unless given). */
  mail: string;
  /** `SMTP:`/`smtp:`-prefixed; null for personal accounts. */
  proxyAddresses: string[] | null;
}

export interface AdminMessageInput {
  from: { name: string; address: string };
  subject: string;
  bodyHtml?: string;
  importance?: 'low' | 'normal' | 'high';
  inferenceClassification?: 'focused' | 'other';
  receivedDateTime?: string;
  isRead?: boolean;
  hasAttachments?: boolean;
  categories?: string[];
  folder?: string;
}

export interface AdminBulkInput {
  count: number;
  from?: { name: string; address: string };
  startDateTime?: string;
  endDateTime?: string;
  unreadRatio?: number;
  seed?: number;
  folder?: string;
}

export type AdminDateTime = string | { dateTime: string; timeZone: string };

export type AdminDayOfWeek = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

/**
 * Graph's patternedRecurrence, all six pattern types (each type's required fields are checked:
 * 400 naming the field). Dates are YYYY-MM-DD in `recurrenceTimeZone` (default: the event's zone).
 */
export interface AdminRecurrence {
  pattern: {
    type: 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
    interval?: number;
    daysOfWeek?: AdminDayOfWeek[];
    firstDayOfWeek?: AdminDayOfWeek;
    dayOfMonth?: number;
    month?: number;
    index?: 'first' | 'second' | 'third' | 'fourth' | 'last';
  };
  range: {
    type: 'endDate' | 'noEnd' | 'numbered';
    startDate?: string;
    endDate?: string;
    numberOfOccurrences?: number;
    recurrenceTimeZone?: string;
  };
}

export interface AdminEventInput {
  subject: string;
  start: AdminDateTime;
  end: AdminDateTime;
  isOnlineMeeting?: boolean;
  reminderMinutesBeforeStart?: number;
  isReminderOn?: boolean;
  location?: string;
  isAllDay?: boolean;
  timeZone?: string;
  organizer?: { name: string; address: string };
  showAs?: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  bodyHtml?: string;
  /** Makes it a series: the id answered is the series master's (see `eventInstances`). */
  recurrence?: AdminRecurrence;
}

/** On a series master it changes the whole series; on one occurrence, only that one (an exception). */
export type AdminEventPatch = Partial<Omit<AdminEventInput, 'organizer' | 'timeZone' | 'bodyHtml'>> & { isCancelled?: boolean };

export interface AdminEvent {
  id: string;
  subject: string;
  isCancelled: boolean;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  type: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  seriesMasterId: string | null;
  reminderState: { dismissed: boolean; dismissCount: number; snoozedUntil: string | null; snoozeCount: number };
  [key: string]: unknown;
}

export interface AdminSubscription {
  id: string;
  userId: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  /** As Graph answers it (v1_2 when none was sent). */
  latestSupportedTlsVersion: string;
  /** As the client sent it; null when absent. */
  latestSupportedTlsVersionSent: string | null;
  expirationDateTime: string;
  active: boolean;
  dropNext: number;
  counters: { delivered: number; notificationsDelivered: number; failedAttempts: number; abandoned: number; dropped: number; lifecycleDelivered: number };
}

export interface AdminDeliveryFault {
  latencyMs?: number;
  failStatus?: number | null;
  count?: number;
  durationMs?: number;
}

export interface AdminPushConfig {
  retryBaseMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  validationTimeoutMs?: number;
}

export class SimAdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class SimAdminClient {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_admin${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    if (res.status === 204) return undefined as T;
    const json = (await res.json()) as unknown;
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string } }).error;
      throw new SimAdminError(res.status, error?.code ?? 'Unknown', error?.message ?? `admin ${method} ${path} failed`);
    }
    return json as T;
  }

  private u(upn: string): string {
    return `/users/${encodeURIComponent(upn)}`;
  }

  users = () => this.call<AdminUser[]>('GET', '/users');
  addUser = (input: { upn: string; displayName: string; kind?: 'work' | 'personal'; mail?: string; proxyAddresses?: string[] }) => this.call<AdminUser>('POST', '/users', input);
  setMailboxState = (upn: string, mailboxState: AdminUser['mailboxState']) => this.call<AdminUser>('PATCH', this.u(upn), { mailboxState });
  token = (upn: string, options: { scopes?: string[]; lifetimeSeconds?: number } = {}) =>
    this.call<{ accessToken: string; expiresIn: number }>('POST', `${this.u(upn)}/token`, options);
  setClock = (now: string | null) => this.call<{ now: string }>('POST', '/clock', { now });

  addMessage = (upn: string, input: AdminMessageInput) => this.call<{ id: string }>('POST', `${this.u(upn)}/messages`, input);
  bulkMessages = (upn: string, input: AdminBulkInput) => this.call<{ count: number }>('POST', `${this.u(upn)}/messages/bulk`, input);
  folders = (upn: string) => this.call<{ id: string; wellKnownName: string; totalItemCount: number; unreadItemCount: number }[]>('GET', `${this.u(upn)}/messages`);
  getMessage = (upn: string, id: string) => this.call<Record<string, unknown>>('GET', `${this.u(upn)}/messages/${encodeURIComponent(id)}`);
  patchMessage = (upn: string, id: string, patch: { isRead?: boolean; flagStatus?: 'notFlagged' | 'flagged' | 'complete'; folder?: string; categories?: string[] }) =>
    this.call<Record<string, unknown>>('PATCH', `${this.u(upn)}/messages/${encodeURIComponent(id)}`, patch);
  deleteMessage = (upn: string, id: string, options: { hard?: boolean } = {}) =>
    this.call<void>('DELETE', `${this.u(upn)}/messages/${encodeURIComponent(id)}${options.hard ? '?hard=true' : ''}`);

  /** `occurrences` is set for a series (how many were materialized). */
  addEvent = (upn: string, input: AdminEventInput) => this.call<{ id: string; occurrences?: number }>('POST', `${this.u(upn)}/events`, input);
  /** Every occurrence and exception of a series, by original start (not limited to a window). */
  eventInstances = (upn: string, masterId: string) => this.call<AdminEvent[]>('GET', `${this.u(upn)}/events/${encodeURIComponent(masterId)}/instances`);
  getEvent = (upn: string, id: string) => this.call<AdminEvent>('GET', `${this.u(upn)}/events/${encodeURIComponent(id)}`);
  patchEvent = (upn: string, id: string, patch: AdminEventPatch) => this.call<AdminEvent>('PATCH', `${this.u(upn)}/events/${encodeURIComponent(id)}`, patch);
  /** On a series master: the whole series; on an occurrence: that one only. */
  /** `unreported`: the deletion is never sent to delta clients (a Graph quirk for occurrences). */
  deleteEvent = (upn: string, id: string, options: { unreported?: boolean } = {}) =>
    this.call<void>('DELETE', `${this.u(upn)}/events/${encodeURIComponent(id)}${options.unreported ? '?unreported=true' : ''}`);

  expireDeltaTokens = (upn: string) => this.call<void>('POST', `${this.u(upn)}/expire-delta-tokens`);
  addFault = (spec: FaultSpec) => this.call<ActiveFault>('POST', '/faults', spec);
  faults = () => this.call<ActiveFault[]>('GET', '/faults');
  clearFaults = () => this.call<void>('DELETE', '/faults');
  throttling = () => this.call<{ mailboxConcurrency: number | null; peaks: Record<string, number> }>('GET', '/throttling');
  setMailboxConcurrency = (limit: number | null) =>
    this.call<{ mailboxConcurrency: number | null; peaks: Record<string, number> }>('POST', '/throttling', { mailboxConcurrency: limit });
  resetConcurrencyPeaks = () => this.call<void>('DELETE', '/throttling');
  subscriptions = () => this.call<AdminSubscription[]>('GET', '/subscriptions');
  expireSubscription = (id: string) => this.call<AdminSubscription>('POST', `/subscriptions/${encodeURIComponent(id)}/expire`);
  removeSubscription = (id: string) => this.call<AdminSubscription>('POST', `/subscriptions/${encodeURIComponent(id)}/remove`);
  dropNotifications = (id: string, count: number, options: { thenMissed?: boolean } = {}) =>
    this.call<AdminSubscription>('POST', `/subscriptions/${encodeURIComponent(id)}/drop`, { count, ...options });
  sendLifecycle = (id: string, lifecycleEvent: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed') =>
    this.call<AdminSubscription>('POST', `/subscriptions/${encodeURIComponent(id)}/lifecycle`, { lifecycleEvent });
  setDeliveryFault = (fault: AdminDeliveryFault) => this.call<{ fault: unknown }>('POST', '/push/deliveries', fault);
  clearDeliveryFault = () => this.call<void>('DELETE', '/push/deliveries');
  setPushConfig = (config: AdminPushConfig) => this.call<Required<AdminPushConfig>>('POST', '/push/config', config);
  requests = () => this.call<RequestLogEntry[]>('GET', '/requests');
  clearRequests = () => this.call<void>('DELETE', '/requests');
}
