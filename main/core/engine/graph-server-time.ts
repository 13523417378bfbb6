// Graph's clock, as its responses state it: every HTTP response carries a `Date` header with the
// server's time (RFC 9110 §6.6.1). The new-mail watermark must be on Graph's clock, not this
// machine's (mail/baseline-watermark.ts), and `$batch` hands back only the inner responses, so
// this wraps the account's `fetch` and notes the outer `Date` of every response.
import { parseHttpDate } from '../mail/baseline-watermark.ts';

type Fetch = typeof globalThis.fetch;

export class GraphServerTime {
  private readonly watchers = new Set<{ earliest: number | null }>();

  /** A fetch that reports each response's `Date` to the calls being watched, then returns it unchanged. */
  wrap(fetchFn: Fetch): Fetch {
    return async (input, init) => {
      const res = await fetchFn(input, init);
      const date = parseHttpDate(res.headers.get('date'));
      if (date !== null) for (const watcher of this.watchers) watcher.earliest = Math.min(date, watcher.earliest ?? date);
      return res;
    };
  }

  /**
   * Runs one Graph call and returns its result with the earliest `Date` of the responses that
   * arrived meanwhile (null if none carried one). Earliest, not latest: a batch retried after an
   * inner 429 is answered twice, and the listing may come from the first answer. A concurrent
   * call's response can only make it earlier, which for a watermark is the safe direction.
   */
  async during<T>(call: () => Promise<T>): Promise<{ value: T; graphTime: number | null }> {
    const watcher: { earliest: number | null } = { earliest: null };
    this.watchers.add(watcher);
    try {
      const value = await call();
      return { value, graphTime: watcher.earliest };
    } finally {
      this.watchers.delete(watcher);
    }
  }
}
