// Runs one Graph call: bearer auth, user context (me | users/{id|upn}), mailbox state, then the
// route. Never throws: every failure becomes Graph's error body (https://learn.microsoft.com/graph/errors).
import { randomUUID } from 'node:crypto';
import type { SimContext } from '../context.ts';
import type { SimUser } from '../users.ts';
import { GraphError, errorResult, type GraphCall, type GraphResult } from './graph-call.ts';
import type { GraphTenant } from './tenant.ts';
import { requireScope } from './scopes.ts';
import { photoMetadata, photoValue, profile } from './profile.ts';
import { mailDelta } from './mail-delta.ts';
import { calendarDelta } from './calendar-delta.ts';
import { dismissReminder, getEvent, listCalendarView, snoozeReminder } from './calendar-view.ts';
import {
  deleteMessage,
  findFolder,
  FOLDER_PROPERTIES,
  folderJson,
  getMessage,
  listMessages,
  moveMessage,
  replyToMessage,
  sendMail,
  updateMessage,
  type SendMailBody,
} from './mail-routes.ts';
import { ok } from './graph-call.ts';
import { applySelect, parseSelect } from './odata.ts';

export interface GraphEnv {
  ctx: SimContext;
  tenant: GraphTenant;
}

const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** Checks the bearer token; exported for the async /subscriptions routes (graph/subscriptions.ts). */
export function authenticate(env: GraphEnv, call: GraphCall): SimUser {
  const auth = call.headers['authorization'];
  const unauthorized = (message: string) => new GraphError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': WWW_AUTHENTICATE });
  if (!auth || !/^bearer\s+\S/i.test(auth)) throw unauthorized('Access token is empty.');
  const check = env.ctx.tokens.verify(auth.replace(/^bearer\s+/i, '').trim());
  if (!check.ok) {
    throw unauthorized(check.reason === 'expired' ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure. Invalid token.');
  }
  const user = env.ctx.users.findById(check.token.userId);
  if (!user) throw unauthorized('Access token validation failure. Unknown user.');
  call.token = check.token;
  call.caller = user;
  return user;
}

/** `me` or `users/{id|upn}`; delegated tokens reach only the signed-in user's own data. */
function resolveTarget(env: GraphEnv, call: GraphCall, caller: SimUser): { user: SimUser; rest: string[] } {
  const [first, second, ...after] = call.segments;
  if (first?.toLowerCase() === 'me') return { user: caller, rest: call.segments.slice(1) };
  if (first?.toLowerCase() === 'users' && second) {
    const user = env.ctx.users.resolve(second);
    if (!user) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${second}' is invalid.`);
    if (user.id !== caller.id) throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    return { user, rest: after };
  }
  throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${first ?? ''}'.`);
}

function checkMailbox(user: SimUser): void {
  // The seed's not-enabled mailbox errors: on-premises, inactive, soft-deleted or unlicensed.
  if (user.mailboxState === 'notEnabled') {
    throw new GraphError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  }
  if (user.mailboxState === 'notSupported') {
    throw new GraphError(404, 'MailboxNotSupportedForRESTAPI', 'The mailbox is not supported for the REST API.');
  }
}

function methodNotAllowed(): never {
  throw new GraphError(405, 'Request_BadRequest', 'The HTTP method is not allowed on this resource.');
}

function deliverToTenant(env: GraphEnv, sender: SimUser, body: SendMailBody): void {
  for (const r of body.message.toRecipients) {
    const recipient = env.ctx.users.findByAddress(r.emailAddress.address);
    if (!recipient) continue;
    env.tenant.mailbox(recipient).add({
      subject: body.message.subject,
      from: { name: sender.displayName, address: sender.mail },
      bodyHtml: body.message.body?.content ?? '',
      receivedMs: env.ctx.clock.now(),
      importance: body.message.importance ?? 'normal',
    });
  }
}

function route(env: GraphEnv, call: GraphCall, user: SimUser, rest: string[]): GraphResult {
  const base = env.ctx.baseUrl;
  const m = call.method.toUpperCase();
  const seg = rest.map((s) => s.toLowerCase());
  const [s0, s1, s2, s3, s4] = seg;
  const raw = (i: number) => rest[i] as string;

  if (seg.length === 0) return m === 'GET' ? profile(user, base, call.version, call.query.get('$select')) : methodNotAllowed();
  if (s0 === 'photo' && seg.length === 1) return m === 'GET' ? photoMetadata(user, base, call.version) : methodNotAllowed();
  if (s0 === 'photo' && s1 === '$value' && seg.length === 2) return m === 'GET' ? photoValue() : methodNotAllowed();

  checkMailbox(user);
  const mailbox = env.tenant.mailbox(user);
  const calendar = env.tenant.calendar(user);
  const now = env.ctx.clock.now();

  const messageRoute = (id: string, action: string | undefined, depth: number): GraphResult => {
    if (seg.length > depth + 1) throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${rest[depth + 1]}'.`);
    if (action === undefined) {
      if (m === 'GET') {
        requireScope(call, 'mailRead');
        return getMessage(call, mailbox, id);
      }
      if (m === 'PATCH') return updateMessage(call, mailbox, id);
      if (m === 'DELETE') return deleteMessage(call, mailbox, id);
      return methodNotAllowed();
    }
    if (m !== 'POST') return methodNotAllowed();
    if (action === 'move') return moveMessage(call, mailbox, id);
    if (action === 'reply') return replyToMessage(call, mailbox, id, now);
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${action}'.`);
  };

  if (s0 === 'mailfolders') {
    if (seg.length === 1) {
      if (m !== 'GET') return methodNotAllowed();
      requireScope(call, 'mailRead');
      return ok({ value: [...mailbox.folders.values()].map((f) => folderJson(f, base, call.version)) });
    }
    const folder = findFolder(mailbox, raw(1));
    if (seg.length === 2) {
      if (m !== 'GET') return methodNotAllowed();
      requireScope(call, 'mailRead');
      const select = parseSelect(call.query.get('$select'), FOLDER_PROPERTIES, 'microsoft.graph.mailFolder');
      return ok(applySelect(folderJson(folder, base, call.version), select));
    }
    if (s2 === 'messages') {
      if (seg.length === 3) {
        if (m !== 'GET') return methodNotAllowed();
        requireScope(call, 'mailRead');
        return listMessages(call, mailbox, folder, base);
      }
      if (s3 === 'delta' && seg.length === 4) {
        if (m !== 'GET') return methodNotAllowed();
        requireScope(call, 'mailRead');
        return mailDelta(call, mailbox, folder, base);
      }
      return messageRoute(raw(3), s4, 4);
    }
  }
  if (s0 === 'messages') {
    if (seg.length === 1) {
      if (m !== 'GET') return methodNotAllowed();
      requireScope(call, 'mailRead');
      return listMessages(call, mailbox, undefined, base);
    }
    return messageRoute(raw(1), s2, 2);
  }
  if (s0 === 'sendmail' && seg.length === 1) {
    if (m !== 'POST') return methodNotAllowed();
    return sendMail(call, mailbox, now, (body) => deliverToTenant(env, user, body));
  }
  if (s0 === 'calendarview' && seg.length <= 2) {
    if (m !== 'GET') return methodNotAllowed();
    requireScope(call, 'calendarRead');
    if (seg.length === 1) return listCalendarView(call, calendar, base);
    if (s1 === 'delta') return calendarDelta(call, calendar, base);
  }
  if (s0 === 'events' && s1 !== undefined && seg.length <= 3) {
    if (seg.length === 2) {
      if (m !== 'GET') return methodNotAllowed();
      requireScope(call, 'calendarRead');
      return getEvent(call, calendar, raw(1));
    }
    if (m !== 'POST') return methodNotAllowed();
    if (s2 === 'snoozereminder') return snoozeReminder(call, calendar, raw(1));
    if (s2 === 'dismissreminder') return dismissReminder(call, calendar, raw(1));
  }
  throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${rest[rest.length - 1] ?? ''}'.`);
}

/** Runs one call and always answers; adds request-id / client-request-id as Graph does. */
export function executeGraphCall(env: GraphEnv, call: GraphCall): GraphResult {
  const requestId = randomUUID();
  const clientRequestId = call.headers['client-request-id'];
  let result: GraphResult;
  try {
    const caller = authenticate(env, call);
    const { user, rest } = resolveTarget(env, call, caller);
    result = route(env, call, user, rest);
  } catch (err) {
    if (!(err instanceof GraphError)) {
      console.error('[sim] graph route failed', err);
    }
    const e = err instanceof GraphError ? err : new GraphError(500, 'InternalServerError', 'The simulator failed to answer.');
    result = errorResult(e.status, e.code, e.message, requestId, clientRequestId, env.ctx.clock.now(), e.headers);
  }
  result.headers = { ...result.headers, 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId };
  return result;
}
