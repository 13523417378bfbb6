// GET /me/calendarView/delta?startDateTime=…&endDateTime=… —
// https://learn.microsoft.com/graph/delta-query-events and https://learn.microsoft.com/graph/api/event-delta.
// The window lives in the token (a deltaLink can never move it); no $select (full events);
// Prefer: odata.maxpagesize pages; later rounds report changes, and @removed for events that
// left the window, were cancelled or deleted.
import { GraphError, ok, type GraphCall, type GraphResult } from './graph-call.ts';
import { isViewable, overlaps, type Calendar, type SimEvent } from './calendar.ts';
import { changesAfter } from './mailbox.ts';
import { toGraphEvent } from './event-shape.ts';
import { parseIsoDate, parsePrefer } from './odata.ts';
import { decodeDeltaState, encodeDeltaState, type CalendarDeltaQuery, type DeltaPosition } from './delta-token.ts';
import { preferenceApplied } from './mail-delta.ts';
import { eventTimeZone } from './calendar-view.ts';

export const EVENT_DELTA_DEFAULT_PAGE_SIZE = 10;
export const EVENT_DELTA_MAX_PAGE_SIZE = 1000;

function isLiveInWindow(event: SimEvent, query: CalendarDeltaQuery): boolean {
  // Occurrences and exceptions, never a series master (https://learn.microsoft.com/graph/delta-query-events).
  return isViewable(event, query.startMs, query.endMs);
}

function sortedInWindow(calendar: Calendar, query: CalendarDeltaQuery): SimEvent[] {
  return [...calendar.events.values()]
    .filter((e) => isLiveInWindow(e, query))
    .sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : 1));
}

/**
 * An unmodified occurrence as calendarView delta sends it: a stub with only its identity, series
 * and times; the rest lives on the series master (exceptions come in full). Observed Graph
 * behaviour, not in the reference: microsoftgraph/microsoft-graph-docs#7632 and #1716,
 * microsoft-graph-docs-contrib#34. calendarView (not delta) and GET /events/{id} answer in full.
 */
function occurrenceStub(event: SimEvent, timeZone: string): Record<string, unknown> {
  const full = toGraphEvent(event, timeZone);
  return {
    '@odata.type': '#microsoft.graph.event',
    '@odata.etag': full['@odata.etag'],
    id: full.id,
    seriesMasterId: full.seriesMasterId,
    type: full.type,
    start: full.start,
    end: full.end,
  };
}

export function calendarDelta(call: GraphCall, calendar: Calendar, baseUrl: string): GraphResult {
  const prefer = parsePrefer(call.headers['prefer']);
  const timeZone = eventTimeZone(prefer);
  const pageSize = Math.min(prefer.maxPageSize ?? EVENT_DELTA_DEFAULT_PAGE_SIZE, EVENT_DELTA_MAX_PAGE_SIZE);
  const token = call.query.get('$deltatoken') ?? call.query.get('$skiptoken');
  if (call.query.has('$select')) {
    throw new GraphError(400, 'ErrorInvalidUrlQuery', 'The query parameter $select is not supported with calendarView delta.');
  }

  let query: CalendarDeltaQuery;
  let position: DeltaPosition;
  if (token !== null) {
    const state = decodeDeltaState(token);
    if (state.query.kind !== 'calendar' || state.query.userId !== calendar.userId) {
      throw new GraphError(400, 'BadRequest', 'The delta token does not belong to this calendar.');
    }
    query = state.query;
    position = state.position;
    if (query.epoch !== calendar.tokenEpoch) {
      const restart = `${baseUrl}${call.rawPath}?startDateTime=${new Date(query.startMs).toISOString()}&endDateTime=${new Date(query.endMs).toISOString()}`;
      throw new GraphError(410, 'syncStateNotFound', 'The sync state is not found or has expired. Start a new synchronization round.', { Location: restart });
    }
  } else {
    const startMs = parseIsoDate(call.query.get('startDateTime'), 'startDateTime');
    const endMs = parseIsoDate(call.query.get('endDateTime'), 'endDateTime');
    if (endMs <= startMs) throw new GraphError(400, 'ErrorInvalidParameter', 'endDateTime must be after startDateTime.');
    query = { kind: 'calendar', userId: calendar.userId, startMs, endMs, epoch: calendar.tokenEpoch };
    position = { phase: 'initial', baseline: calendar.seq, returned: 0 };
  }
  if (position.phase === 'delta') position = { phase: 'incremental', from: position.since, to: calendar.seq, offset: 0 };

  const shape = (e: SimEvent) => (e.type === 'occurrence' ? occurrenceStub(e, timeZone) : { '@odata.type': '#microsoft.graph.event', ...toGraphEvent(e, timeZone) });
  const removed = (id: string) => ({ '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } });
  const items: Record<string, unknown>[] = [];
  let next: DeltaPosition | undefined;
  let since = calendar.seq;

  if (position.phase === 'initial') {
    // Small calendars: offset paging over the window sorted by start.
    const all = sortedInWindow(calendar, query);
    const end = Math.min(all.length, position.returned + pageSize);
    for (let k = position.returned; k < end; k++) items.push(shape(all[k] as SimEvent));
    if (end < all.length) next = { phase: 'initial', baseline: position.baseline, returned: end };
    since = position.baseline;
  } else {
    const touched = new Map<string, boolean>(); // id → was it live in the window before some change
    for (let i = changesAfter(calendar.changes, position.from); i < calendar.changes.length; i++) {
      const change = calendar.changes[i];
      if (!change || change.seq > position.to) break;
      const wasIn = change.before !== null && change.before.live && overlaps(change.before, query.startMs, query.endMs);
      const prior = touched.get(change.id) ?? false;
      touched.delete(change.id);
      touched.set(change.id, prior || wasIn);
    }
    const entries = [...touched.entries()];
    const end = Math.min(entries.length, position.offset + pageSize);
    for (let k = position.offset; k < end; k++) {
      const [id, wasIn] = entries[k] as [string, boolean];
      const event = calendar.events.get(id);
      if (event && isLiveInWindow(event, query)) items.push(shape(event));
      else if (wasIn) items.push(removed(id));
    }
    if (end < entries.length) next = { phase: 'incremental', from: position.from, to: position.to, offset: end };
    since = position.to;
  }

  const body: Record<string, unknown> = { '@odata.context': `${baseUrl}/${call.version}/$metadata#Collection(event)` };
  if (next) body['@odata.nextLink'] = `${baseUrl}${call.rawPath}?$skiptoken=${encodeDeltaState({ query, position: next })}`;
  else body['@odata.deltaLink'] = `${baseUrl}${call.rawPath}?$deltatoken=${encodeDeltaState({ query, position: { phase: 'delta', since } })}`;
  body['value'] = items;
  return ok(body, 200, preferenceApplied(prefer.immutableId, prefer.maxPageSize !== undefined ? pageSize : undefined, prefer.timeZone));
}
