// Helpers for the admin routes: validated bodies and user lookup, failing with clear typed errors.
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import type { SimContext } from '../context.ts';
import { HttpError, readJson } from '../http.ts';
import type { SimUser } from '../users.ts';

export async function readValid<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const body = await readJson(req);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, 'InvalidRequest', `${where}${issue?.message ?? 'invalid body'}`);
  }
  return parsed.data;
}

export function requireUser(ctx: SimContext, upnOrId: string): SimUser {
  const user = ctx.users.resolve(upnOrId);
  if (!user) throw new HttpError(404, 'UserNotFound', `No user '${decodeURIComponent(upnOrId)}' in the simulator.`);
  return user;
}

export function isoDate(raw: string, name: string): number {
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new HttpError(400, 'InvalidRequest', `${name}: '${raw}' is not an ISO date-time.`);
  return ms;
}
