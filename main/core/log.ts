// One logger for the whole core, on pino. Secrets never reach the output: known secret keys
// are replaced at any depth, and any string that looks like a bearer token, a JWT or an OAuth
// query parameter is scrubbed wherever it appears (message, fields, error messages, stacks).
// pino's own `redact` only matches fixed paths, so the scrub below is a deep walk instead.
import { pino, type DestinationStream, type Level } from 'pino';

export interface LogMethod {
  (message: string, ...formatArgs: unknown[]): void;
  (fields: object, message?: string, ...formatArgs: unknown[]): void;
}

/** The logger the rest of core takes through its constructors. pino loggers satisfy it. */
export interface Logger {
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** A logger whose lines all carry `bindings`, e.g. `{ accountId }`. */
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  /** Default 'info'. */
  level?: Level | 'silent';
  /** Where lines go; default stdout. Tests pass a stream that collects lines. */
  destination?: DestinationStream;
  /** Fields on every line, e.g. `{ app: 'herald' }`. */
  base?: Record<string, unknown>;
}

export const REDACTED = '[REDACTED]';

/**
 * Keys whose values are secrets wherever they appear. `code` is the OAuth authorization code;
 * log Graph / identity error codes under `errorCode` instead, or they will be redacted too.
 */
const SECRET_KEYS = new Set(
  [
    'accessToken',
    'access_token',
    'refreshToken',
    'refresh_token',
    'idToken',
    'id_token',
    'authorization',
    'code',
    'client_info',
    'clientInfo',
    'code_verifier',
    'codeVerifier',
    'client_secret',
    'clientSecret',
    'password',
    'cookie',
    'set-cookie',
  ].map((key) => key.toLowerCase()),
);

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Authorization: Bearer <token>
  [/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, `Bearer ${REDACTED}`],
  // JWTs (header.payload.signature, base64url; the header always starts with eyJ = '{"').
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
  // OAuth values in URLs or form bodies: code=…, access_token=…, refresh_token=…, …
  [
    /\b(code|access_token|refresh_token|id_token|client_info|code_verifier|client_secret|assertion)=[^&\s"']+/gi,
    `$1=${REDACTED}`,
  ],
];

export function scrubString(value: string): string {
  let result = value;
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** Deep copy of `value` with secret keys replaced and secret-looking strings scrubbed. */
export function scrubValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[Truncated]';
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) {
    const plain: Record<string, unknown> = { type: value.name, message: scrubString(value.message) };
    if (value.stack) plain['stack'] = scrubString(value.stack);
    for (const [key, inner] of Object.entries(value)) {
      plain[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : scrubValue(inner, depth + 1, seen);
    }
    if (value.cause !== undefined) plain['cause'] = scrubValue(value.cause, depth + 1, seen);
    return plain;
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1, seen));
  if (value instanceof Map || value instanceof Set) return scrubValue([...value], depth + 1, seen);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) && inner !== undefined ? REDACTED : scrubValue(inner, depth + 1, seen);
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const root = pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? null,
      // Also covers the default `err` key: scrubValue turns errors into plain, scrubbed objects.
      formatters: {
        log: (fields) => scrubValue(fields) as Record<string, unknown>,
      },
      hooks: {
        // Scrub the message and format arguments, which formatters.log does not see.
        logMethod(args, method) {
          const cleaned = args.map((arg) => scrubValue(arg)) as Parameters<typeof method>;
          method.apply(this, cleaned);
        },
      },
    },
    options.destination ?? pino.destination({ sync: true }),
  );
  return wrap(root);
}

/**
 * pino applies neither formatters nor hooks to child bindings (they are serialized once, at
 * child() time), so bindings are scrubbed here before pino sees them.
 */
function wrap(logger: pino.Logger): Logger {
  return {
    trace: logger.trace.bind(logger),
    debug: logger.debug.bind(logger),
    info: logger.info.bind(logger),
    warn: logger.warn.bind(logger),
    error: logger.error.bind(logger),
    child: (bindings) => wrap(logger.child(scrubValue(bindings) as Record<string, unknown>)),
  };
}

/** A logger that discards everything: the default wherever a logger is optional. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
