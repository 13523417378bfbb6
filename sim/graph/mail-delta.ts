// GET /me/mailFolders/{id}/messages/delta — https://learn.microsoft.com/graph/api/message-delta
// and https://learn.microsoft.com/graph/delta-query-messages.
// Initial round: the folder newest first, inside the $filter window, capped like Graph's filtered
// delta (GRAPH-NOTES: about 5,000), O(window) thanks to the sorted folder index. Later rounds walk
// the mailbox change log: created/updated items in full, moved-out/deleted ones as @removed.
import { GraphError, ok, type GraphCall, type GraphResult } from './graph-call.ts';
import { changesAfter, type Mailbox, type SimMailFolder, type SimMessage } from './mailbox.ts';
import { MESSAGE_PROPERTIES, toGraphMessage } from './message-shape.ts';
import { applySelect, parsePrefer, parseSelect } from './odata.ts';
import { lowerBound } from './sorted-index.ts';
import { decodeDeltaState, encodeDeltaState, type DeltaPosition, type MailDeltaQuery, type MailFilter } from './delta-token.ts';

/** Graph's page size when the client sends no Prefer: odata.maxpagesize (delta-query-messages samples). */
export const MAIL_DELTA_DEFAULT_PAGE_SIZE = 10;
/** Largest page the simulator serves; the docs are silent, 1000 matches Outlook's $top limit. */
export const MAIL_DELTA_MAX_PAGE_SIZE = 1000;
/** A delta round with $filter returns at most this many messages (GRAPH-NOTES). */
export const MAIL_DELTA_FILTERED_CAP = 5000;

export function parseMailFilter(raw: string | null): MailFilter | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const m = /^\s*receivedDateTime\s+(ge|gt)\s+'?([^'\s]+(?:\s\d{2}:?\d{2})?)'?\s*$/i.exec(raw);
  if (!m) {
    throw new GraphError(400, 'ErrorInvalidUrlQueryFilter', "Delta on messages supports $filter only on receivedDateTime with 'ge' or 'gt'.");
  }
  // An unencoded '+' in an offset arrives as a space (form decoding): put it back.
  const ms = Date.parse((m[2] as string).replace(/\s(\d{2}:?\d{2})$/, '+$1'));
  if (Number.isNaN(ms)) throw new GraphError(400, 'ErrorInvalidUrlQueryFilter', `'${m[2]}' is not a valid DateTimeOffset.`);
  return { op: (m[1] as string).toLowerCase() as 'ge' | 'gt', ms };
}

function parseChangeType(raw: string | null): MailDeltaQuery['changeType'] {
  if (raw === null) return undefined;
  if (raw === 'created' || raw === 'updated' || raw === 'deleted') return raw;
  throw new GraphError(400, 'ErrorInvalidUrlQuery', "changeType must be 'created', 'updated' or 'deleted'.");
}

function checkOrderBy(raw: string | null): void {
  if (raw === null) return;
  if (!/^\s*receivedDateTime\s+desc\s*$/i.test(raw)) {
    throw new GraphError(400, 'ErrorInvalidUrlQuery', 'Delta on messages supports $orderby=receivedDateTime desc only.');
  }
}

function inWindow(message: SimMessage, filter: MailFilter | undefined): boolean {
  if (!filter) return true;
  return filter.op === 'ge' ? message.receivedMs >= filter.ms : message.receivedMs > filter.ms;
}

export function initialMailDeltaUrl(baseUrl: string, rawPath: string, query: MailDeltaQuery): string {
  const params: string[] = [];
  if (query.select) params.push(`$select=${query.select.join(',')}`);
  if (query.filter) params.push(`$filter=receivedDateTime ${query.filter.op} ${new Date(query.filter.ms).toISOString()}`);
  return `${baseUrl}${rawPath}${params.length ? `?${params.join('&')}` : ''}`;
}

interface Page {
  items: Record<string, unknown>[];
  next?: DeltaPosition;
  since?: number;
}

export function mailDelta(call: GraphCall, mailbox: Mailbox, folder: SimMailFolder, baseUrl: string): GraphResult {
  const prefer = parsePrefer(call.headers['prefer']);
  const pageSize = Math.min(prefer.maxPageSize ?? MAIL_DELTA_DEFAULT_PAGE_SIZE, MAIL_DELTA_MAX_PAGE_SIZE);
  const token = call.query.get('$deltatoken') ?? call.query.get('$skiptoken');

  let query: MailDeltaQuery;
  let position: DeltaPosition;
  if (token !== null) {
    const state = decodeDeltaState(token);
    if (state.query.kind !== 'mail' || state.query.userId !== mailbox.userId || state.query.folderId !== folder.id) {
      throw new GraphError(400, 'BadRequest', 'The delta token does not belong to this folder.');
    }
    query = state.query;
    position = state.position;
    if (query.epoch !== mailbox.tokenEpoch) {
      // The documented resync: 410 Gone, code syncStateNotFound; Location restarts the round.
      throw new GraphError(410, 'syncStateNotFound', 'The sync state is not found or has expired. Start a new synchronization round.', {
        Location: initialMailDeltaUrl(baseUrl, call.rawPath, query),
      });
    }
  } else {
    checkOrderBy(call.query.get('$orderby'));
    const select = parseSelect(call.query.get('$select'), MESSAGE_PROPERTIES, 'microsoft.graph.message');
    const filter = parseMailFilter(call.query.get('$filter'));
    const changeType = parseChangeType(call.query.get('changeType'));
    query = {
      kind: 'mail',
      userId: mailbox.userId,
      folderId: folder.id,
      epoch: mailbox.tokenEpoch,
      ...(select ? { select } : {}),
      ...(filter ? { filter } : {}),
      ...(changeType ? { changeType } : {}),
    };
    position = { phase: 'initial', baseline: mailbox.seq, returned: 0 };
  }
  if (position.phase === 'delta') position = { phase: 'incremental', from: position.since, to: mailbox.seq, offset: 0 };

  const shape = (m: SimMessage) => ({ '@odata.type': '#microsoft.graph.message', ...applySelect(toGraphMessage(m), query.select) });
  const page = position.phase === 'initial' ? initialPage(folder, query, position, pageSize, shape) : incrementalPage(mailbox, folder, query, position, pageSize, shape);

  const body: Record<string, unknown> = { '@odata.context': `${baseUrl}/${call.version}/$metadata#Collection(message)` };
  if (page.next) body['@odata.nextLink'] = `${baseUrl}${call.rawPath}?$skiptoken=${encodeDeltaState({ query, position: page.next })}`;
  else body['@odata.deltaLink'] = `${baseUrl}${call.rawPath}?$deltatoken=${encodeDeltaState({ query, position: { phase: 'delta', since: page.since ?? mailbox.seq } })}`;
  body['value'] = page.items;
  return ok(body, 200, preferenceApplied(prefer.immutableId, prefer.maxPageSize !== undefined ? pageSize : undefined));
}

export function preferenceApplied(immutableId: boolean, pageSize?: number, timeZone?: string): Record<string, string> {
  const applied: string[] = [];
  if (immutableId) applied.push('IdType="ImmutableId"');
  if (pageSize !== undefined) applied.push(`odata.maxpagesize=${pageSize}`);
  if (timeZone !== undefined) applied.push(`outlook.timezone="${timeZone}"`);
  return applied.length ? { 'Preference-Applied': applied.join(', ') } : {};
}

function initialPage(
  folder: SimMailFolder,
  query: MailDeltaQuery,
  position: Extract<DeltaPosition, { phase: 'initial' }>,
  pageSize: number,
  shape: (m: SimMessage) => Record<string, unknown>,
): Page {
  const cap = query.filter ? MAIL_DELTA_FILTERED_CAP : Number.POSITIVE_INFINITY;
  const list = folder.messages;
  let i = position.cursor ? lowerBound(list, position.cursor.ms, position.cursor.id) - 1 : list.length - 1;
  const items: Record<string, unknown>[] = [];
  let returned = position.returned;
  let last: SimMessage | undefined;
  while (i >= 0 && items.length < pageSize && returned < cap) {
    const m = list[i] as SimMessage;
    if (!inWindow(m, query.filter)) break;
    items.push(shape(m));
    last = m;
    returned += 1;
    i -= 1;
  }
  const more = i >= 0 && returned < cap && inWindow(list[i] as SimMessage, query.filter);
  if (more && last) return { items, next: { phase: 'initial', baseline: position.baseline, returned, cursor: { ms: last.receivedMs, id: last.id } } };
  return { items, since: position.baseline };
}

function incrementalPage(
  mailbox: Mailbox,
  folder: SimMailFolder,
  query: MailDeltaQuery,
  position: Extract<DeltaPosition, { phase: 'incremental' }>,
  pageSize: number,
  shape: (m: SimMessage) => Record<string, unknown>,
): Page {
  // Distinct ids touched in (from, to] that were in this folder before or after the change,
  // ordered by their last change. The range is immutable, so paging by offset is stable.
  // The value says whether the item arrived in the folder during the range (created or moved in).
  const touched = new Map<string, boolean>();
  for (let i = changesAfter(mailbox.changes, position.from); i < mailbox.changes.length; i++) {
    const change = mailbox.changes[i];
    if (!change || change.seq > position.to) break;
    if (change.folderId !== folder.id && change.prevFolderId !== folder.id) continue;
    const arrived = (touched.get(change.id) ?? false) || (change.folderId === folder.id && change.prevFolderId !== folder.id);
    touched.delete(change.id);
    touched.set(change.id, arrived);
  }
  const ids = [...touched.keys()];
  const items: Record<string, unknown>[] = [];
  const end = Math.min(ids.length, position.offset + pageSize);
  for (let k = position.offset; k < end; k++) {
    const id = ids[k] as string;
    const m = mailbox.messages.get(id);
    const present = m !== undefined && m.folderId === folder.id;
    const kind = !present ? 'deleted' : touched.get(id) ? 'created' : 'updated';
    if (query.changeType !== undefined && query.changeType !== kind) continue;
    if (present) {
      if (inWindow(m, query.filter)) items.push(shape(m));
    } else {
      items.push({ '@odata.type': '#microsoft.graph.message', id, '@removed': { reason: 'deleted' } });
    }
  }
  if (end < ids.length) return { items, next: { phase: 'incremental', from: position.from, to: position.to, offset: end } };
  return { items, since: position.to };
}
