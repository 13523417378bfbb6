// The checks every request to the web host passes before anything is served. The web host is a
// loopback server any local process or web page could reach, so it trusts nothing by default:
// - Host must name the loopback server itself (127.0.0.1:PORT or localhost:PORT), which defeats
//   DNS rebinding (a foreign name resolving to 127.0.0.1 still carries its own Host header).
// - Origin, when a request can change anything (WebSocket upgrade, any non-GET), must be exactly
//   our own origin; browsers always send it on those, so a foreign page is refused.
// - A per-launch secret (in the popup URL once) is exchanged for an HttpOnly, SameSite=Strict
//   session cookie; every other request needs that cookie. Comparisons are constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes, base64url: the per-launch secret and the session token. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time string equality (hashing first makes the lengths equal). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export class RequestGuard {
  /** Cookies are not isolated by port, so the name carries it: two hosts never clobber each other. */
  readonly cookieName: string;

  constructor(
    readonly port: number,
    readonly secret: string,
    private readonly sessionToken: string,
  ) {
    this.cookieName = `herald_session_${port}`;
  }

  allowedHosts(): string[] {
    return [`127.0.0.1:${this.port}`, `localhost:${this.port}`];
  }

  /** The Host header names this server (not a rebinding name, not another port). */
  hostOk(req: IncomingMessage): boolean {
    const host = req.headers.host;
    return typeof host === 'string' && this.allowedHosts().includes(host.toLowerCase());
  }

  /** Origin is exactly the origin the request was addressed to (Host was checked already). */
  originOk(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !this.hostOk(req)) return false;
    return origin.toLowerCase() === `http://${(req.headers.host ?? '').toLowerCase()}`;
  }

  /** The session cookie is present and right. */
  sessionOk(req: IncomingMessage): boolean {
    const value = readCookie(req.headers.cookie, this.cookieName);
    return value !== null && sameSecret(value, this.sessionToken);
  }

  /** `Set-Cookie` for a page that presented the right secret. */
  sessionCookie(): string {
    return `${this.cookieName}=${this.sessionToken}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

/** One cookie's value from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
