// A SimMessage as Graph's JSON (https://learn.microsoft.com/graph/api/resources/message),
// typed with @microsoft/microsoft-graph-types.
import type { Message } from '@microsoft/microsoft-graph-types';
import type { SimMessage } from './mailbox.ts';

/** Graph's webLink points at Outlook on the web (https), never at the API host. */
export const OUTLOOK_ON_THE_WEB = 'https://outlook.office365.com';

export const MESSAGE_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'receivedDateTime',
  'sentDateTime',
  'hasAttachments',
  'internetMessageId',
  'subject',
  'bodyPreview',
  'importance',
  'parentFolderId',
  'conversationId',
  'isDeliveryReceiptRequested',
  'isReadReceiptRequested',
  'isRead',
  'isDraft',
  'webLink',
  'inferenceClassification',
  'body',
  'uniqueBody',
  'sender',
  'from',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'flag',
]);

/** Graph's timestamps on messages: ISO with whole seconds and Z. */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function messageBodyHtml(message: SimMessage): string {
  return (
    message.bodyHtml ??
    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><p>${escapeHtml(message.subject)}</p><p>Sent by ${escapeHtml(message.from.name)}.</p></body></html>`
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

export function bodyPreview(html: string): string {
  const text = html
    .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text.slice(0, 255);
}

export function changeKey(id: string, version: number): string {
  return `CQAAABYAAAD${Buffer.from(`${id.slice(-12)}:${version}`).toString('base64url')}`;
}

const recipient = (a: { name: string; address: string }) => ({ emailAddress: { name: a.name, address: a.address } });

export function toGraphMessage(message: SimMessage): Message & Record<string, unknown> {
  const html = messageBodyHtml(message);
  const key = changeKey(message.id, message.version);
  return {
    '@odata.etag': `W/"${key}"`,
    id: message.id,
    createdDateTime: graphTimestamp(message.receivedMs),
    lastModifiedDateTime: graphTimestamp(message.modifiedMs ?? message.receivedMs),
    changeKey: key,
    categories: message.categories,
    receivedDateTime: graphTimestamp(message.receivedMs),
    sentDateTime: graphTimestamp(message.receivedMs - 2_000),
    hasAttachments: message.hasAttachments,
    internetMessageId: `<${message.id.slice(-16)}@sim.example>`,
    subject: message.subject,
    bodyPreview: bodyPreview(html),
    importance: message.importance,
    parentFolderId: message.folderId,
    conversationId: `AAQkAD${message.id.slice(6, 30)}`,
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: message.isRead,
    isDraft: message.isDraft,
    webLink: `${OUTLOOK_ON_THE_WEB}/owa/?ItemID=${encodeURIComponent(message.id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    inferenceClassification: message.inferenceClassification,
    body: { contentType: 'html', content: html },
    sender: recipient(message.from),
    from: recipient(message.from),
    toRecipients: message.to.map(recipient),
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: message.flagStatus },
  };
}
