// Every request the simulator answers, for tests and benchmarks (GET/DELETE /_admin/requests).
// Requests inside a $batch are recorded one by one with `inner: true`, as Graph counts them
// one by one for throttling.

export interface RequestLogEntry {
  seq: number;
  /** Wall-clock ISO time the request arrived. */
  at: string;
  method: string;
  /** Path and query as sent (inner batch requests: version prefix + relative url). */
  path: string;
  /** 0 when the connection was reset by a fault. */
  status: number;
  /** Body bytes received (inner: bytes of the request object in the batch JSON). */
  requestBytes: number;
  /** Body bytes sent (inner: bytes of the response object in the batch JSON). */
  responseBytes: number;
  userId?: string;
  upn?: string;
  inner: boolean;
  /** For inner requests: the id inside the batch. */
  batchRequestId?: string;
  /** The fault that answered or delayed this request, if any. */
  fault?: string;
  /** Outer requests: the `client-request-id` header the client sent, if any. */
  clientRequestId?: string;
  /**
   * Inner requests: the `client-request-id` of the `$batch` that carried them, so a test can tell
   * which outer request an inner one rode in (the outer entry is logged after its inner ones).
   */
  batchClientRequestId?: string;
}

export type NewRequestLogEntry = Omit<RequestLogEntry, 'seq' | 'at'>;

/** Bounded so a long demo run cannot grow without limit; tests clear it between cases. */
export const REQUEST_LOG_LIMIT = 50_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextSeq = 1;

  record(entry: NewRequestLogEntry): RequestLogEntry {
    const full: RequestLogEntry = { seq: this.nextSeq++, at: new Date().toISOString(), ...entry };
    this.entries.push(full);
    if (this.entries.length > REQUEST_LOG_LIMIT) this.entries.splice(0, this.entries.length - REQUEST_LOG_LIMIT);
    return full;
  }

  list(): readonly RequestLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
