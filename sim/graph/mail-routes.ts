// Mail routes: folders, message list/get/update/delete/move/reply, sendMail.
// https://learn.microsoft.com/graph/api/resources/message (each operation's page linked below).
import { z } from 'zod';
import type { MailFolder } from '@microsoft/microsoft-graph-types';
import { GraphError, noContent, ok, type GraphCall, type GraphResult } from './graph-call.ts';
import type { Mailbox, SimMailFolder, SimMessage } from './mailbox.ts';
import { MESSAGE_PROPERTIES, toGraphMessage } from './message-shape.ts';
import { applySelect, parseNonNegativeInt, parsePrefer, parseSelect } from './odata.ts';
import { preferenceApplied } from './mail-delta.ts';
import { requireScope } from './scopes.ts';

export function findFolder(mailbox: Mailbox, idOrName: string): SimMailFolder {
  const folder = mailbox.folder(idOrName);
  if (!folder) throw new GraphError(404, 'ErrorInvalidIdMalformed', 'Id is malformed.');
  return folder;
}

export function findMessage(mailbox: Mailbox, id: string): SimMessage {
  const message = mailbox.messages.get(id);
  if (!message) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  return message;
}

export const FOLDER_PROPERTIES: ReadonlySet<string> = new Set([
  'id', 'displayName', 'parentFolderId', 'childFolderCount', 'unreadItemCount', 'totalItemCount', 'sizeInBytes', 'isHidden',
]);

export function folderJson(folder: SimMailFolder, baseUrl: string, version: string): MailFolder & Record<string, unknown> {
  return {
    '@odata.context': `${baseUrl}/${version}/$metadata#users('me')/mailFolders/$entity`,
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: 'AQMkADroot',
    childFolderCount: 0,
    unreadItemCount: folder.unread,
    totalItemCount: folder.messages.length,
    sizeInBytes: folder.messages.length * 4096,
    isHidden: false,
  };
}

/** GET …/messages and …/mailFolders/{id}/messages: $top, $skip, $select, $orderby=receivedDateTime desc. */
export function listMessages(call: GraphCall, mailbox: Mailbox, folder: SimMailFolder | undefined, baseUrl: string): GraphResult {
  const prefer = parsePrefer(call.headers['prefer']);
  const select = parseSelect(call.query.get('$select'), MESSAGE_PROPERTIES, 'microsoft.graph.message');
  const orderBy = call.query.get('$orderby');
  if (orderBy !== null && !/^\s*receivedDateTime(\s+(desc|asc))?\s*$/i.test(orderBy)) {
    throw new GraphError(400, 'ErrorInvalidUrlQuery', 'The simulator orders messages by receivedDateTime only.');
  }
  const ascending = orderBy !== null && /\basc\s*$/i.test(orderBy);
  const top = Math.min(parseNonNegativeInt(call.query.get('$top'), '$top', prefer.maxPageSize ?? 10), 1000);
  const skip = parseNonNegativeInt(call.query.get('$skip'), '$skip', 0);
  // Without a folder: the whole mailbox (Graph's /me/messages), newest first.
  const source: readonly SimMessage[] = folder
    ? folder.messages
    : [...mailbox.messages.values()].sort((a, b) => a.receivedMs - b.receivedMs || (a.id < b.id ? -1 : 1));
  const page: SimMessage[] = [];
  for (let k = skip; k < skip + top && k < source.length; k++) {
    page.push(source[ascending ? k : source.length - 1 - k] as SimMessage);
  }
  const body: Record<string, unknown> = {
    '@odata.context': `${baseUrl}/${call.version}/$metadata#users('${call.caller?.id ?? ''}')/messages`,
    value: page.map((m) => applySelect(toGraphMessage(m), select)),
  };
  if (skip + top < source.length) {
    const next = new URLSearchParams(call.query);
    next.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${baseUrl}${call.rawPath}?${next.toString()}`;
  }
  return ok(body, 200, preferenceApplied(prefer.immutableId));
}

export function getMessage(call: GraphCall, mailbox: Mailbox, id: string): GraphResult {
  const prefer = parsePrefer(call.headers['prefer']);
  const select = parseSelect(call.query.get('$select'), MESSAGE_PROPERTIES, 'microsoft.graph.message');
  return ok(applySelect(toGraphMessage(findMessage(mailbox, id)), select), 200, preferenceApplied(prefer.immutableId));
}

const patchSchema = z
  .object({
    isRead: z.boolean().optional(),
    flag: z.object({ flagStatus: z.enum(['notFlagged', 'flagged', 'complete']) }).passthrough().optional(),
    categories: z.array(z.string()).optional(),
    importance: z.enum(['low', 'normal', 'high']).optional(),
    inferenceClassification: z.enum(['focused', 'other']).optional(),
  })
  .strict();

/** PATCH https://learn.microsoft.com/graph/api/message-update */
export function updateMessage(call: GraphCall, mailbox: Mailbox, id: string): GraphResult {
  requireScope(call, 'mailWrite');
  const parsed = patchSchema.safeParse(call.body);
  if (!parsed.success) throw new GraphError(400, 'ErrorInvalidRequest', `Invalid message update: ${parsed.error.issues[0]?.message ?? 'bad body'}`);
  const message = findMessage(mailbox, id);
  const { flag, ...rest } = parsed.data;
  mailbox.update(message, { ...rest, ...(flag ? { flagStatus: flag.flagStatus } : {}) });
  return ok(toGraphMessage(message));
}

/** DELETE moves the message to Deleted Items (https://learn.microsoft.com/graph/api/message-delete). */
export function deleteMessage(call: GraphCall, mailbox: Mailbox, id: string): GraphResult {
  requireScope(call, 'mailWrite');
  mailbox.delete(findMessage(mailbox, id));
  return noContent();
}

const moveSchema = z.object({ destinationId: z.string().min(1) });

/** POST …/move → 201 with the moved message; the immutable id stays the same. */
export function moveMessage(call: GraphCall, mailbox: Mailbox, id: string): GraphResult {
  requireScope(call, 'mailWrite');
  const parsed = moveSchema.safeParse(call.body);
  if (!parsed.success) throw new GraphError(400, 'ErrorInvalidRequest', 'destinationId is required.');
  const message = findMessage(mailbox, id);
  mailbox.move(message, findFolder(mailbox, parsed.data.destinationId));
  return ok(toGraphMessage(message), 201);
}

const replySchema = z.object({ comment: z.string().optional(), message: z.unknown().optional() });

/** POST …/reply → 202; the reply lands in Sent Items. */
export function replyToMessage(call: GraphCall, mailbox: Mailbox, id: string, nowMs: number): GraphResult {
  requireScope(call, 'mailSend');
  const parsed = replySchema.safeParse(call.body ?? {});
  if (!parsed.success) throw new GraphError(400, 'ErrorInvalidRequest', 'comment must be a string.');
  const original = findMessage(mailbox, id);
  mailbox.add(
    {
      subject: /^re:/i.test(original.subject) ? original.subject : `RE: ${original.subject}`,
      from: mailbox.owner,
      to: [original.from],
      bodyHtml: `<html><body><p>${parsed.data.comment ?? ''}</p></body></html>`,
      receivedMs: nowMs,
      isRead: true,
    },
    mailbox.wellKnown('sentitems'),
  );
  return noContent(202);
}

const recipientSchema = z.object({ emailAddress: z.object({ address: z.string().min(1), name: z.string().optional() }) });
export const sendMailSchema = z.object({
  message: z.object({
    subject: z.string().default(''),
    body: z.object({ contentType: z.string().optional(), content: z.string() }).optional(),
    toRecipients: z.array(recipientSchema).min(1),
    importance: z.enum(['low', 'normal', 'high']).optional(),
  }),
  saveToSentItems: z.boolean().optional(),
});
export type SendMailBody = z.infer<typeof sendMailSchema>;

/** POST /me/sendMail → 202 (https://learn.microsoft.com/graph/api/user-sendmail). */
export function sendMail(call: GraphCall, mailbox: Mailbox, nowMs: number, deliver: (body: SendMailBody) => void): GraphResult {
  requireScope(call, 'mailSend');
  const parsed = sendMailSchema.safeParse(call.body);
  if (!parsed.success) throw new GraphError(400, 'ErrorInvalidRecipients', 'At least one recipient is required, but none were found.');
  const { message } = parsed.data;
  if (parsed.data.saveToSentItems !== false) {
    mailbox.add(
      {
        subject: message.subject,
        from: mailbox.owner,
        to: message.toRecipients.map((r) => ({ name: r.emailAddress.name ?? r.emailAddress.address, address: r.emailAddress.address })),
        bodyHtml: message.body?.content ?? '',
        receivedMs: nowMs,
        isRead: true,
      },
      mailbox.wellKnown('sentitems'),
    );
  }
  deliver(parsed.data);
  return noContent(202);
}
