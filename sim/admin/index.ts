// The /_admin API (documented in sim/README.md): users, tokens, the data clock, mail and calendar
// as other clients would change them, delta-token expiry, faults and the request log.
// /_admin/identity/* belongs to sim/identity and is passed on.
import { z } from 'zod';
import type { RouteHandler, SimContext } from '../context.ts';
import { HttpError, sendJson } from '../http.ts';
import type { SimIdentity } from '../identity/index.ts';
import type { SimGraph } from '../graph/index.ts';
import { faultSpecSchema } from '../faults.ts';
import { isoDate, readValid, requireUser } from './admin-http.ts';
import { handleMailAdmin } from './mail-admin.ts';
import { handleEventAdmin } from './event-admin.ts';
import { handleSubscriptionAdmin } from './subscription-admin.ts';

export interface SimAdmin {
  handle: RouteHandler;
}

export const DEFAULT_ADMIN_SCOPES = ['User.Read', 'Mail.ReadWrite', 'Mail.Send', 'Calendars.ReadWrite'];

const newUserSchema = z.object({
  upn: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'upn must look like name@domain.tld'),
  displayName: z.string().min(1),
  kind: z.enum(['work', 'personal']).optional(),
  /** The primary SMTP address when it is not the UPN. */
  mail: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'mail must look like name@domain.tld').optional(),
  /** `SMTP:primary`, `smtp:alias`, or other typed addresses (`X500:…`), as Graph lists them. */
  proxyAddresses: z.array(z.string().regex(/^[A-Za-z0-9]+:\s*\S+$/, 'proxyAddresses entries look like SMTP:name@domain.tld')).optional(),
});
const patchUserSchema = z.object({ mailboxState: z.enum(['enabled', 'notEnabled', 'notSupported']) });
const tokenSchema = z.object({
  scopes: z.array(z.string().min(1)).optional(),
  /** 0 issues a token that is already expired (for 401 tests without waiting). */
  lifetimeSeconds: z.number().int().nonnegative().max(86_400).optional(),
});
const clockSchema = z.object({ now: z.string().nullable() });
const throttlingSchema = z.object({ mailboxConcurrency: z.number().int().positive().nullable() });

function segmentsOf(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s.length > 0)
    .slice(1)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

export function createAdmin(ctx: SimContext, parts: { identity: SimIdentity; graph: SimGraph }): SimAdmin {
  const { identity, graph } = parts;
  const userJson = (u: { upn: string; displayName: string; id: string; kind: string; mailboxState: string; mail: string; proxyAddresses: string[] | null }) => ({
    upn: u.upn,
    displayName: u.displayName,
    id: u.id,
    kind: u.kind,
    mailboxState: u.mailboxState,
    mail: u.mail,
    proxyAddresses: u.proxyAddresses,
  });

  // An admin call may have changed mail or events (new message, moved event): notify subscribers.
  const handle: RouteHandler = async (req, res, url, context) => {
    try {
      return await handleAdmin(req, res, url, context);
    } finally {
      graph.subscriptions.poke();
    }
  };

  const handleAdmin: RouteHandler = async (req, res, url) => {
    if (url.pathname !== '/_admin' && !url.pathname.startsWith('/_admin/')) return false;
    const seg = segmentsOf(url.pathname);
    const method = req.method ?? 'GET';
    const [s0, s1, s2, ...rest] = seg;
    if (s0 === 'identity') return false;

    const noContent = (): true => {
      res.writeHead(204).end();
      return true;
    };
    const json = (status: number, body: unknown): true => {
      sendJson(res, status, body);
      return true;
    };

    if ((s0 === 'subscriptions' || s0 === 'push') && (await handleSubscriptionAdmin(req, res, ctx, graph.subscriptions, seg))) return true;
    if (s0 === 'requests' && seg.length === 1) {
      if (method === 'GET') return json(200, ctx.requestLog.list());
      if (method === 'DELETE') {
        ctx.requestLog.clear();
        return noContent();
      }
    }
    if (s0 === 'faults' && seg.length === 1) {
      if (method === 'GET') return json(200, ctx.faults.list());
      if (method === 'POST') return json(201, ctx.faults.add(await readValid(req, faultSpecSchema)));
      if (method === 'DELETE') {
        ctx.faults.clear();
        return noContent();
      }
    }
    if (s0 === 'throttling' && seg.length === 1) {
      const state = () => ({ mailboxConcurrency: ctx.concurrency.limit, peaks: ctx.concurrency.peaks() });
      if (method === 'GET') return json(200, state());
      if (method === 'POST') {
        ctx.concurrency.limit = (await readValid(req, throttlingSchema)).mailboxConcurrency;
        return json(200, state());
      }
      if (method === 'DELETE') {
        ctx.concurrency.resetPeaks();
        return noContent();
      }
    }
    if (s0 === 'clock' && seg.length === 1) {
      if (method === 'GET') return json(200, { now: new Date(ctx.clock.now()).toISOString() });
      if (method === 'POST') {
        const body = await readValid(req, clockSchema);
        ctx.clock.set(body.now === null ? null : isoDate(body.now, 'now'));
        sendJson(res, 200, { now: new Date(ctx.clock.now()).toISOString() });
        return true;
      }
    }
    if (s0 === 'users') {
      if (seg.length === 1) {
        if (method === 'GET') return json(200, ctx.users.list().map(userJson));
        if (method === 'POST') {
          const body = await readValid(req, newUserSchema);
          const user = ctx.users.add({
            upn: body.upn,
            displayName: body.displayName,
            ...(body.kind ? { kind: body.kind } : {}),
            ...(body.mail ? { mail: body.mail } : {}),
            ...(body.proxyAddresses ? { proxyAddresses: body.proxyAddresses } : {}),
          });
          sendJson(res, 201, userJson(user));
          return true;
        }
      }
      if (s1 !== undefined) {
        const user = requireUser(ctx, s1);
        if (seg.length === 2) {
          if (method === 'GET') return json(200, userJson(user));
          if (method === 'PATCH') {
            user.mailboxState = (await readValid(req, patchUserSchema)).mailboxState;
            sendJson(res, 200, userJson(user));
            return true;
          }
        }
        if (s2 === 'token' && seg.length === 3 && method === 'POST') {
          const body = await readValid(req, tokenSchema);
          const issued = identity.issueAccessToken(user, body.scopes ?? DEFAULT_ADMIN_SCOPES, {
            ...(body.lifetimeSeconds !== undefined ? { lifetimeSeconds: body.lifetimeSeconds } : {}),
          });
          sendJson(res, 200, { accessToken: issued.accessToken, expiresIn: issued.expiresIn });
          return true;
        }
        if (s2 === 'expire-delta-tokens' && seg.length === 3 && method === 'POST') {
          graph.tenant.expireDeltaTokens(user);
          return noContent();
        }
        if (s2 === 'messages' && (await handleMailAdmin(req, res, ctx, graph.tenant, user, rest))) return true;
        if (s2 === 'events' && (await handleEventAdmin(req, res, ctx, graph.tenant, user, rest))) return true;
      }
    }
    throw new HttpError(404, 'AdminRouteNotFound', `No admin route for ${method} ${url.pathname}`);
  };
  return { handle };
}
