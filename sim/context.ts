// What every simulator route module shares. server.ts builds one SimContext per simulator.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserDirectory } from './users.ts';
import type { RequestLog } from './request-log.ts';
import type { FaultPlan } from './faults.ts';
import type { MailboxConcurrency } from './throttling.ts';

/** The simulator's notion of "now" for data (receivedDateTime, event windows). Tokens use wall time, as MSAL does. */
export interface SimClock {
  now(): number;
  /** Sets the data clock to a fixed instant (it then advances with wall time) or back to wall time. */
  set(epochMs: number | null): void;
}

export interface IssuedAccessToken {
  userId: string;
  clientId: string;
  scopes: string[];
  expiresAt: number; // epoch ms, wall time
}

export type AccessTokenCheck =
  | { ok: true; token: IssuedAccessToken }
  | { ok: false; reason: 'expired' | 'invalid' | 'revoked' };

/** Implemented by sim/identity; used by the Graph routes to authenticate bearer tokens. */
export interface AccessTokenVerifier {
  verify(bearer: string): AccessTokenCheck;
}

export interface SimContext {
  readonly users: UserDirectory;
  readonly clock: SimClock;
  /** e.g. http://127.0.0.1:4010 (no trailing slash); known once the server listens. */
  baseUrl: string;
  tokens: AccessTokenVerifier;
  /** Every request answered (GET /_admin/requests). */
  readonly requestLog: RequestLog;
  /** Scripted faults (POST /_admin/faults). */
  readonly faults: FaultPlan;
  /** In-flight Graph requests per mailbox, and the optional concurrency limit. */
  readonly concurrency: MailboxConcurrency;
}

/** A route module answers the request and returns true, or returns false to pass it on. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: SimContext) => Promise<boolean>;
