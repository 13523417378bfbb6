// The inbox unread count for the tray badge: one small GET that rides in the poll cycle's $batch.
// https://learn.microsoft.com/graph/api/mailfolder-get (unreadItemCount)
import { z } from 'zod';
import type { GraphRequest, GraphResponse } from '../graph/graph-request.ts';
import { GraphError, errorFromResponse } from '../graph/graph-errors.ts';

export function unreadCountRequest(): GraphRequest {
  return { method: 'GET', url: "/me/mailFolders('inbox')?$select=unreadItemCount" };
}

const unreadSchema = z.object({ unreadItemCount: z.number().int().nonnegative() });

/** The unread count from the response; a non-2xx or an unreadable body throws GraphError. */
export function parseUnreadCount(res: GraphResponse, nowMs: number = Date.now()): number {
  if (res.status < 200 || res.status > 299) throw errorFromResponse(res, nowMs);
  const parsed = unreadSchema.safeParse(res.body);
  if (!parsed.success) {
    throw new GraphError({ kind: 'malformedResponse', status: res.status, code: 'malformedResponse', message: 'Inbox folder without a readable unreadItemCount' });
  }
  return parsed.data.unreadItemCount;
}
