// Scriptable faults (POST /_admin/faults). A fault matches requests by path, method and user,
// fires `times` times or with a seeded probability, and answers like the real service would
// when it misbehaves. Inside a $batch each inner request is matched on its own, because Graph
// throttles each inner request on its own (GRAPH-NOTES "Throttling").
import { z } from 'zod';
import { seededRandom } from './seeded-random.ts';

export const FAULT_KINDS = [
  '429',
  '503',
  '504',
  '401',
  'latency',
  'reset',
  'malformedJson',
  'mailboxNotEnabled',
  'mailboxNotSupported',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSpecSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    /** Prefix of the path, with or without the /v1.0 or /beta prefix: "/me/mailFolders". */
    path: z.string().min(1).optional(),
    /** A regular expression tested against the path and query. */
    pathRegex: z.string().min(1).optional(),
    method: z.string().min(1).optional(),
    /** UPN of the signed-in user (from the bearer token). */
    user: z.string().min(1).optional(),
    /** How many matching requests it hits; unlimited when absent. */
    times: z.number().int().positive().optional(),
    /** Chance to hit each matching request (0..1); 1 when absent. */
    probability: z.number().min(0).max(1).optional(),
    /** Seed for the probability draw, so a test run is repeatable. */
    seed: z.number().int().optional(),
    /** Retry-After in seconds for 429 / 503 (Graph sends whole seconds). */
    retryAfterSeconds: z.number().nonnegative().optional(),
    /** Added delay for kind 'latency' (the request then proceeds normally). */
    latencyMs: z.number().int().nonnegative().max(120_000).optional(),
    /** 'outer' = HTTP requests only, 'inner' = requests inside $batch only; both when absent. */
    scope: z.enum(['outer', 'inner']).optional(),
  })
  .strict()
  .refine((f) => f.pathRegex === undefined || isValidRegex(f.pathRegex), { message: 'pathRegex is not a valid regular expression' });

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  hits: number;
  remaining: number | null;
}

export interface FaultTarget {
  method: string;
  /** Path with the version prefix, no query. */
  path: string;
  /** Path and query. */
  pathAndQuery: string;
  upn?: string;
  inner: boolean;
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

function stripVersion(path: string): string {
  return path.replace(/^\/(v1\.0|beta)(?=\/|$)/, '') || '/';
}

interface FaultEntry extends ActiveFault {
  random: () => number;
  regex?: RegExp;
}

export class FaultPlan {
  private faults: FaultEntry[] = [];
  private nextId = 1;

  add(spec: FaultSpec): ActiveFault {
    const entry: FaultEntry = {
      id: `fault-${this.nextId++}`,
      spec,
      hits: 0,
      remaining: spec.times ?? null,
      random: seededRandom(spec.seed ?? 1),
      ...(spec.pathRegex !== undefined ? { regex: new RegExp(spec.pathRegex) } : {}),
    };
    this.faults.push(entry);
    return this.describe(entry);
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => this.describe(f));
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault that matches and fires for this request, consuming one of its `times`. */
  take(target: FaultTarget): ActiveFault | undefined {
    for (const fault of this.faults) {
      if (fault.remaining === 0) continue;
      if (!this.matches(fault, target)) continue;
      if (fault.spec.probability !== undefined && fault.random() >= fault.spec.probability) continue;
      fault.hits += 1;
      if (fault.remaining !== null) fault.remaining -= 1;
      return this.describe(fault);
    }
    return undefined;
  }

  private matches(fault: FaultEntry, target: FaultTarget): boolean {
    const { spec } = fault;
    if (spec.scope === 'outer' && target.inner) return false;
    if (spec.scope === 'inner' && !target.inner) return false;
    if (spec.method && spec.method.toUpperCase() !== target.method.toUpperCase()) return false;
    if (spec.user && spec.user.toLowerCase() !== target.upn) return false;
    if (spec.path) {
      const wanted = spec.path.toLowerCase();
      const full = target.path.toLowerCase();
      if (!full.startsWith(wanted) && !stripVersion(full).startsWith(wanted)) return false;
    }
    if (fault.regex && !fault.regex.test(target.pathAndQuery)) return false;
    return true;
  }

  private describe(f: FaultEntry): ActiveFault {
    return { id: f.id, spec: f.spec, hits: f.hits, remaining: f.remaining };
  }
}

/** The Graph-shaped error a fault answers with, or undefined for latency / reset / malformedJson. */
export function faultError(spec: FaultSpec): { status: number; code: string; message: string; headers: Record<string, string> } | undefined {
  const retryAfter = { 'Retry-After': String(spec.retryAfterSeconds ?? 1) };
  switch (spec.kind) {
    case '429':
      // https://learn.microsoft.com/graph/throttling: 429 with Retry-After in seconds.
      return { status: 429, code: 'TooManyRequests', message: 'Too many requests. Retry after the interval in Retry-After.', headers: retryAfter };
    case '503':
      return { status: 503, code: 'ServiceNotAvailable', message: 'The service is temporarily unavailable.', headers: retryAfter };
    case '504':
      return { status: 504, code: 'GatewayTimeout', message: 'The request timed out.', headers: {} };
    case '401':
      return { status: 401, code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.', headers: {} };
    case 'mailboxNotEnabled':
      return { status: 404, code: 'MailboxNotEnabledForRESTAPI', message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.', headers: {} };
    case 'mailboxNotSupported':
      return { status: 404, code: 'MailboxNotSupportedForRESTAPI', message: 'The mailbox is not supported for the REST API.', headers: {} };
    default:
      return undefined;
  }
}

/** What malformedJson sends: a 200 whose JSON body is cut off mid-value. */
export const MALFORMED_JSON_BODY = '{"@odata.context":"$metadata#Collection(message)","value":[{"id":"AAMkAD';
