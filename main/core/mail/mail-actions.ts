// What the user can do to a message from the popup or a notification. Everything goes through
// the account's GraphClient. Bodies are fetched here, only when a message is opened (the sync
// never asks for them); the HTML is returned raw and must be sanitized by the renderer path.
// https://learn.microsoft.com/graph/api/message-get, message-update, message-move,
// message-delete, message-reply
import { z } from 'zod';
import { WritePermissionRequiredError } from '../accounts/auth-errors.ts';
import type { WriteAction } from '../accounts/scopes.ts';
import type { GraphClient } from '../graph/graph-client.ts';
import { GraphError } from '../graph/graph-errors.ts';
import { MAIL_SELECT, type MailAddress, type MailItem } from './mail-item.ts';
import { deltaEntrySchema, toMailItem } from './graph-message.ts';

/** The mail actions that need a write permission (a subset of the accounts' WriteAction). */
export type MailActionName = Extract<WriteAction, 'markRead' | 'setFlag' | 'archive' | 'delete' | 'reply'>;

export interface MessageBody {
  contentType: 'html' | 'text';
  /** Untrusted: sanitize before rendering. */
  content: string;
}

export interface OpenedMessage {
  item: MailItem;
  body: MessageBody;
  toRecipients: MailAddress[];
  ccRecipients: MailAddress[];
}

const recipientsSchema = z
  .array(z.object({ emailAddress: z.object({ name: z.string().nullish(), address: z.string().nullish() }).nullish() }))
  .nullish();

const openedSchema = z.looseObject({
  body: z.object({ contentType: z.string().optional(), content: z.string().nullish() }).nullish(),
  toRecipients: recipientsSchema,
  ccRecipients: recipientsSchema,
});

const OPEN_SELECT = [...MAIL_SELECT, 'body', 'toRecipients', 'ccRecipients'].join(',');

export interface MailActionsOptions {
  client: GraphClient;
  /** The account was granted read-only scopes: write actions throw WritePermissionRequiredError before calling Graph. */
  readOnly: boolean;
}

export class MailActions {
  private readonly client: GraphClient;
  private readonly readOnly: boolean;

  constructor(options: MailActionsOptions) {
    this.client = options.client;
    this.readOnly = options.readOnly;
  }

  async getMessage(id: string): Promise<OpenedMessage> {
    const raw = await this.client.request({ method: 'GET', url: `${messagePath(id)}?$select=${OPEN_SELECT}` });
    const entry = deltaEntrySchema.safeParse(raw);
    const extra = openedSchema.safeParse(raw);
    const item = entry.success ? toMailItem(entry.data) : null;
    if (!item || !extra.success) {
      throw new GraphError({ kind: 'malformedResponse', code: 'malformedResponse', message: 'A message without the documented shape' });
    }
    const body = extra.data.body;
    return {
      item,
      body: { contentType: body?.contentType?.toLowerCase() === 'text' ? 'text' : 'html', content: body?.content ?? '' },
      toRecipients: toAddresses(extra.data.toRecipients),
      ccRecipients: toAddresses(extra.data.ccRecipients),
    };
  }

  async markRead(id: string, isRead: boolean): Promise<void> {
    await this.write('markRead', { method: 'PATCH', url: messagePath(id), body: { isRead } });
  }

  async setFlag(id: string, flagged: boolean): Promise<void> {
    await this.write('setFlag', { method: 'PATCH', url: messagePath(id), body: { flag: { flagStatus: flagged ? 'flagged' : 'notFlagged' } } });
  }

  /** Moves to the well-known "archive" folder. With immutable ids the id stays the same. */
  async archive(id: string): Promise<void> {
    await this.write('archive', { method: 'POST', url: `${messagePath(id)}/move`, body: { destinationId: 'archive' } });
  }

  /** DELETE moves the message to Deleted Items, as Outlook does. */
  async delete(id: string): Promise<void> {
    await this.write('delete', { method: 'DELETE', url: messagePath(id) });
  }

  async reply(id: string, comment: string): Promise<void> {
    await this.write('reply', { method: 'POST', url: `${messagePath(id)}/reply`, body: { comment } });
  }

  private async write(action: MailActionName, req: Parameters<GraphClient['request']>[0]): Promise<void> {
    if (this.readOnly) throw new WritePermissionRequiredError(this.client.accountId, action);
    try {
      await this.client.request(req);
    } catch (error) {
      // A token without the write scope (Mail.ReadWrite, or Mail.Send for reply) gets 403
      // ErrorAccessDenied: https://learn.microsoft.com/graph/permissions-reference
      if (error instanceof GraphError && error.status === 403) throw new WritePermissionRequiredError(this.client.accountId, action);
      throw error;
    }
  }
}

/**
 * The "open in Outlook on the web" link. Graph's webLink is used when it is an https URL;
 * otherwise (missing or odd) the item's id opens it in Outlook on the web directly.
 */
export function webLink(item: Pick<MailItem, 'id' | 'webLink'>, outlookOrigin = 'https://outlook.office.com'): string {
  try {
    const url = new URL(item.webLink);
    if (url.protocol === 'https:') return url.toString();
  } catch {
    // fall through to the constructed link
  }
  return `${outlookOrigin}/mail/inbox/id/${encodeURIComponent(item.id)}`;
}

export function messagePath(id: string): string {
  if (id.length === 0) throw new TypeError('A message id is required');
  return `/me/messages/${encodeURIComponent(id)}`;
}

function toAddresses(list: z.infer<typeof recipientsSchema>): MailAddress[] {
  const out: MailAddress[] = [];
  for (const r of list ?? []) {
    const address = r.emailAddress?.address ?? '';
    const name = r.emailAddress?.name ?? address;
    if (address || name) out.push({ name, address });
  }
  return out;
}
