// A folder's messages kept sorted by (receivedDateTime, id) ascending, so "newest first inside a
// window" is a binary search plus a walk: the initial filtered delta round costs O(window), not
// O(mailbox) (GRAPH-NOTES "Mail delta").

export interface Sortable {
  id: string;
  receivedMs: number;
}

export function compareKey(aMs: number, aId: string, bMs: number, bId: string): number {
  if (aMs !== bMs) return aMs - bMs;
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

/** First index whose key is >= (ms, id). */
export function lowerBound<T extends Sortable>(items: readonly T[], ms: number, id: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid] as T;
    if (compareKey(item.receivedMs, item.id, ms, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function insertSorted<T extends Sortable>(items: T[], item: T): void {
  items.splice(lowerBound(items, item.receivedMs, item.id), 0, item);
}

export function removeSorted<T extends Sortable>(items: T[], item: T): boolean {
  const at = lowerBound(items, item.receivedMs, item.id);
  if (items[at] !== item) return false;
  items.splice(at, 1);
  return true;
}

/** Merges a batch already sorted ascending into a sorted array in O(n + m). */
export function mergeSorted<T extends Sortable>(items: T[], batch: readonly T[]): T[] {
  const out: T[] = new Array<T>(items.length + batch.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < items.length && j < batch.length) {
    const a = items[i] as T;
    const b = batch[j] as T;
    if (compareKey(a.receivedMs, a.id, b.receivedMs, b.id) <= 0) {
      out[k++] = a;
      i++;
    } else {
      out[k++] = b;
      j++;
    }
  }
  while (i < items.length) out[k++] = items[i++] as T;
  while (j < batch.length) out[k++] = batch[j++] as T;
  return out;
}
