// Recurring meetings in calendarView delta. Graph expands a series into its occurrences, but in a
// delta page an unmodified occurrence comes as a stub: only @odata.type, @odata.etag, id,
// seriesMasterId, type, start and end — no subject, reminder settings or join link
// (microsoftgraph/microsoft-graph-docs#7632, microsoft-graph-docs-contrib#34; exceptions come in
// full). Read as-is, every standup would remind 15 minutes ahead with no title, even with its
// reminder off. So a page holding stubs waits until their series masters are fetched
// (GET /me/events/{seriesMasterId}) and each stub is completed from its master, the stub's own
// fields winning. A series master listed in the page itself (some servers do) is used the same
// way and never becomes an item: its start is the first occurrence's, which would remind twice.
// https://learn.microsoft.com/graph/api/resources/event (type, seriesMasterId)
import type { GraphRequest } from '../graph/graph-request.ts';

/** The master fields an occurrence inherits (everything CalendarItem needs but its own times). */
const INHERITED = [
  'subject',
  'isAllDay',
  'isCancelled',
  'isOnlineMeeting',
  'onlineMeeting',
  'onlineMeetingUrl',
  'isReminderOn',
  'reminderMinutesBeforeStart',
  'location',
  'webLink',
  'organizer',
  'showAs',
  'originalStartTimeZone',
] as const;

type Entry = Record<string, unknown>;

function asEntry(raw: unknown): Entry | null {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Entry) : null;
}

/** A series master entry (never an item of its own in a calendar view). */
export function isSeriesMaster(raw: unknown): boolean {
  return asEntry(raw)?.['type'] === 'seriesMaster';
}

/** An occurrence that came without its details: they live on its series master. */
export function stubMasterId(raw: unknown): string | null {
  const entry = asEntry(raw);
  if (!entry || entry['@removed'] !== undefined || entry['subject'] !== undefined) return null;
  const masterId = entry['seriesMasterId'];
  return typeof masterId === 'string' && masterId.length > 0 ? masterId : null;
}

/**
 * Masters known in the current round (a round's worth only: a series edited since is fetched
 * again in the next round that carries its stubs) and the ones still to fetch.
 */
export class SeriesMasters {
  /** masterId → its fields, or null when the master is gone (404): its stubs are dropped. */
  private readonly known = new Map<string, Entry | null>();
  private readonly queue: string[] = [];

  /** Learns masters listed in the page; queues the ones its stubs need. True when all are known. */
  prepare(entries: readonly unknown[]): boolean {
    for (const raw of entries) {
      const entry = asEntry(raw);
      if (entry && isSeriesMaster(entry) && typeof entry['id'] === 'string') this.known.set(entry['id'], entry);
    }
    for (const raw of entries) {
      const masterId = stubMasterId(raw);
      if (masterId !== null && !this.known.has(masterId) && !this.queue.includes(masterId)) this.queue.push(masterId);
    }
    return this.queue.length === 0;
  }

  /** The next master to fetch, or null. */
  get next(): string | null {
    return this.queue[0] ?? null;
  }

  /** Records the answer for `next`: its fields, or null when Graph says it no longer exists. */
  resolve(masterId: string, master: unknown): void {
    this.known.set(masterId, master === null ? null : asEntry(master));
    const at = this.queue.indexOf(masterId);
    if (at >= 0) this.queue.splice(at, 1);
  }

  /** The page as items can be made from it: masters left out, stubs completed (or dropped if orphaned). */
  hydrate(entries: readonly unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const raw of entries) {
      if (isSeriesMaster(raw)) continue;
      const masterId = stubMasterId(raw);
      if (masterId === null) {
        out.push(raw);
        continue;
      }
      const master = this.known.get(masterId);
      if (!master) continue; // series deleted meanwhile: the next round reports its occurrences gone.
      const inherited: Entry = {};
      for (const key of INHERITED) if (master[key] !== undefined) inherited[key] = master[key];
      out.push({ ...inherited, ...(raw as Entry) });
    }
    return out;
  }

  /** Forget everything (a round completed, or the sync restarts after 410). */
  clear(): void {
    this.known.clear();
    this.queue.length = 0;
  }
}

/** GET one series master with just the fields occurrences inherit. */
export function seriesMasterRequest(masterId: string, headers: Record<string, string>): GraphRequest {
  const select = ['id', 'type', ...INHERITED].join(',');
  return { method: 'GET', url: `/me/events/${encodeURIComponent(masterId)}?$select=${select}`, headers };
}
