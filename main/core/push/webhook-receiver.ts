// The loopback HTTP endpoint Graph's change notifications reach through the user's tunnel.
//   POST {path}?validationToken=…  → 200 text/plain, the decoded token, at once (the handshake
//     Graph does before creating or when validating a subscription; 10 s limit).
//   POST /notifications            → change notifications (changeNotificationCollection)
//   POST /lifecycle                → lifecycle notifications (reauthorizationRequired, …)
// Bodies are size-limited (413) and strictly validated (400). A valid body is answered 202 at
// once and processed after, from a queue (GRAPH-NOTES: slow endpoints get throttled, then
// dropped). Unknown subscription ids and clientState mismatches are dropped and counted;
// clientState is compared in constant time. Nothing here reads resource data.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { silentLogger, type Logger } from '../log.ts';
import { clientStateMatches } from './client-state.ts';
import {
  changeNotificationCollectionSchema,
  lifecycleNotificationCollectionSchema,
  type ChangeNotification,
  type LifecycleNotification,
} from './notification-schema.ts';

export const NOTIFICATION_PATH = '/notifications';
export const LIFECYCLE_PATH = '/lifecycle';
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** What the receiver needs to know about a subscription id it is sent. */
export interface KnownSubscription {
  accountId: string;
  clientState: string;
}

export interface WebhookHandlers {
  /** Looks a subscription id up; undefined = not ours (dropped and counted). */
  lookup(subscriptionId: string): KnownSubscription | undefined;
  onChange(accountId: string, notification: ChangeNotification): void | Promise<void>;
  onLifecycle(accountId: string, notification: LifecycleNotification): void | Promise<void>;
}

export interface WebhookReceiverOptions {
  handlers: WebhookHandlers;
  /** Loopback only by default: the tunnel runs on this machine. */
  host?: string;
  /** 0 picks a free port (tests); a fixed port lets the user's tunnel command stay the same. */
  port?: number;
  maxBodyBytes?: number;
  logger?: Logger;
}

export interface WebhookCounters {
  validations: number;
  accepted: number;
  /** Notifications (not POSTs) handed to the handlers. */
  processed: number;
  unknownSubscription: number;
  clientStateMismatch: number;
  malformed: number;
  oversized: number;
  handlerErrors: number;
}

type Work = () => Promise<void>;

/** Validation tokens remembered for `echoed()`: a probe checks its own at once. */
const RECENT_ECHOES = 16;

export class WebhookReceiver {
  readonly counters: WebhookCounters = {
    validations: 0,
    accepted: 0,
    processed: 0,
    unknownSubscription: 0,
    clientStateMismatch: 0,
    malformed: 0,
    oversized: 0,
    handlerErrors: 0,
  };
  private readonly o: WebhookReceiverOptions;
  private readonly log: Logger;
  private server: Server | null = null;
  private queue: Work[] = [];
  private draining: Promise<void> | null = null;
  private readonly recentEchoes: string[] = [];

  constructor(options: WebhookReceiverOptions) {
    this.o = options;
    this.log = (options.logger ?? silentLogger).child({ component: 'webhook-receiver' });
  }

  /** Listens; resolves with the local base URL, e.g. http://127.0.0.1:48213. */
  async start(): Promise<string> {
    if (this.server) return this.localUrl;
    const server = createServer((req, res) => void this.handle(req, res));
    // Graph publishes with a 3 s timeout; a client that dribbles its body is not Graph.
    server.requestTimeout = 10_000;
    server.headersTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port ?? 0, this.o.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return this.localUrl;
  }

  get port(): number {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address?.port ?? 0;
  }

  get localUrl(): string {
    return `http://${this.o.host ?? '127.0.0.1'}:${this.port}`;
  }

  /** Resolves once queued notifications have been handed over. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.idle();
  }

  /** Whether this receiver echoed `token` lately (the tunnel probe's proof that it reached us). */
  echoed(token: string): boolean {
    return this.recentEchoes.includes(token);
  }

  private rememberEcho(token: string): void {
    this.recentEchoes.push(token);
    if (this.recentEchoes.length > RECENT_ECHOES) this.recentEchoes.shift();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const kind = url.pathname === NOTIFICATION_PATH ? 'change' : url.pathname === LIFECYCLE_PATH ? 'lifecycle' : null;
      if (!kind) return this.reply(req, res, 404, 'not found');
      if (req.method !== 'POST') return this.reply(req, res, 405, 'method not allowed', { allow: 'POST' });
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        // The handshake: echo the (URL-decoded) token as plain text, at once.
        this.counters.validations += 1;
        this.rememberEcho(token);
        req.resume();
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(token) });
        res.end(token);
        return;
      }
      const body = await this.readBody(req);
      if (body === 'tooLarge') {
        this.counters.oversized += 1;
        return this.reply(req, res, 413, 'payload too large', { connection: 'close' });
      }
      const parsed: { value: readonly (ChangeNotification | LifecycleNotification)[] } | null =
        kind === 'change' ? parseJson(body, changeNotificationCollectionSchema) : parseJson(body, lifecycleNotificationCollectionSchema);
      if (!parsed) {
        this.counters.malformed += 1;
        return this.reply(req, res, 400, 'malformed notification');
      }
      this.counters.accepted += 1;
      res.writeHead(202, { 'content-length': 0 });
      res.end();
      this.enqueue(() => this.process(kind, parsed.value));
    } catch (err) {
      this.log.warn({ err }, 'webhook request failed');
      if (!res.headersSent) this.reply(req, res, 400, 'bad request');
      else res.destroy();
    }
  }

  private async process(kind: 'change' | 'lifecycle', notifications: readonly (ChangeNotification | LifecycleNotification)[]): Promise<void> {
    for (const notification of notifications) {
      const known = this.o.handlers.lookup(notification.subscriptionId);
      if (!known) {
        this.counters.unknownSubscription += 1;
        continue;
      }
      if (!clientStateMatches(known.clientState, notification.clientState)) {
        this.counters.clientStateMismatch += 1;
        this.log.warn({ accountId: known.accountId }, 'dropped a notification whose clientState does not match');
        continue;
      }
      this.counters.processed += 1;
      try {
        if (kind === 'change') await this.o.handlers.onChange(known.accountId, notification as ChangeNotification);
        else await this.o.handlers.onLifecycle(known.accountId, notification as LifecycleNotification);
      } catch (err) {
        this.counters.handlerErrors += 1;
        this.log.warn({ err, accountId: known.accountId }, 'notification handler failed');
      }
    }
  }

  private enqueue(work: Work): void {
    this.queue.push(work);
    if (this.draining) return;
    this.draining = (async () => {
      // After the 202 is on its way: the answer never waits for the work.
      await new Promise<void>((resolve) => setImmediate(resolve));
      for (let next = this.queue.shift(); next; next = this.queue.shift()) await next();
      this.draining = null;
    })();
  }

  private readBody(req: IncomingMessage): Promise<Buffer | 'tooLarge'> {
    const limit = this.o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > limit) return Promise.resolve('tooLarge');
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > limit) {
          done = true;
          resolve('tooLarge');
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (!done) resolve(Buffer.concat(chunks));
      });
      req.on('error', (err) => {
        if (!done) reject(err);
      });
    });
  }

  private reply(req: IncomingMessage, res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    req.resume();
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }
}

function parseJson<T>(body: Buffer, schema: z.ZodType<T>): T | null {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
