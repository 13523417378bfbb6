// When to ask /me for the account's own addresses, and what to make of the answer
// (self-addresses.ts says which addresses and why). Pure: the engine passes `now` and does the I/O.
import type { GraphRequest, GraphResponse } from '../graph/graph-request.ts';
import { SELF_ADDRESSES_REFRESH_MS, SELF_ADDRESSES_RETRY_MS, normalizeAddresses, parseSelfAddresses, selfAddressesRequest } from './self-addresses.ts';

/** What /me last said; persisted with the account's decisions so a restart offline still knows it. */
export interface SelfAddressesState {
  addresses: string[];
  /** When /me answered (this machine's clock): asked again a day later. */
  fetchedAt: number;
}

export class SelfAddressBook {
  private saved: SelfAddressesState | null;
  /** After a failed /me: not asked again before this (not persisted: a restart may ask at once). */
  private retryAt = Number.NEGATIVE_INFINITY;

  /** `signIn`: the addresses known without asking (the sign-in name); they always count. */
  constructor(
    private readonly signIn: readonly string[],
    saved?: SelfAddressesState | null,
  ) {
    this.saved = saved ? structuredClone(saved) : null;
  }

  /** The sign-in name plus whatever /me said last. */
  get addresses(): string[] {
    return normalizeAddresses([...this.signIn, ...(this.saved?.addresses ?? [])]);
  }

  get state(): SelfAddressesState | null {
    return this.saved ? structuredClone(this.saved) : null;
  }

  /** The /me request when it is due: never answered, a day old, or the clock went back past the answer; not while a failure cools down. */
  requestIfDue(now: number): GraphRequest | null {
    if (now < this.retryAt) return null;
    const fetchedAt = this.saved?.fetchedAt;
    const due = fetchedAt === undefined || now - fetchedAt >= SELF_ADDRESSES_REFRESH_MS || now < fetchedAt;
    return due ? selfAddressesRequest() : null;
  }

  /**
   * Folds /me's answer in: true when the addresses were read. A failure (thrown GraphError from
   * `parseSelfAddresses`) is returned, not thrown: the addresses known so far stand and /me is
   * asked again after SELF_ADDRESSES_RETRY_MS.
   */
  apply(res: GraphResponse, now: number): { ok: true } | { ok: false; error: unknown } {
    try {
      this.saved = { addresses: parseSelfAddresses(res, now), fetchedAt: now };
      return { ok: true };
    } catch (error) {
      this.retryAt = now + SELF_ADDRESSES_RETRY_MS;
      return { ok: false, error };
    }
  }
}
