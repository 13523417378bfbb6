// /_admin/identity/… — how tests, the demo and benchmarks script the identity platform.
// Documented in sim/identity/README.md.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { HttpError, readJson, sendJson } from '../http.ts';
import { identitySettingsPatch } from './settings.ts';
import type { IdentityState } from './state.ts';

export const ADMIN_PREFIX = '/_admin/identity/';

const nextSignInBody = z
  .object({
    upn: z.string().min(1).optional(),
    outcome: z.enum(['consent', 'cancel', 'consentDenied', 'adminConsentRequired']).optional(),
  })
  .strict();
const approveBody = z.object({ userCode: z.string().min(1), upn: z.string().min(1) }).strict();
const denyBody = z.object({ userCode: z.string().min(1) }).strict();

async function parse<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const result = schema.safeParse(await readJson(req));
  if (!result.success) throw new HttpError(400, 'BadRequest', z.prettifyError(result.error));
  return result.data;
}

function requireUser(ids: IdentityState, upn: string) {
  const user = ids.ctx.users.findByUpn(upn);
  if (!user) throw new HttpError(404, 'UserNotFound', `No user ${upn} in the simulated tenant`);
  return user;
}

function pendingDeviceCode(ids: IdentityState, userCode: string) {
  const record = ids.deviceCodes.findByUserCode(userCode);
  if (!record) throw new HttpError(404, 'DeviceCodeNotFound', `No device code with user code ${userCode}`);
  if (record.status !== 'pending') throw new HttpError(409, 'DeviceCodeNotPending', `Device code ${userCode} is already ${record.status}`);
  if (ids.deviceCodes.isExpired(record)) throw new HttpError(410, 'DeviceCodeExpired', `Device code ${userCode} has expired`);
  return record;
}

/** Answers an admin request under /_admin/identity/; returns false when the path is not ours. */
export async function handleIdentityAdmin(ids: IdentityState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (!url.pathname.startsWith(ADMIN_PREFIX)) return false;
  const route = url.pathname.slice(ADMIN_PREFIX.length);
  const method = req.method ?? 'GET';

  if (method === 'POST' && route === 'next-sign-in') {
    const body = await parse(req, nextSignInBody);
    if (body.upn) requireUser(ids, body.upn);
    ids.nextSignIn = { outcome: body.outcome ?? 'consent', ...(body.upn ? { upn: body.upn } : {}) };
    sendJson(res, 200, ids.nextSignIn);
    return true;
  }
  if (method === 'POST' && route === 'devicecode/approve') {
    const body = await parse(req, approveBody);
    const user = requireUser(ids, body.upn);
    const record = pendingDeviceCode(ids, body.userCode);
    record.status = 'approved';
    record.userId = user.id;
    const graph = record.requestedScopes.filter((s) => !/^(openid|profile|email|offline_access)$/i.test(s));
    ids.tokens.grantConsent(user.id, record.clientId, graph.map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//i, '')));
    sendJson(res, 200, { userCode: record.userCode, status: record.status });
    return true;
  }
  if (method === 'POST' && route === 'devicecode/deny') {
    const body = await parse(req, denyBody);
    const record = pendingDeviceCode(ids, body.userCode);
    record.status = 'denied';
    sendJson(res, 200, { userCode: record.userCode, status: record.status });
    return true;
  }
  if (method === 'GET' && route === 'devicecode/pending') {
    sendJson(res, 200, ids.deviceCodes.pending().map((r) => ({ userCode: r.userCode, clientId: r.clientId, expiresAt: new Date(r.expiresAt).toISOString() })));
    return true;
  }
  const revoke = /^users\/([^/]+)\/revoke$/.exec(route);
  if (method === 'POST' && revoke?.[1]) {
    const user = requireUser(ids, decodeURIComponent(revoke[1]));
    sendJson(res, 200, { upn: user.upn, revoked: ids.tokens.revokeUser(user.id) });
    return true;
  }
  if (route === 'settings' && (method === 'POST' || method === 'GET')) {
    if (method === 'POST') ids.settings = { ...ids.settings, ...(await parse(req, identitySettingsPatch)) };
    sendJson(res, 200, ids.settings);
    return true;
  }
  if (route === 'requests' && method === 'GET') {
    sendJson(res, 200, ids.requests);
    return true;
  }
  if (route === 'requests' && method === 'DELETE') {
    ids.requests.length = 0;
    res.writeHead(204).end();
    return true;
  }
  throw new HttpError(404, 'ResourceNotFound', `No identity admin route for ${method} ${url.pathname}`);
}
