// The one way Herald talks to Microsoft Graph, one instance per account (mailbox).
// - every call: Authorization bearer from the TokenProvider, Prefer: IdType="ImmutableId"
// - 429/503/504: Retry-After honoured, never sooner; jittered exponential backoff without it
//   (https://learn.microsoft.com/graph/throttling)
// - network failures: backoff and retry; 401: one retry with a force-refreshed token
// - at most `maxConcurrency` (default 4) requests in flight for the mailbox, counted as Graph
//   counts them: a $batch holds one permit per inner request (up to the limit)
// - JSON $batch in chunks of ≤ 20, inner 429/503/504 retried in a follow-up batch after their
//   own Retry-After (https://learn.microsoft.com/graph/json-batching#handling-throttling)
// All waiting goes through the injected Clock, so tests on a FakeClock never really sleep.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { TokenProvider } from '../accounts/token-provider.ts';
import type { GraphRequest, GraphResponse } from './graph-request.ts';
import { GraphError, errorFromResponse } from './graph-errors.ts';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry-policy.ts';
import { Semaphore } from './semaphore.ts';
import { lowerCaseHeaders, normalizeRequestHeaders, toRelativeUrl } from './graph-url.ts';
import { MAX_BATCH_SIZE, parseBatchResponse, toBatchEntry } from './batch-envelope.ts';

export type GraphVersion = 'v1.0' | 'beta';

/** The subset of a pino logger the client uses (pino's Logger satisfies it). */
export interface GraphLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface GraphClientOptions {
  accountId: string;
  tokens: TokenProvider;
  /** Origin of Graph; the simulator's URL in tests. */
  baseUrl?: string;
  version?: GraphVersion;
  clock: Clock;
  /**
   * Graph allows 4 concurrent requests per app per mailbox, inner requests of a $batch included
   * (Graph runs up to 4 of them against the mailbox at once).
   */
  maxConcurrency?: number;
  /** Retries after the first attempt for 429/503/504 and network errors. */
  maxRetries?: number;
  logger?: GraphLogger;
  fetch?: typeof globalThis.fetch;
  /** In [0, 1); injected so backoff jitter is deterministic in tests. */
  random?: () => number;
  /**
   * Wall-clock limit for one HTTP exchange, so a hung connection cannot hold one of the 4
   * permits for ever; it then counts as a network error. Wall time on purpose: it guards real
   * sockets, and a FakeClock advanced through a backoff must not abort requests in flight.
   */
  requestTimeoutMs?: number;
  /**
   * The longest Retry-After / backoff the client waits out inside one call. A longer one is
   * not slept through: the 429/503 answer is returned (and `request` throws it with `retryAt`),
   * so a poll cycle ends and the engine schedules the next one after Retry-After instead of
   * holding the account's queue (and its reminders) for minutes. Default: no limit.
   */
  maxInlineWaitMs?: number;
}

/** Per-call overrides of the client's retry and timeout policy (best-effort calls, e.g. at quit). */
export interface GraphCallOptions {
  /** Retries after the first attempt for this call; default the client's `maxRetries`. */
  maxRetries?: number;
  /** Wall-clock limit of this call's HTTP exchange; default the client's `requestTimeoutMs`. */
  timeoutMs?: number;
}

export const DEFAULT_MAX_CONCURRENCY = 4;
export const DEFAULT_MAX_RETRIES = 5;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export class GraphClient {
  readonly accountId: string;
  readonly baseUrl: string;
  readonly version: GraphVersion;
  readonly maxRetries: number;
  private readonly tokens: TokenProvider;
  private readonly clock: Clock;
  private readonly logger: GraphLogger | undefined;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly maxInlineWaitMs: number;
  // Permits = requests Graph sees in flight for this mailbox: 1 per plain call, and
  // min(inner requests, limit) per $batch POST (see batchChunk).
  private readonly inFlight: Semaphore;
  // One $batch at a time per account: each inner request counts toward Graph's limits.
  private readonly batchGate = new Semaphore(1);
  private refreshBeforeNextCall = false;
  // Epoch ms (on the clock) before which no request of this mailbox goes out: a Retry-After
  // applies to the app + mailbox, not only to the request that received it.
  private pausedUntil = 0;

  constructor(options: GraphClientOptions) {
    this.accountId = options.accountId;
    this.tokens = options.tokens;
    this.baseUrl = (options.baseUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
    this.version = options.version ?? 'v1.0';
    this.clock = options.clock;
    this.maxRetries = Math.max(0, options.maxRetries ?? DEFAULT_MAX_RETRIES);
    this.logger = options.logger;
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.random = options.random ?? Math.random;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? Number.POSITIVE_INFINITY;
    this.inFlight = new Semaphore(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
  }

  /** Sends and returns the 2xx body (validated by `schema` when given); anything else throws GraphError. */
  async request<T>(req: GraphRequest, schema?: z.ZodType<T>, call: GraphCallOptions = {}): Promise<T> {
    const res = await this.sendWithRetries(req, isSafeToRepeat(req), 1, call);
    if (res.status < 200 || res.status > 299) throw errorFromResponse(res, this.clock.now());
    if (!schema) return res.body as T;
    const parsed = schema.safeParse(res.body);
    if (!parsed.success) {
      throw new GraphError({ kind: 'malformedResponse', status: res.status, message: `Unexpected response shape for ${req.method} ${pathOnly(req.url)}` });
    }
    return parsed.data;
  }

  /**
   * Sends with retries and returns the final response whatever its status (sync modules need
   * to see e.g. 410). Throws GraphError only for network failures after retries and unreadable
   * bodies; AuthRequiredError from the TokenProvider passes through.
   */
  async send(req: GraphRequest): Promise<GraphResponse> {
    return this.sendWithRetries(req, isSafeToRepeat(req));
  }

  /** `permits`: how many of the mailbox's concurrent requests this HTTP call stands for. */
  private async sendWithRetries(req: GraphRequest, retryNetworkErrors: boolean, permits = 1, call: GraphCallOptions = {}): Promise<GraphResponse> {
    const maxRetries = Math.max(0, call.maxRetries ?? this.maxRetries);
    const timeoutMs = call.timeoutMs ?? this.requestTimeoutMs;
    let refreshed = false;
    let token = await this.token(false);
    for (let attempt = 0; ; attempt += 1) {
      await this.waitOutPause();
      let raw: Response;
      let text: string;
      try {
        ({ raw, text } = await this.inFlight.run(() => this.fetchOnce(req, token, timeoutMs), permits));
      } catch (cause) {
        if (cause instanceof GraphError) throw cause;
        // A connection that broke after a POST (reply, move) may have been processed: sending
        // it again could reply twice, so only requests that are safe to repeat are retried.
        if (attempt >= maxRetries || !retryNetworkErrors) {
          throw new GraphError({ kind: 'network', code: 'networkError', message: `Network error on ${req.method} ${pathOnly(req.url)}: ${describe(cause)}`, cause });
        }
        const delay = backoffDelay(attempt, this.random);
        this.logger?.warn({ accountId: this.accountId, attempt, delay, err: describe(cause) }, 'graph network error, retrying');
        await this.clock.sleep(delay);
        continue;
      }
      const headers = lowerCaseHeaders(raw.headers);
      if (raw.status === 401 && !refreshed) {
        // An access token can be revoked or expire early; refresh once before giving up.
        refreshed = true;
        token = await this.token(true);
        attempt -= 1; // a refresh is not a throttling retry
        continue;
      }
      if (isRetryableStatus(raw.status) && attempt < maxRetries) {
        const retryAfter = parseRetryAfter(headers['retry-after'], this.clock.now());
        if (retryAfter !== null) this.pauseFor(retryAfter);
        const delay = retryAfter ?? backoffDelay(attempt, this.random);
        if (delay > this.maxInlineWaitMs) {
          return { status: raw.status, headers, body: parseBody(text, headers, raw.status, req) };
        }
        this.logger?.warn({ accountId: this.accountId, status: raw.status, attempt, delay }, 'graph transient status, retrying');
        await this.clock.sleep(delay);
        continue;
      }
      return { status: raw.status, headers, body: parseBody(text, headers, raw.status, req) };
    }
  }

  /**
   * Sends requests as JSON $batch (≤ 20 per POST, one POST at a time) and returns responses in
   * request order. Inner 429/503/504 are re-sent in a follow-up batch no sooner than their own
   * Retry-After; after maxRetries rounds the last inner response is returned as is.
   */
  async batch(reqs: readonly GraphRequest[]): Promise<GraphResponse[]> {
    const results: GraphResponse[] = [];
    for (let start = 0; start < reqs.length; start += MAX_BATCH_SIZE) {
      const chunk = reqs.slice(start, start + MAX_BATCH_SIZE);
      results.push(...(await this.batchGate.run(() => this.batchChunk(chunk))));
    }
    return results;
  }

  private async batchChunk(chunk: readonly GraphRequest[]): Promise<GraphResponse[]> {
    const results = new Array<GraphResponse | undefined>(chunk.length);
    let pending = chunk.map((_, index) => index);
    let innerRefreshed = false;
    for (let round = 0; pending.length > 0; round += 1) {
      const ids = pending.map((index) => String(index + 1));
      const envelope = { requests: pending.map((index) => toBatchEntry(String(index + 1), chunk[index] as GraphRequest)) };
      const readOnly = pending.every((index) => isSafeToRepeat(chunk[index] as GraphRequest));
      // Graph dispatches up to 4 inner requests of a batch to the mailbox at once, each counting
      // toward its 4-concurrent limit (GRAPH-NOTES "Throttling";
      // https://learn.microsoft.com/answers/questions/1660054): the POST holds that many permits,
      // so a 3-request poll batch leaves room for one other call, not three.
      const permits = Math.min(pending.length, this.inFlight.size);
      const outer = await this.sendWithRetries({ method: 'POST', url: '/$batch', body: envelope }, readOnly, permits);
      if (outer.status < 200 || outer.status > 299) throw errorFromResponse(outer, this.clock.now());
      const byId = parseBatchResponse(outer.body, ids);

      const retryLater: number[] = [];
      let wait = 0;
      for (const index of pending) {
        const inner = byId.get(String(index + 1)) as GraphResponse;
        results[index] = inner;
        if (inner.status === 401 && !innerRefreshed) {
          innerRefreshed = true;
          this.refreshBeforeNextCall = true;
          retryLater.push(index);
        } else if (isRetryableStatus(inner.status) && round < this.maxRetries) {
          const retryAfter = parseRetryAfter(inner.headers['retry-after'], this.clock.now());
          if (retryAfter !== null) this.pauseFor(retryAfter);
          const delay = retryAfter ?? backoffDelay(round, this.random);
          wait = Math.max(wait, delay);
          retryLater.push(index);
        }
      }
      // Graph asked for a longer pause than a call may wait: hand the inner answers back as they
      // are (the sync modules turn them into a throttled state with retryAt).
      if (wait > this.maxInlineWaitMs) break;
      if (retryLater.length > 0) {
        this.logger?.warn({ accountId: this.accountId, round, retrying: retryLater.length, wait }, 'graph $batch inner requests retrying');
        if (wait > 0) await this.clock.sleep(wait);
      }
      pending = retryLater;
    }
    return results as GraphResponse[];
  }

  private pauseFor(delayMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + delayMs);
  }

  private async waitOutPause(): Promise<void> {
    for (let wait = this.pausedUntil - this.clock.now(); wait > 0; wait = this.pausedUntil - this.clock.now()) {
      if (wait > this.maxInlineWaitMs) {
        throw new GraphError({
          kind: 'http',
          status: 429,
          code: 'throttled',
          message: 'Microsoft Graph asked Herald to pause requests for this mailbox',
          retryAt: this.pausedUntil,
          retryAfterMs: wait,
        });
      }
      await this.clock.sleep(wait);
    }
  }

  private async token(forceRefresh: boolean): Promise<string> {
    const force = forceRefresh || this.refreshBeforeNextCall;
    this.refreshBeforeNextCall = false;
    return force ? this.tokens.getAccessToken(this.accountId, { forceRefresh: true }) : this.tokens.getAccessToken(this.accountId);
  }

  private async fetchOnce(req: GraphRequest, token: string, timeoutMs: number): Promise<{ raw: Response; text: string }> {
    const headers = normalizeRequestHeaders(req.headers);
    headers['authorization'] = `Bearer ${token}`;
    headers['accept'] = 'application/json';
    headers['client-request-id'] = randomUUID();
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(req.body);
    }
    const url = `${this.baseUrl}/${this.version}${toRelativeUrl(req.url)}`;
    this.logger?.debug({ accountId: this.accountId, method: req.method, path: pathOnly(req.url) }, 'graph request');
    const signal = AbortSignal.timeout(timeoutMs);
    const raw = await this.fetchFn(url, { method: req.method, headers, signal, ...(body !== undefined ? { body } : {}) });
    // Reading the body inside the permit: a connection reset mid-body is a network error too.
    const text = await raw.text();
    return { raw, text };
  }
}

/** GET, PATCH and DELETE of Graph resources are idempotent; POST actions (reply, move) are not. */
function isSafeToRepeat(req: GraphRequest): boolean {
  return req.method !== 'POST';
}

function parseBody(text: string, headers: Record<string, string>, status: number, req: GraphRequest): unknown {
  if (text.length === 0) return null;
  const type = headers['content-type'] ?? '';
  const looksJson = type.includes('json') || /^\s*[[{]/.test(text);
  if (!looksJson) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new GraphError({
      kind: 'malformedResponse',
      status,
      code: 'malformedResponse',
      message: `Graph sent invalid JSON for ${req.method} ${pathOnly(req.url)}`,
      ...(headers['request-id'] !== undefined ? { requestId: headers['request-id'] } : {}),
      cause,
    });
  }
}

/** The path without the query: logs never carry state tokens or filters. */
function pathOnly(url: string): string {
  return toRelativeUrl(url).split('?')[0] ?? '';
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
