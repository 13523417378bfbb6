// CalendarDeltaSync: the calendarView delta round, as pure logic. It produces GraphRequests and
// consumes GraphResponses (no I/O), so the engine can put it in the same $batch as the inbox delta.
//
// The window is encoded in Graph's state tokens, so rolling it forward — or recovering from
// 410 Gone — means a new full round. While that round runs the old events stay known; when it
// completes it is diffed against them, so an unchanged event is neither "added" again nor lost.
// https://learn.microsoft.com/graph/api/event-delta
// https://learn.microsoft.com/graph/delta-query-events
import { z } from 'zod';
import type { GraphRequest, GraphResponse } from '../graph/graph-request.ts';
import type { CalendarItem } from './calendar-item.ts';
import { type CalendarWindow, DEFAULT_WINDOW_POLICY, type WindowPolicy, windowAt, windowNeedsRoll } from './calendar-window.ts';
import type { CalendarSyncState, RemovalReason } from './calendar-sync-state.ts';
import { mapDeltaEntry } from './graph-event.ts';
import { SeriesMasters, seriesMasterRequest } from './series-masters.ts';
import { hostTimeZone } from './time-zones.ts';

export type CalendarChange =
  | { kind: 'added'; event: CalendarItem }
  | { kind: 'updated'; event: CalendarItem; previous: CalendarItem }
  | { kind: 'removed'; eventId: string; previous: CalendarItem; reason: RemovalReason };

export interface EntryProblem {
  id: string | null;
  reason: string;
}

export interface CalendarApplyResult {
  changes: CalendarChange[];
  /** A deltaLink arrived: the round (full or incremental) is done; poll again next cycle. */
  roundComplete: boolean;
  /** Graph answered 410: the next request starts a new full round (diffed, nothing re-notified). */
  resyncStarted: boolean;
  /** Entries that failed validation and were skipped (the sync went on without them). */
  skipped: EntryProblem[];
  /** Events whose time zone name was unknown (read as UTC, or the fallback zone for all-day). */
  unknownTimeZones: number;
}

/** A calendarView delta response that cannot be used (not 2xx/410, or not a delta page). The state is unchanged. */
export class CalendarDeltaResponseError extends Error {
  override readonly name = 'CalendarDeltaResponseError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CalendarDeltaSyncOptions {
  window?: WindowPolicy;
  /** Prefer: odata.maxpagesize for every page (works on calendarView delta; $select does not). */
  maxPageSize?: number;
  /** IANA zone for all-day events whose own zone is missing or unknown (default: the host's). */
  fallbackTimeZone?: string;
}

const deltaPageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().min(1).optional(),
  '@odata.deltaLink': z.string().min(1).optional(),
});

type DeltaPage = z.infer<typeof deltaPageSchema>;

const graphErrorSchema = z.object({ error: z.object({ code: z.string().optional() }) });

function emptyResult(): CalendarApplyResult {
  return { changes: [], roundComplete: false, resyncStarted: false, skipped: [], unknownTimeZones: 0 };
}

export function initialCalendarSyncState(now: number, policy: WindowPolicy = DEFAULT_WINDOW_POLICY): CalendarSyncState {
  return { version: 1, window: windowAt(now, policy), deltaLink: null, nextLink: null, events: {} };
}

export class CalendarDeltaSync {
  private state: CalendarSyncState;
  private readonly policy: WindowPolicy;
  private readonly maxPageSize: number;
  private readonly fallbackTimeZone: string;
  /** Series masters of the round in progress: stub occurrences are completed from them. */
  private readonly masters = new SeriesMasters();
  /** A page waiting for the series masters its stubs need (in memory: after a restart it is asked again). */
  private deferred: DeltaPage | null = null;
  /** The master the last nextRequest asked for, so applyResponse knows what it is reading. */
  private awaitingMaster: string | null = null;

  constructor(state: CalendarSyncState | null, now: number, options: CalendarDeltaSyncOptions = {}) {
    this.policy = options.window ?? DEFAULT_WINDOW_POLICY;
    this.maxPageSize = options.maxPageSize ?? 50;
    this.fallbackTimeZone = options.fallbackTimeZone ?? hostTimeZone();
    this.state = state ? structuredClone(state) : initialCalendarSyncState(now, this.policy);
  }

  /** A copy of the state to persist (after every applyResponse). */
  snapshot(): CalendarSyncState {
    return structuredClone(this.state);
  }

  /** The events of the current window, by id (the agenda and the reminder scheduler read these). */
  get events(): Readonly<Record<string, CalendarItem>> {
    return this.state.events;
  }

  /** The zone for all-day events without a known zone of their own (as used for delta entries). */
  get timeZoneFallback(): string {
    return this.fallbackTimeZone;
  }

  /**
   * Drops an event Graph answered 404 for outside delta (the reminder check): delta may never
   * report it (a deleted occurrence), and the next full round would not list it. True if known.
   */
  forgetEvent(eventId: string): boolean {
    const known = Object.hasOwn(this.state.events, eventId);
    delete this.state.events[eventId];
    if (this.state.pendingEvents) delete this.state.pendingEvents[eventId];
    return known;
  }

  /** True while a full round (first sync, window roll, resync after 410) is in progress. */
  get fullRoundInProgress(): boolean {
    return this.state.pendingWindow !== undefined;
  }

  /**
   * The next request: the page in progress, else a new full round when there is no deltaLink or the
   * window needs rolling, else the deltaLink. Send one at a time and give its answer to applyResponse.
   */
  nextRequest(now: number): GraphRequest {
    const s = this.state;
    const master = this.deferred ? this.masters.next : null;
    this.awaitingMaster = master;
    if (master !== null) return seriesMasterRequest(master, this.headers());
    if (s.nextLink) return this.get(s.nextLink);
    if (!s.deltaLink || windowNeedsRoll(s.window, now, this.policy) || s.pendingWindow) {
      // No page in flight: (re)start the full round from its first page.
      if (!s.pendingWindow || windowNeedsRoll(s.pendingWindow, now, this.policy)) s.pendingWindow = windowAt(now, this.policy);
      s.pendingEvents = {};
      s.pendingRemoved = {};
      return this.get(initialUrl(s.pendingWindow));
    }
    return this.get(s.deltaLink);
  }

  applyResponse(res: GraphResponse): CalendarApplyResult {
    const result = emptyResult();
    if (this.awaitingMaster !== null) return this.applyMasterResponse(this.awaitingMaster, res);
    if (res.status === 410) {
      // syncStateNotFound / resyncRequired: the token is gone; a new full round, diffed on completion.
      this.state.deltaLink = null;
      this.state.nextLink = null;
      delete this.state.pendingWindow;
      delete this.state.pendingEvents;
      delete this.state.pendingRemoved;
      this.masters.clear();
      this.deferred = null;
      result.resyncStarted = true;
      return result;
    }
    if (res.status < 200 || res.status > 299) {
      const code = graphErrorSchema.safeParse(res.body).data?.error.code ?? 'unknown';
      throw new CalendarDeltaResponseError(res.status, code, `calendarView delta answered ${res.status} (${code})`);
    }
    const page = deltaPageSchema.safeParse(res.body);
    if (!page.success || (!page.data['@odata.nextLink'] && !page.data['@odata.deltaLink'])) {
      throw new CalendarDeltaResponseError(res.status, 'malformedResponse', 'calendarView delta page has no value array or no next/delta link');
    }
    if (!this.masters.prepare(page.data.value)) {
      // Stub occurrences whose series masters we have not read: fetch those first (nextRequest).
      this.deferred = page.data;
      return result;
    }
    return this.applyPage(page.data, result);
  }

  /** The answer to a series-master GET; when the last one needed arrives, the waiting page is applied. */
  private applyMasterResponse(masterId: string, res: GraphResponse): CalendarApplyResult {
    this.awaitingMaster = null;
    const code = graphErrorSchema.safeParse(res.body).data?.error.code ?? 'unknown';
    // 404 = the series is gone; a 404 about the mailbox (MailboxNotEnabledForRESTAPI) is an account problem.
    if (res.status === 404 && !code.startsWith('Mailbox')) this.masters.resolve(masterId, null);
    else if (res.status >= 200 && res.status <= 299) this.masters.resolve(masterId, res.body);
    else throw new CalendarDeltaResponseError(res.status, code, `series master GET answered ${res.status} (${code})`);
    const page = this.deferred;
    if (!page || this.masters.next !== null) return emptyResult();
    this.deferred = null;
    return this.applyPage(page, emptyResult());
  }

  private applyPage(page: DeltaPage, result: CalendarApplyResult): CalendarApplyResult {
    const entries = this.masters.hydrate(page.value);
    if (this.state.pendingWindow) this.applyFullRoundPage(entries, result);
    else this.applyIncrementalPage(entries, result);

    const nextLink = page['@odata.nextLink'];
    const deltaLink = page['@odata.deltaLink'];
    if (nextLink) {
      this.state.nextLink = nextLink;
    } else if (deltaLink) {
      this.state.nextLink = null;
      this.state.deltaLink = deltaLink;
      if (this.state.pendingWindow) result.changes.push(...this.completeFullRound(this.state.pendingWindow));
      this.masters.clear(); // a series edited before the next round is read afresh then
      result.roundComplete = true;
    }
    return result;
  }

  private applyFullRoundPage(entries: unknown[], result: CalendarApplyResult): void {
    const pending = (this.state.pendingEvents ??= {});
    const removed = (this.state.pendingRemoved ??= {});
    for (const raw of entries) {
      const id = rawId(raw);
      const known = (id && pending[id]) || (id ? this.state.events[id] : undefined);
      const outcome = mapDeltaEntry(raw, known, { fallbackTimeZone: this.fallbackTimeZone });
      if (outcome.kind === 'event') {
        pending[outcome.item.id] = outcome.item;
        delete removed[outcome.item.id];
        if (outcome.zoneUnknown) result.unknownTimeZones++;
      } else if (outcome.kind === 'removed') {
        delete pending[outcome.id];
        removed[outcome.id] = outcome.reason;
      } else {
        result.skipped.push({ id: outcome.id, reason: outcome.reason });
        // Keep what we knew: a bad entry must not look like a deletion in the diff.
        const knownBefore = outcome.id ? this.state.events[outcome.id] : undefined;
        if (knownBefore && outcome.id && !pending[outcome.id]) pending[outcome.id] = knownBefore;
      }
    }
  }

  private applyIncrementalPage(entries: unknown[], result: CalendarApplyResult): void {
    const events = this.state.events;
    for (const raw of entries) {
      const id = rawId(raw);
      const previous = id ? events[id] : undefined;
      const outcome = mapDeltaEntry(raw, previous, { fallbackTimeZone: this.fallbackTimeZone });
      if (outcome.kind === 'event') {
        if (outcome.zoneUnknown) result.unknownTimeZones++;
        const before = events[outcome.item.id];
        events[outcome.item.id] = outcome.item;
        if (!before) result.changes.push({ kind: 'added', event: outcome.item });
        else if (!sameItem(before, outcome.item)) result.changes.push({ kind: 'updated', event: outcome.item, previous: before });
      } else if (outcome.kind === 'removed') {
        const before = events[outcome.id];
        if (before) {
          delete events[outcome.id];
          result.changes.push({ kind: 'removed', eventId: outcome.id, previous: before, reason: outcome.reason });
        }
      } else {
        result.skipped.push({ id: outcome.id, reason: outcome.reason });
      }
    }
  }

  /** Swaps in the new round's events and reports the difference from what we knew. */
  private completeFullRound(window: CalendarWindow): CalendarChange[] {
    const before = this.state.events;
    const after = this.state.pendingEvents ?? {};
    const reasons = this.state.pendingRemoved ?? {};
    const changes: CalendarChange[] = [];
    for (const [id, event] of Object.entries(after)) {
      const previous = before[id];
      if (!previous) changes.push({ kind: 'added', event });
      else if (!sameItem(previous, event)) changes.push({ kind: 'updated', event, previous });
    }
    const windowStart = Date.parse(window.start);
    for (const [id, previous] of Object.entries(before)) {
      if (after[id]) continue;
      const reason = reasons[id] ?? (Date.parse(previous.end) <= windowStart ? 'outOfWindow' : 'deleted');
      changes.push({ kind: 'removed', eventId: id, previous, reason });
    }
    this.state.events = after;
    this.state.window = window;
    delete this.state.pendingWindow;
    delete this.state.pendingEvents;
    delete this.state.pendingRemoved;
    return changes;
  }

  private get(url: string): GraphRequest {
    return { method: 'GET', url, headers: this.headers() };
  }

  private headers(): Record<string, string> {
    // Prefer is a header, not a query parameter, so the state token does not carry it: send it on
    // every page, or later pages come back in the mailbox's own time zone.
    return { Prefer: `outlook.timezone="UTC", odata.maxpagesize=${this.maxPageSize}` };
  }
}

export function initialUrl(window: CalendarWindow): string {
  const query = new URLSearchParams({ startDateTime: window.start, endDateTime: window.end });
  return `/me/calendarView/delta?${query.toString()}`;
}

function rawId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

export function sameItem(a: CalendarItem, b: CalendarItem): boolean {
  const keys = Object.keys(a) as (keyof CalendarItem)[];
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
