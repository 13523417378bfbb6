// Admin mail routes: deliver messages, seed in bulk, and act as another client would
// (Outlook on the phone reads, flags, moves or deletes a message).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SimContext } from '../context.ts';
import { HttpError, sendJson } from '../http.ts';
import type { SimUser } from '../users.ts';
import type { GraphTenant } from '../graph/tenant.ts';
import { toGraphMessage } from '../graph/message-shape.ts';
import { bulkSeed } from '../graph/bulk-seed.ts';
import type { Mailbox, SimMailFolder } from '../graph/mailbox.ts';
import { isoDate, readValid } from './admin-http.ts';

const address = z.object({ name: z.string(), address: z.string().min(3) });

export const newMessageSchema = z.object({
  from: address,
  subject: z.string(),
  bodyHtml: z.string().default(''),
  importance: z.enum(['low', 'normal', 'high']).optional(),
  inferenceClassification: z.enum(['focused', 'other']).optional(),
  receivedDateTime: z.string().optional(),
  isRead: z.boolean().optional(),
  hasAttachments: z.boolean().optional(),
  categories: z.array(z.string()).optional(),
  toRecipients: z.array(address).optional(),
  /** Well-known name or id; inbox when absent. */
  folder: z.string().optional(),
});

const bulkSchema = z.object({
  count: z.number().int().min(1).max(1_000_000),
  from: address.optional(),
  startDateTime: z.string().optional(),
  endDateTime: z.string().optional(),
  unreadRatio: z.number().min(0).max(1).default(0.05),
  seed: z.number().int().default(42),
  folder: z.string().optional(),
});

const patchSchema = z.object({
  isRead: z.boolean().optional(),
  flagStatus: z.enum(['notFlagged', 'flagged', 'complete']).optional(),
  categories: z.array(z.string()).optional(),
  folder: z.string().optional(),
});

function folderOf(mailbox: Mailbox, idOrName: string | undefined): SimMailFolder {
  const folder = mailbox.folder(idOrName ?? 'inbox');
  if (!folder) throw new HttpError(400, 'InvalidRequest', `folder: no folder '${idOrName}'.`);
  return folder;
}

const DAY_MS = 86_400_000;

export async function handleMailAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SimContext,
  tenant: GraphTenant,
  user: SimUser,
  rest: string[],
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const mailbox = tenant.mailbox(user);
  const [messageId, extra] = rest;

  if (rest.length === 0 && method === 'POST') {
    const body = await readValid(req, newMessageSchema);
    const receivedMs = body.receivedDateTime ? isoDate(body.receivedDateTime, 'receivedDateTime') : ctx.clock.now();
    const message = mailbox.add(
      {
        subject: body.subject,
        from: body.from,
        bodyHtml: body.bodyHtml,
        receivedMs,
        ...(body.toRecipients ? { to: body.toRecipients } : {}),
        ...(body.importance ? { importance: body.importance } : {}),
        ...(body.inferenceClassification ? { inferenceClassification: body.inferenceClassification } : {}),
        ...(body.isRead !== undefined ? { isRead: body.isRead } : {}),
        ...(body.hasAttachments !== undefined ? { hasAttachments: body.hasAttachments } : {}),
        ...(body.categories ? { categories: body.categories } : {}),
      },
      folderOf(mailbox, body.folder),
    );
    sendJson(res, 201, { id: message.id });
    return true;
  }
  if (rest.length === 0 && method === 'GET') {
    // Folder counts: what the admin needs to check a scenario without a token.
    sendJson(res, 200, [...mailbox.folders.values()].map((f) => ({ id: f.id, wellKnownName: f.wellKnownName, totalItemCount: f.messages.length, unreadItemCount: f.unread })));
    return true;
  }
  if (messageId === 'bulk' && rest.length === 1 && method === 'POST') {
    const body = await readValid(req, bulkSchema);
    const endMs = body.endDateTime ? isoDate(body.endDateTime, 'endDateTime') : ctx.clock.now();
    const startMs = body.startDateTime ? isoDate(body.startDateTime, 'startDateTime') : endMs - 365 * DAY_MS;
    if (endMs < startMs) throw new HttpError(400, 'InvalidRequest', 'endDateTime must not be before startDateTime.');
    const count = bulkSeed(mailbox, folderOf(mailbox, body.folder), {
      count: body.count,
      startMs,
      endMs,
      unreadRatio: body.unreadRatio,
      seed: body.seed,
      ...(body.from ? { from: body.from } : {}),
    });
    sendJson(res, 201, { count });
    return true;
  }
  if (messageId === undefined || extra !== undefined) return false;
  const message = mailbox.messages.get(messageId);
  if (!message) throw new HttpError(404, 'MessageNotFound', `No message '${messageId}' for ${user.upn}.`);
  if (method === 'GET') {
    sendJson(res, 200, toGraphMessage(message));
    return true;
  }
  if (method === 'PATCH') {
    const body = await readValid(req, patchSchema);
    const { folder, ...change } = body;
    const destination = folder !== undefined ? folderOf(mailbox, folder) : undefined;
    if (Object.values(change).some((v) => v !== undefined)) mailbox.update(message, change);
    if (destination) mailbox.move(message, destination);
    sendJson(res, 200, toGraphMessage(message));
    return true;
  }
  if (method === 'DELETE') {
    // As another client would: to Deleted Items; ?hard=true removes it for good.
    const hard = new URL(req.url ?? '/', 'http://x').searchParams.get('hard') === 'true';
    if (hard) mailbox.purge(message);
    else mailbox.delete(message);
    res.writeHead(204).end();
    return true;
  }
  return false;
}
